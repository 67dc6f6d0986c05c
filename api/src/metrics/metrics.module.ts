import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { HttpMetrics } from './http-metrics';
import { StorePoolMetrics } from './store-pool-metrics';

/**
 * Serves the Prometheus registry on its own port, so the API's ingress can never route it.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.registry
        .metrics()
        .then((body) => response.writeHead(200, { 'content-type': this.registry.contentType }).end(body))
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    this.server.listen(this.config.METRICS_PORT, this.config.HOST);
    await once(this.server, 'listening');
    this.logger.log(`metrics on ${this.url}`);
  }

  /** Where the registry is served; with METRICS_PORT=0 the port is the one the system picked. */
  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the metrics server is not listening');
    return `http://${this.config.HOST}:${address.port}/metrics`;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    this.server.close();
    this.server.closeAllConnections();
    await once(this.server, 'close').catch(() => undefined);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: (): Registry => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    MetricsServer,
    HttpMetrics,
    StorePoolMetrics,
  ],
  exports: [Registry, HttpMetrics, MetricsServer],
})
export class MetricsModule {}
