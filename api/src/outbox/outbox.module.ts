import { Global, Module } from '@nestjs/common';
import { OutboxBacklogMetrics } from './outbox-backlog.metrics';
import { OutboxHandlers } from './outbox-handlers';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { OutboxRepository } from './outbox.repository';

@Global()
@Module({
  providers: [OutboxHandlers, OutboxWriter, OutboxRelay, OutboxRepository, OutboxBacklogMetrics],
  exports: [OutboxHandlers, OutboxWriter],
})
export class OutboxModule {}
