import { setFlagsFromString } from 'node:v8';

/**
 * When V8 frees the buffers the API drops. What arrives from a socket (a download read from
 * MinIO, an upload's body, a store's reply) is held in buffers outside V8's heap. V8 runs a
 * young collection for them only once the young ones add up to twice the default size of its
 * young generation, 128 MB on a 64-bit Node; a full collection, which marks the whole heap,
 * starts when they have grown by 64 MB. So every dropped buffer waited for a full collection,
 * and collecting was 55 % of a download's CPU. With this setting a young collection frees them
 * once 8 MB of them has piled up, copying only the few still in use (docs/performance.md). It
 * moves that trigger only: `--max-semi-space-size` still sizes the young generation.
 *
 * Set here because NODE_OPTIONS accepts only a few of V8's flags. V8 reads this one at every
 * buffer allocation, so setting it at start takes effect; buffer-collection.spec.ts checks it.
 */
export const YOUNG_BUFFER_COLLECTION_FLAG = '--scavenger-max-new-space-capacity-mb=2';

setFlagsFromString(YOUNG_BUFFER_COLLECTION_FLAG);
