import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Client } from 'minio';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { connectWithBucket } from './minio-client';

/** Name of the bucket that holds every file the API stores. */
export const STORAGE_BUCKET = Symbol('STORAGE_BUCKET');

@Injectable()
export class MinioProbe implements StoreProbe {
  readonly store = 'minio';
  constructor(
    private readonly client: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
  ) {}

  async ping(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) throw new Error(`bucket ${this.bucket} is missing`);
  }
}

// The MinIO client is plain HTTP with keep-alive agents and holds nothing that needs closing.
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<Client> => connectWithBucket(config),
    },
    {
      provide: STORAGE_BUCKET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => config.STORAGE_BUCKET,
    },
    MinioProbe,
  ],
  exports: [Client, STORAGE_BUCKET, MinioProbe],
})
export class MinioModule {}
