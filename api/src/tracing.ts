// The first import of main.ts: the instrumentations patch http, pg, ioredis and cassandra-driver
// only if they are loaded after the SDK has started.
import { startTracing } from './tracing/tracing-lifecycle';

startTracing();
