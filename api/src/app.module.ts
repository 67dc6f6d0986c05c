import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    InfrastructureModule,
    OutboxModule,
    HealthModule,
    // Feature modules: one line each.
  ],
})
export class AppModule {}
