import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { CassandraModule } from './infrastructure/cassandra/cassandra.module';
import { MinioModule } from './infrastructure/minio/minio.module';
import { Neo4jModule } from './infrastructure/neo4j/neo4j.module';
import { PostgresModule } from './infrastructure/postgres/postgres.module';
import { RedisModule } from './infrastructure/redis/redis.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    PostgresModule,
    CassandraModule,
    Neo4jModule,
    RedisModule,
    MinioModule,
    HealthModule,
  ],
})
export class AppModule {}
