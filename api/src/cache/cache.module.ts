import { Module } from '@nestjs/common';
import { CacheAside } from './cache-aside';

@Module({
  providers: [CacheAside],
  exports: [CacheAside],
})
export class CacheModule {}
