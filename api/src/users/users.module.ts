import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users in PostgreSQL; other features check users exist with UsersRepository.findExistingIds. */
@Module({
  imports: [CacheModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService],
  exports: [UsersRepository, UsersService],
})
export class UsersModule {}
