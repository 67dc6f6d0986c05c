import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Client } from 'minio';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';

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

/** Creates the bucket if missing; replicas starting together may race, and that is fine. */
async function ensureBucket(client: Client, bucket: string): Promise<void> {
  if (await client.bucketExists(bucket)) return;
  try {
    await client.makeBucket(bucket);
  } catch (error) {
    if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
  }
}

// The MinIO client is plain HTTP with keep-alive agents and holds nothing that needs closing.
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Client> => {
        const client = new Client({
          endPoint: config.STORAGE_ENDPOINT,
          port: config.STORAGE_PORT,
          useSSL: config.STORAGE_USE_SSL,
          accessKey: config.STORAGE_ACCESS_KEY,
          secretKey: config.STORAGE_SECRET_KEY,
        });
        await ensureBucket(client, config.STORAGE_BUCKET);
        return client;
      },
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
