import { Inject, Injectable } from '@nestjs/common';
import { type DateTime, type Driver } from 'neo4j-driver';
import { isoString } from '../infrastructure/neo4j/date-time';
import { readGraphPage } from '../infrastructure/neo4j/graph-page';
import { NEO4J_DRIVER } from '../infrastructure/neo4j/neo4j.module';
import { StoreOperations } from '../infrastructure/store-operations';
import { type MembershipDto } from './membership.dto';

// Both lists start from the id uniqueness constraint's index and walk MEMBER_OF edges. What they
// return is read once, and rows deleted meanwhile, read as nulls, are left out (graph-page.ts).
const MEMBERS_OF = `
  MATCH (user:User)-[membership:MEMBER_OF]->(:Group {id: $groupId})
  WITH user.id AS userId, membership.role AS role, membership.since AS since
  WHERE userId IS NOT NULL AND role IS NOT NULL AND since IS NOT NULL
    AND ($after IS NULL OR userId > $after)
  RETURN $groupId AS groupId, userId, role, since
  ORDER BY userId
  LIMIT $limit`;

const GROUPS_OF = `
  MATCH (:User {id: $userId})-[membership:MEMBER_OF]->(group:Group)
  WITH group.id AS groupId, membership.role AS role, membership.since AS since
  WHERE groupId IS NOT NULL AND role IS NOT NULL AND since IS NOT NULL
    AND ($after IS NULL OR groupId > $after)
  RETURN groupId, $userId AS userId, role, since
  ORDER BY groupId
  LIMIT $limit`;

/**
 * Who belongs to which group, as Neo4j holds it: the relay copies every membership written to
 * PostgreSQL here (graph-sync), so these lists follow the writes by one relay round.
 */
@Injectable()
export class MembershipGraphRepository {
  constructor(
    @Inject(NEO4J_DRIVER) private readonly driver: Driver,
    private readonly store: StoreOperations,
  ) {}

  /** Up to `limit` members of the group in user id order, after the user `afterUserId` if given. */
  membersOf(groupId: string, afterUserId: string | undefined, limit: number): Promise<MembershipDto[]> {
    return this.list('membership-list-members', MEMBERS_OF, { groupId, after: afterUserId ?? null, limit });
  }

  /** Up to `limit` memberships of the user in group id order, after the group `afterGroupId` if given. */
  groupsOf(userId: string, afterGroupId: string | undefined, limit: number): Promise<MembershipDto[]> {
    return this.list('membership-list-groups', GROUPS_OF, { userId, after: afterGroupId ?? null, limit });
  }

  private async list(
    operation: string,
    cypher: string,
    params: Record<string, unknown> & { limit: number },
  ): Promise<MembershipDto[]> {
    const records = await readGraphPage(this.store, this.driver, operation, cypher, params);
    return records.map((record) => ({
      groupId: record.get('groupId') as string,
      userId: record.get('userId') as string,
      role: record.get('role') as MembershipDto['role'],
      since: isoString(record.get('since') as DateTime<number>),
    }));
  }
}
