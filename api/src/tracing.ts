// Imported by main.ts before anything that loads a driver (only ./buffer-collection and
// ./source-maps come first): the instrumentations patch http, pg, ioredis and cassandra-driver
// only if they are loaded after the SDK has started.
import { startTracing } from './tracing/tracing-lifecycle';

startTracing();
