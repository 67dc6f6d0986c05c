import { type NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** Whether OTLP export is configured; without an endpoint, tracing stays entirely off. */
export function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts tracing when it is configured. The SDK and its instrumentations (some 40 MB of a
 * process' memory) are loaded only then, and synchronously: the instrumentations patch the
 * drivers as those load, so this must run before anything requires them.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || !tracingConfigured(env)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  sdk = startSdk(env);
}

/** Flushes the spans still buffered and stops exporting; nothing to do when tracing is off. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
