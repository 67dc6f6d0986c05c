import { faker } from './seeded-faker';
import { createHash } from 'node:crypto';
import { type types } from 'cassandra-driver';
import { NOTIFICATION_RETENTION_SECONDS } from '../../api/src/infrastructure/cassandra/schema';
import { directConversationId, seededTimeUuid, seededUuidV7 } from './ids';
import { type SeedPlan } from './options';
import { Random } from './random';
import { edgeCount, preferentialAttachment } from './social-graph';
import { pdfDocument, pngImage } from './file-content';
import { chatLine, notificationText, travelNote } from './travel-text';

const DAY_MS = 24 * 60 * 60 * 1000;
const HISTORY_MS = 365 * DAY_MS;
// Users join during the first ten months, so the last two always have activity.
const JOINING_MS = 300 * DAY_MS;
// Cassandra expires older notifications: a seeded one outside it would be one the API never shows.
const NOTIFICATION_RETENTION_MS = NOTIFICATION_RETENTION_SECONDS * 1000;
// A long conversation stays far below the API's weekly partition bound even in one week.
const MAX_MESSAGES_PER_CONVERSATION = 2_000;

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

export interface SeedGroup {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  createdAt: Date;
}

export interface SeedMembership {
  groupId: string;
  userId: string;
  role: 'owner' | 'member';
  since: Date;
}

/** A friendship as the API stores it: once, from the smaller id to the larger. */
export interface SeedFriendship {
  low: string;
  high: string;
  since: Date;
}

export interface SeedConversation {
  id: string;
  /** Who writes in it, each from when they could (joined the group, became friends). */
  participants: { userId: string; since: Date }[];
}

export interface SeedMessage {
  id: types.TimeUuid;
  senderId: string;
  body: string;
  sentAt: Date;
}

export interface SeedNotification {
  userId: string;
  id: types.TimeUuid;
  type: string;
  message: string;
  data: string;
  read: boolean;
}

export interface SeedFile {
  key: string;
  ownerId: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  createdAt: Date;
}

/**
 * The whole seeded dataset as a function of the plan: every entity is computed from the seed
 * and its index alone (its own PRNG stream, faker re-seeded from it), so each store's phase
 * regenerates exactly the rows the others wrote, and nothing needs to be held in memory.
 */
export class Dataset {
  private readonly start: Date;
  /** --until in few characters (milliseconds in base 36), as an email's local part has 64 at most. */
  private readonly untilTag: string;

  constructor(private readonly plan: SeedPlan) {
    this.start = new Date(plan.until.getTime() - HISTORY_MS);
    this.untilTag = plan.until.getTime().toString(36);
  }

  get sizes(): SeedPlan['sizes'] {
    return this.plan.sizes;
  }

  userJoinedAt(index: number): Date {
    const jitter = new Random(this.plan.seed, 'user-joined', index).next();
    return new Date(this.start.getTime() + Math.floor(((index + jitter) / this.sizes.users) * JOINING_MS));
  }

  userId(index: number): string {
    return seededUuidV7(this.userJoinedAt(index), this.plan.seed, 'user', index);
  }

  user(index: number): SeedUser {
    faker.seed(new Random(this.plan.seed, 'user-profile', index).seed());
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    // A user's id depends on the index, the number of users and --until (join times spread over
    // the users before it), so datasets of one seed differing in these are other sets of users:
    // the email carries all three, so those sets can coexist rather than collide on it. The seed
    // keeps them apart from other seeds' users and from the API's.
    const email = `${emailPart(firstName)}.${emailPart(lastName)}.${index}-of-${this.sizes.users}-${this.untilTag}@seed${this.plan.seed}.example.com`;
    return {
      id: this.userId(index),
      email,
      name: `${firstName} ${lastName}`,
      createdAt: this.userJoinedAt(index),
    };
  }

  *users(): Generator<SeedUser> {
    for (let index = 0; index < this.sizes.users; index++) yield this.user(index);
  }

  private groupBasics(index: number): { ownerIndex: number; createdAt: Date } {
    const random = new Random(this.plan.seed, 'group', index);
    const ownerIndex = random.int(0, this.sizes.users);
    return { ownerIndex, createdAt: random.between(this.userJoinedAt(ownerIndex), this.plan.until) };
  }

  groupId(index: number): string {
    return seededUuidV7(this.groupBasics(index).createdAt, this.plan.seed, 'group', index);
  }

  *groups(): Generator<SeedGroup> {
    for (let index = 0; index < this.sizes.groups; index++) {
      const { ownerIndex, createdAt } = this.groupBasics(index);
      faker.seed(new Random(this.plan.seed, 'group-profile', index).seed());
      const destination = faker.location.city();
      const { name, description } = travelNote.group(destination, createdAt);
      yield { id: this.groupId(index), name, description, ownerId: this.userId(ownerIndex), createdAt };
    }
  }

  /** The owner first, then distinct other users, each joining after the group and themselves exist. */
  memberships(groupIndex: number): SeedMembership[] {
    const { ownerIndex, createdAt } = this.groupBasics(groupIndex);
    const groupId = this.groupId(groupIndex);
    const random = new Random(this.plan.seed, 'group-members', groupIndex);
    const wanted = Math.min(random.geometric(this.sizes.membersPerGroup), this.sizes.users - 1);
    const members = new Set<number>([ownerIndex]);
    while (members.size <= wanted) members.add(random.int(0, this.sizes.users));
    return [...members].map((userIndex) => ({
      groupId,
      userId: this.userId(userIndex),
      role: userIndex === ownerIndex ? 'owner' : 'member',
      since:
        userIndex === ownerIndex
          ? createdAt
          : random.between(later(createdAt, this.userJoinedAt(userIndex)), this.plan.until),
    }));
  }

