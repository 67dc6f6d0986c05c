import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracing-lifecycle';

/**
 * Exports the last spans once the HTTP server has closed and the background work (the outbox
 * relay, the orphan sweep) has stopped; the store clients close after it, which makes no span.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

@Module({ providers: [TracingShutdown] })
export class TracingModule {}
