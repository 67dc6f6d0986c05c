import { ApiProperty } from '@nestjs/swagger';

export class FriendDto {
  @ApiProperty({ format: 'uuid', description: 'The friend’s user id' })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'When the two users became friends' })
  since!: string;
}

export class MutualFriendDto {
  @ApiProperty({ format: 'uuid', description: 'A user who is friends with both' })
  id!: string;
}

export class SuggestionDto {
  @ApiProperty({ format: 'uuid', description: 'A friend of a friend who is not yet a friend' })
  id!: string;

  @ApiProperty({ minimum: 1, description: 'How many friends the user and the suggested user share' })
  mutualFriends!: number;
}
