import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

/** A span as OTLP/HTTP JSON carries it, reduced to what the tests look at. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  serviceName: unknown;
}

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}
interface ExportRequest {
  resourceSpans: {
    resource: { attributes: KeyValue[] };
    scopeSpans: {
      spans: (Omit<ReceivedSpan, 'attributes' | 'serviceName'> & { attributes?: KeyValue[] })[];
    }[];
  }[];
}

// An OTLP AnyValue holds exactly one of stringValue, intValue, boolValue...
const attributesOf = (pairs: KeyValue[] = []) =>
  Object.fromEntries(pairs.map(({ key, value }) => [key, Object.values(value)[0]]));

/**
 * A trace collector for tests: accepts OTLP/HTTP JSON exports (OTEL_EXPORTER_OTLP_PROTOCOL=
 * http/json) on 127.0.0.1 and keeps every span it is sent.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server.close();
    this.server.closeAllConnections();
    await once(this.server, 'close').catch(() => undefined);
  }

  private receive(request: ExportRequest): void {
    for (const { resource, scopeSpans } of request.resourceSpans) {
      const serviceName = attributesOf(resource.attributes)['service.name'];
      for (const { spans } of scopeSpans) {
        for (const span of spans)
          this.spans.push({ ...span, attributes: attributesOf(span.attributes), serviceName });
      }
    }
  }
}
