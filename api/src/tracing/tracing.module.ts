import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracing-lifecycle';

/** Exports the last spans once the server and the store clients have closed. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

@Module({ providers: [TracingShutdown] })
export class TracingModule {}
