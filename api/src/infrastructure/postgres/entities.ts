import { type EntitySchema } from 'typeorm';
import { FileEntity } from '../../files/file.entity';
import { GroupMemberEntity } from '../../groups/group-member.entity';
import { GroupEntity } from '../../groups/group.entity';
import { OutboxRecord } from '../../outbox/outbox-record.entity';
import { UserEntity } from '../../users/user.entity';

/** Every TypeORM entity the features map; each feature adds its own here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const entities: (Function | EntitySchema)[] = [
  UserEntity,
  GroupEntity,
  GroupMemberEntity,
  OutboxRecord,
  FileEntity,
];
