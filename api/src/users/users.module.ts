import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { DeletedUsersRepository } from './deleted-users.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users in PostgreSQL. Other features check users exist with UsersService.exists on hot paths
 * (served from the cache) and UsersRepository.findExistingIds where the write must see
 * PostgreSQL, and guard their writes against a racing deletion with DeletedUsersRepository.
 */
@Module({
  imports: [CacheModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, DeletedUsersRepository],
  exports: [UsersRepository, UsersService, DeletedUsersRepository],
})
export class UsersModule {}
