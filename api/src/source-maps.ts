import { setSourceMapsSupport } from 'node:module';

// Stack traces name the API's own TypeScript lines. The dependencies' maps are left out
// (`--enable-source-maps` loads them all): they held 11 MB of heap, and every stack trace the
// Neo4j driver captures per query was mapped through them.
setSourceMapsSupport(true, { nodeModules: false });
