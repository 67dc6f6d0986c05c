// V8's buffer collection before anything allocates; source maps before any of our modules
// loads; tracing next: it must patch the drivers before anything requires them.
import './buffer-collection';
import './source-maps';
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { type AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.PORT, config.HOST);
  // With PORT=0 this is the one place that tells which port the system picked.
  new Logger('Bootstrap').log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  console.error('summer-trip-api failed to start:', error);
  process.exit(1);
});
