import { Inject, Injectable } from '@nestjs/common';
import { type Driver, type Record as Neo4jRecord } from 'neo4j-driver';
import { NEO4J_DRIVER } from '../infrastructure/neo4j/neo4j.module';
import { graphTransactionConfig } from '../infrastructure/neo4j/query-config';
import { StoreOperations } from '../infrastructure/store-operations';
import { type OutboxEventOf } from '../outbox/outbox-event';

/**
 * The graph's copy of users, groups and memberships. Every write is idempotent (MERGE, DETACH
 * DELETE), so an event delivered twice leaves the graph as once.
 */
@Injectable()
export class GraphSyncRepository {
  constructor(
    @Inject(NEO4J_DRIVER) private readonly driver: Driver,
    private readonly store: StoreOperations,
  ) {}

  async mergeUser(userId: string): Promise<void> {
    await this.write('graph-merge-user', 'MERGE (:User {id: $userId})', { userId });
  }

  /** Their friendships and memberships go with them; answers the ids of the users' friends. */
  async deleteUsers(userIds: string[]): Promise<string[]> {
    const records = await this.write(
      'graph-delete-users',
      `MATCH (user:User) WHERE user.id IN $userIds
       OPTIONAL MATCH (user)-[:FRIEND]-(friend:User)
       WITH user, collect(friend.id) AS friends
       DETACH DELETE user
       RETURN friends`,
      { userIds },
    );
    return records.flatMap((record) => record.get('friends') as string[]);
  }

  async mergeGroup(groupId: string): Promise<void> {
    await this.write('graph-merge-group', 'MERGE (:Group {id: $groupId})', { groupId });
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.write('graph-delete-group', 'MATCH (group:Group {id: $groupId}) DETACH DELETE group', {
      groupId,
    });
  }

  /** Merges the nodes too: events apply in order, so they exist unless deleted later anyway. */
  async mergeMembership({ groupId, userId, role, since }: OutboxEventOf<'membership.added'>): Promise<void> {
    await this.write(
      'graph-merge-membership',
      `MERGE (user:User {id: $userId})
       MERGE (group:Group {id: $groupId})
       MERGE (user)-[membership:MEMBER_OF]->(group)
       SET membership.role = $role, membership.since = datetime($since)`,
      { groupId, userId, role, since },
    );
  }

  async deleteMembership({ groupId, userId }: OutboxEventOf<'membership.removed'>): Promise<void> {
    await this.write(
      'graph-delete-membership',
      'MATCH (:User {id: $userId})-[membership:MEMBER_OF]->(:Group {id: $groupId}) DELETE membership',
      { groupId, userId },
    );
  }

  /**
   * One auto-commit query: a failure goes straight back to the relay, whose backoff retries the
   * event (the driver itself retries nothing, neo4j-client.ts).
   */
  private async write(
    operation: string,
    cypher: string,
    parameters: Record<string, unknown>,
  ): Promise<Neo4jRecord[]> {
    return this.store.run('neo4j', operation, async () => {
      const session = this.driver.session();
      try {
        return (await session.run(cypher, parameters, graphTransactionConfig(this.store))).records;
      } finally {
        await session.close();
      }
    });
  }
}
