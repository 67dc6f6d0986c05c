import { Module, type OnModuleInit } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { OutboxHandlers } from '../outbox/outbox-handlers';
import { GraphSyncRepository } from './graph-sync.repository';
import { UserNodeRemoval } from './user-node-removal';

/**
 * Makes Neo4j follow PostgreSQL: users, groups and memberships reach the graph through the
 * outbox. A handler throws while Neo4j is unavailable, so that the relay retries the event.
 */
@Module({
  imports: [CacheModule],
  providers: [GraphSyncRepository, UserNodeRemoval],
  exports: [UserNodeRemoval],
})
export class GraphSyncModule implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly graph: GraphSyncRepository,
    private readonly userNodes: UserNodeRemoval,
  ) {}

  onModuleInit(): void {
    this.handlers.register('user.created', ({ userId }) => this.graph.mergeUser(userId));
    this.handlers.register('user.deleted', ({ userId }) => this.userNodes.remove([userId]));
    this.handlers.register('group.created', ({ groupId }) => this.graph.mergeGroup(groupId));
    this.handlers.register('group.deleted', ({ groupId }) => this.graph.deleteGroup(groupId));
    this.handlers.register('membership.added', (event) => this.graph.mergeMembership(event));
    this.handlers.register('membership.removed', (event) => this.graph.deleteMembership(event));
  }
}
