import { Global, Module } from '@nestjs/common';
import { OutboxHandlers } from './outbox-handlers';

@Global()
@Module({
  providers: [OutboxHandlers],
  exports: [OutboxHandlers],
})
export class OutboxModule {}
