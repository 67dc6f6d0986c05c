import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { FileMetadataRepository } from './file-metadata.repository';
import { FileObjectsRepository } from './file-objects.repository';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { OrphanSweeper } from './orphan-sweeper';
import { TaskClaimsRepository } from './task-claims.repository';
import { UploadReceiver } from './upload-receiver';

/** Files under /storage; the upload route needs registerMultipart (multipart.ts) on the app. */
@Module({
  imports: [UsersModule],
  controllers: [FilesController],
  providers: [
    FilesService,
    UploadReceiver,
    FileMetadataRepository,
    FileObjectsRepository,
    OrphanSweeper,
    TaskClaimsRepository,
  ],
})
export class FilesModule {}
