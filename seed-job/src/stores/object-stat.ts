import { type BucketItemStat, type Client } from 'minio';

/** The object's metadata, or null if there is no such object; any other failure is thrown. */
export async function statIfPresent(
  client: Client,
  bucket: string,
  key: string,
): Promise<BucketItemStat | null> {
  try {
    return await client.statObject(bucket, key);
  } catch (error) {
    // A HEAD answer has no body, so minio-js names a missing object by its status alone.
    if ((error as { code?: string }).code === 'NotFound') return null;
    throw error;
  }
}
