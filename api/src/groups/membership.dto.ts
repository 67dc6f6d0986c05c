import { ApiProperty } from '@nestjs/swagger';
import { type MemberRole } from '../outbox/outbox-event';
import { type GroupMemberEntity } from './group-member.entity';

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ['owner', 'member'], description: 'The owner is the member who created the group' })
  role!: MemberRole;
  @ApiProperty({ format: 'date-time', description: 'When the user joined' }) since!: string;
}

export function toMembershipDto({ groupId, userId, role, since }: GroupMemberEntity): MembershipDto {
  return { groupId, userId, role, since: since.toISOString() };
}
