import { connectWithBucket } from '../../../api/src/infrastructure/minio/minio-client';
import { waitForStore } from '../wait-for-store';
import { minioMark } from './completion-marks';
import { type SeedContext, seedOnce } from './seed-context';

// Small objects: the round trip dominates, so several uploads run at once.
const PARALLEL_UPLOADS = 16;

/**
 * The bytes of every file whose metadata the PostgreSQL phase wrote, under the same key. Putting
 * a key again stores the same bytes, so a resumed run changes nothing.
 */
export async function seedMinio(context: SeedContext): Promise<void> {
  const { dataset, identity, config, waitTimeoutMs, progress } = context;
  const where = `${config.STORAGE_ENDPOINT}:${config.STORAGE_PORT}/${config.STORAGE_BUCKET}`;
  const client = await waitForStore('minio', where, waitTimeoutMs, () => connectWithBucket(config));
  await seedOnce(progress, 'minio', minioMark(client, config.STORAGE_BUCKET, identity), async (stats) => {
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
  });
}
