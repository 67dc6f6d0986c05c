import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type MemberRole } from '../outbox/outbox-event';

/** A user's membership of a group; the owner is always a member, with the owner role. */
@Entity({ name: 'group_members' })
export class GroupMemberEntity {
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId!: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @Column('text') role!: MemberRole;
  @Column('timestamptz') since!: Date;
}
