import { Client } from 'minio';
import { type AppConfig } from '../../../api/src/config/app-config';
import { waitForStore } from '../wait-for-store';
import { type SeedContext } from './seed-context';

// Small objects: the round trip dominates, so several uploads run at once.
const PARALLEL_UPLOADS = 16;

/**
 * The bytes of every file whose metadata the PostgreSQL phase wrote, under the same key. Putting
 * a key again stores the same bytes, so a re-run changes nothing.
 */
export async function seedMinio({ dataset, config, waitTimeoutMs, progress }: SeedContext): Promise<void> {
  const where = `${config.STORAGE_ENDPOINT}:${config.STORAGE_PORT}/${config.STORAGE_BUCKET}`;
  const client = await waitForStore('minio', where, waitTimeoutMs, () => connect(config));
  const stats = progress.begin('minio');
  const uploading = new Set<Promise<void>>();
  for (const file of dataset.files()) {
    const upload = client
      .putObject(config.STORAGE_BUCKET, file.key, file.bytes, file.bytes.length, {
        'Content-Type': file.contentType,
      })
      .then(() => {
        uploading.delete(upload);
        progress.count(stats, 'objects', 1);
      });
    uploading.add(upload);
    // At most this many files in memory and in flight; the first failure ends the phase.
    if (uploading.size >= PARALLEL_UPLOADS) await Promise.race(uploading);
  }
  await Promise.all(uploading);
  progress.end(stats);
}

/** The bucket, created as the API creates it on start if it is missing. */
async function connect(config: AppConfig): Promise<Client> {
  const client = new Client({
    endPoint: config.STORAGE_ENDPOINT,
    port: config.STORAGE_PORT,
    useSSL: config.STORAGE_USE_SSL,
    accessKey: config.STORAGE_ACCESS_KEY,
    secretKey: config.STORAGE_SECRET_KEY,
  });
  if (!(await client.bucketExists(config.STORAGE_BUCKET))) {
    await client.makeBucket(config.STORAGE_BUCKET).catch((error: { code?: string }) => {
      if (error.code !== 'BucketAlreadyOwnedByYou') throw error;
    });
  }
  return client;
}
