import { Global, Module } from '@nestjs/common';
import { CassandraModule } from './cassandra/cassandra.module';
import { MinioModule } from './minio/minio.module';
import { Neo4jModule } from './neo4j/neo4j.module';
import { PostgresModule } from './postgres/postgres.module';
import { PostgresTransactions } from './postgres/postgres-transactions';
import { RedisModule } from './redis/redis.module';
import { StoreOperations } from './store-operations';

/** The five store clients and the instrumented ways features call them. */
@Global()
@Module({
  imports: [PostgresModule, CassandraModule, Neo4jModule, RedisModule, MinioModule],
  providers: [StoreOperations, PostgresTransactions],
  exports: [StoreOperations, PostgresTransactions],
})
export class InfrastructureModule {}
