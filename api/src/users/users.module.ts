import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { DeletedUsersRepository } from './deleted-users.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users in PostgreSQL; other features check users exist with UsersRepository.findExistingIds,
 * and guard their writes against a racing deletion with DeletedUsersRepository.
 */
@Module({
  imports: [CacheModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, DeletedUsersRepository],
  exports: [UsersRepository, UsersService, DeletedUsersRepository],
})
export class UsersModule {}
