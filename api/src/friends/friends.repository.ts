import { Inject, Injectable } from '@nestjs/common';
import neo4j, { type DateTime, type Driver } from 'neo4j-driver';
import { isoString } from '../infrastructure/neo4j/date-time';
import { readGraphPage } from '../infrastructure/neo4j/graph-page';
import { graphQueryConfig } from '../infrastructure/neo4j/query-config';
import { NEO4J_DRIVER } from '../infrastructure/neo4j/neo4j.module';
import { StoreOperations } from '../infrastructure/store-operations';
import { type SuggestionPosition } from './suggestion-cursor';

export interface Friend {
  id: string;
  since: string;
}

export interface Suggestion {
  id: string;
  mutualFriends: number;
}

/*
 * FRIEND is symmetric: it is stored once, from the smaller id to the larger, and always matched
 * without a direction. MERGE on the undirected pattern finds an edge whichever way it points,
 * so repeated or concurrent befriends (and the outbox relay that MERGEs the same User nodes)
 * never duplicate anything. Every lookup starts from the User.id uniqueness constraint index.
 * The lists read what they return once, and leave out rows deleted meanwhile, read as nulls
 * (graph-page.ts).
 */
const BEFRIEND = `
  MERGE (low:User {id: $low})
  MERGE (high:User {id: $high})
  MERGE (low)-[friendship:FRIEND]-(high)
    ON CREATE SET friendship.since = datetime($since)
  RETURN friendship.since AS since`;

const UNFRIEND = `
  MATCH (:User {id: $userId})-[friendship:FRIEND]-(:User {id: $friendId})
  DELETE friendship`;

const FRIENDS = `
  MATCH (:User {id: $userId})-[friendship:FRIEND]-(friend:User)
  WITH friend.id AS id, friendship.since AS since
  WHERE id IS NOT NULL AND since IS NOT NULL AND ($after IS NULL OR id > $after)
  RETURN id, since
  ORDER BY id
  LIMIT $limit`;

const MUTUAL_FRIENDS = `
  MATCH (:User {id: $userId})-[:FRIEND]-(mutual:User)-[:FRIEND]-(:User {id: $otherId})
  WITH mutual.id AS id
  WHERE id IS NOT NULL AND ($after IS NULL OR id > $after)
  RETURN id
  ORDER BY id
  LIMIT $limit`;

const SUGGESTIONS = `
  MATCH (me:User {id: $userId})-[:FRIEND]-(friend:User)-[:FRIEND]-(candidate:User)
  WHERE candidate <> me AND NOT EXISTS { (me)-[:FRIEND]-(candidate) }
  WITH candidate.id AS id, count(DISTINCT friend) AS mutualFriends
  WHERE id IS NOT NULL
    AND ($afterCount IS NULL
      OR mutualFriends < $afterCount
      OR (mutualFriends = $afterCount AND id > $afterId))
  RETURN id, mutualFriends
  ORDER BY mutualFriends DESC, id
  LIMIT $limit`;

/** The social graph in Neo4j; the only class that talks to the driver for friendships. */
@Injectable()
export class FriendsRepository {
  constructor(
    @Inject(NEO4J_DRIVER) private readonly driver: Driver,
    private readonly operations: StoreOperations,
  ) {}

  /** Makes the two users friends unless they already are; `created` says which happened. */
  async befriend(
    userId: string,
    friendId: string,
    since: Date,
  ): Promise<{ since: string; created: boolean }> {
    const [low, high] = [userId, friendId].sort();
    const { records, summary } = await this.operations.run('neo4j', 'befriend', () =>
      this.driver.executeQuery(
        BEFRIEND,
        { low, high, since: since.toISOString() },
        graphQueryConfig(this.operations, neo4j.routing.WRITE),
      ),
    );
    return {
      since: isoString(records[0].get('since') as DateTime<number>),
      created: summary.counters.updates().relationshipsCreated > 0,
    };
  }

  /** Removes the friendship if there is one. */
  async unfriend(userId: string, friendId: string): Promise<void> {
    await this.operations.run('neo4j', 'unfriend', () =>
      this.driver.executeQuery(
        UNFRIEND,
        { userId, friendId },
        graphQueryConfig(this.operations, neo4j.routing.WRITE),
      ),
    );
  }

  /** Up to `limit` friends of the user, by id, after `afterId` if given. */
  async friends(userId: string, afterId: string | undefined, limit: number): Promise<Friend[]> {
    const records = await readGraphPage(this.operations, this.driver, 'friends', FRIENDS, {
      userId,
      after: afterId ?? null,
      limit,
    });
    return records.map((record) => ({
      id: record.get('id') as string,
      since: isoString(record.get('since') as DateTime<number>),
    }));
  }

  /** Up to `limit` users who are friends with both, by id, after `afterId` if given. */
  async mutualFriends(
    userId: string,
    otherId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<{ id: string }[]> {
    const records = await readGraphPage(this.operations, this.driver, 'mutual-friends', MUTUAL_FRIENDS, {
      userId,
      otherId,
      after: afterId ?? null,
      limit,
    });
    return records.map((record) => ({ id: record.get('id') as string }));
  }

  /** Friends of friends who are neither the user nor already friends, most mutual friends first. */
  async suggestions(
    userId: string,
    position: SuggestionPosition | undefined,
    limit: number,
  ): Promise<Suggestion[]> {
    const records = await readGraphPage(this.operations, this.driver, 'friend-suggestions', SUGGESTIONS, {
      userId,
      afterCount: position?.mutualFriends ?? null,
      afterId: position?.after ?? null,
      limit,
    });
    return records.map((record) => ({
      id: record.get('id') as string,
      mutualFriends: record.get('mutualFriends') as number,
    }));
  }
}
