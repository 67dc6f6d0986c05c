import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CassandraProbe } from '../infrastructure/cassandra/cassandra.module';
import { MinioProbe } from '../infrastructure/minio/minio.module';
import { Neo4jProbe } from '../infrastructure/neo4j/neo4j.module';
import { PostgresProbe } from '../infrastructure/postgres/postgres.module';
import { RedisProbe } from '../infrastructure/redis/redis.module';
import { type StoreProbe } from '../infrastructure/store-probe';
import { HealthController, STORE_PROBES } from './health.controller';
import { ShutdownGrace } from './shutdown-grace';
import { StoreHealthIndicator } from './store-health.indicator';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [
    StoreHealthIndicator,
    ShutdownGrace,
    {
      provide: STORE_PROBES,
      inject: [PostgresProbe, CassandraProbe, Neo4jProbe, RedisProbe, MinioProbe],
      useFactory: (...probes: StoreProbe[]) => probes,
    },
  ],
})
export class HealthModule {}