  *allMemberships(): Generator<SeedMembership> {
    for (let index = 0; index < this.sizes.groups; index++) yield* this.memberships(index);
  }

  /** The social graph, with each edge's place in generation order (which picks its conversation). */
  *friendships(): Generator<SeedFriendship & { index: number }> {
    const { users, friendsPerUser } = this.sizes;
    for (const edge of preferentialAttachment(users, friendsPerUser, this.plan.seed)) {
      const joinedBoth = later(this.userJoinedAt(edge.older), this.userJoinedAt(edge.newer));
      const since = new Random(this.plan.seed, 'friendship', edge.index).between(joinedBoth, this.plan.until);
      const [low, high] = [this.userId(edge.older), this.userId(edge.newer)].sort();
      yield { index: edge.index, low, high, since };
    }
  }

  /** One conversation per group (its id is the group's) and direct ones between some friends. */
  *conversations(): Generator<SeedConversation> {
    for (let index = 0; index < this.sizes.groups; index++) {
      const members = this.memberships(index);
      yield { id: members[0].groupId, participants: members.map(({ userId, since }) => ({ userId, since })) };
    }
    const { users, friendsPerUser, conversations } = this.sizes;
    const share = Math.min(1, conversations / Math.max(1, edgeCount(users, friendsPerUser)));
    for (const { index, low, high, since } of this.friendships()) {
      if (!new Random(this.plan.seed, 'direct-conversation', index).chance(share)) continue;
      yield {
        id: directConversationId(this.plan.seed, low, high),
        participants: [
          { userId: low, since },
          { userId: high, since },
        ],
      };
    }
  }

  messages(conversation: SeedConversation): SeedMessage[] {
    const random = new Random(this.plan.seed, 'messages', conversation.id);
    faker.seed(random.seed());
    const { messagesPerConversation } = this.sizes;
    // At least one message (a conversation is there because someone wrote), unless none are wanted.
    const count =
      messagesPerConversation === 0
        ? 0
        : Math.min(1 + random.geometric(messagesPerConversation - 1), MAX_MESSAGES_PER_CONVERSATION);
    return Array.from({ length: count }, (_, index) => {
      const sender = random.pick(conversation.participants);
      const sentAt = random.between(sender.since, this.plan.until);
      return {
        id: seededTimeUuid(sentAt, this.plan.seed, 'message', conversation.id, index),
        senderId: sender.userId,
        body: chatLine(random),
        sentAt,
      };
    });
  }

  /** Long-tailed counts, within the retention; the older a notification, the likelier it has been read. */
  notifications(userIndex: number): SeedNotification[] {
    const random = new Random(this.plan.seed, 'notifications', userIndex);
    faker.seed(random.seed());
    const userId = this.userId(userIndex);
    const since = later(
      this.userJoinedAt(userIndex),
      new Date(this.plan.until.getTime() - NOTIFICATION_RETENTION_MS),
    );
    const span = this.plan.until.getTime() - since.getTime();
    return Array.from({ length: random.geometric(this.sizes.notificationsPerUser) }, (_, index) => {
      const createdAt = random.between(since, this.plan.until);
      const age = span === 0 ? 0 : (this.plan.until.getTime() - createdAt.getTime()) / span;
      const other = this.user(random.int(0, this.sizes.users));
      const groupIndex = this.sizes.groups > 0 ? random.int(0, this.sizes.groups) : undefined;
      // user() re-seeded faker for the other user's name: back to this notification's stream.
      faker.seed(random.seed());
      const { type, message, data } = notificationText(
        random,
        other,
        groupIndex === undefined ? undefined : this.groupId(groupIndex),
      );
      return {
        userId,
        id: seededTimeUuid(createdAt, this.plan.seed, 'notification', userIndex, index),
        type,
        message,
        data: JSON.stringify(data),
        read: random.chance(0.2 + 0.75 * age),
      };
    });
  }

  file(index: number): SeedFile {
    const random = new Random(this.plan.seed, 'file', index);
    faker.seed(random.seed());
    const ownerIndex = random.int(0, this.sizes.users);
    const createdAt = random.between(this.userJoinedAt(ownerIndex), this.plan.until);
    const kind = random.next();
    const content =
      kind < 0.5
        ? {
            fileName: `IMG_${compactDate(createdAt)}_${random.int(1000, 10_000)}.png`,
            contentType: 'image/png',
            bytes: pngImage(random),
          }
        : kind < 0.8
          ? travelNote.text(faker.location.city())
          : travelNote.pdf(faker.location.city(), pdfDocument);
    return {
      key: seededUuidV7(createdAt, this.plan.seed, 'file', index),
      ownerId: this.userId(ownerIndex),
      ...content,
      sha256: createHash('sha256').update(content.bytes).digest('hex'),
      createdAt,
    };
  }

  *files(): Generator<SeedFile> {
    for (let index = 0; index < this.sizes.files; index++) yield this.file(index);
  }
}

function later(a: Date, b: Date): Date {
  return a > b ? a : b;
}

/** Lower-case ASCII letters of a name: "Zoë O'Brien" gives "zoe" and "obrien". */
function emailPart(name: string): string {
  return (
    name
      .normalize('NFD')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '') || 'user'
  );
}

function compactDate(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}
