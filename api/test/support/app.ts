import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
}

type Env = Record<string, string>;

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

/** startApp with `env` set while it starts (the configuration is read then), and the environment left as it was. */
export async function startAppWith(env: Env): Promise<RunningApp> {
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await startApp();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Starts the app (with `env`, as startAppWith; a function when the values are known only then)
 * before the enclosing describe's tests and closes it after them. What it returns reads the
 * running app when used, so clients made from it at the describe's top level work in its tests.
 * A teardown that needs the app is declared before it: afterAll hooks run in the order declared.
 */
export function useApp(env: Env | (() => Promise<Env>) = {}): RunningApp {
  let started: RunningApp | undefined;
  beforeAll(async () => {
    started = await startAppWith(typeof env === 'function' ? await env() : env);
  });
  afterAll(async () => {
    await started?.app.close();
  });
  const running = (): RunningApp => {
    if (started === undefined) throw new Error('the app is used before its describe started it');
    return started;
  };
  return {
    get app() {
      return running().app;
    },
    get baseUrl() {
      return running().baseUrl;
    },
  };
}
