import { Client } from 'minio';
import { type AppConfig } from '../../config/app-config';
import { transportWithDeadline } from './deadline-transport';

/**
 * A MinIO client whose bucket exists: created if missing. Shared with the seeder; replicas and
 * seed Jobs starting together may race to create it, and that is fine.
 */
export async function connectWithBucket(config: AppConfig): Promise<Client> {
  const client = new Client({
    endPoint: config.STORAGE_ENDPOINT,
    port: config.STORAGE_PORT,
    useSSL: config.STORAGE_USE_SSL,
    accessKey: config.STORAGE_ACCESS_KEY,
    secretKey: config.STORAGE_SECRET_KEY,
    // On a 5xx, minio-js sends the request again with the same body, and an upload's body is a
    // stream that is consumed by then. MinIO's 5xx become the API's 503 (store-unavailability).
    retryOptions: { disableRetry: true },
    transport: transportWithDeadline(config.STORAGE_USE_SSL, config.STORE_TIMEOUT_MS),
  });
  if (await client.bucketExists(config.STORAGE_BUCKET)) return client;
  try {
    await client.makeBucket(config.STORAGE_BUCKET);
  } catch (error) {
    if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
  }
  return client;
}
