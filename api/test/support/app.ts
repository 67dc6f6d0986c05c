import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
}

/** Starts the real application on free ports against the local stores. */
export async function startApp(): Promise<RunningApp> {
  process.env.PORT = '0';
  process.env.METRICS_PORT = '0';
  process.env.LOG_LEVEL ??= 'warn';
  // Tests create many objects quickly from one address: limits are tested where they are set.
  process.env.RATE_LIMIT_MAX ??= '0';
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await app.getUrl() };
}
