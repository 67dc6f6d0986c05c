// MinIO, the S3-compatible object store behind the API's file storage, built from its Go
// module (MinIO publishes no Debian package, and the harness downloads no prebuilt binaries).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { endpoints } from './endpoints.mjs';
import { CACHE_DIR, HOST, apiRequire, commandExists, dataDir, log, run, startDetached } from './lib.mjs';
import { versions } from './versions.mjs';

const { release, module } = versions.minio;
const { port, consolePort, accessKey, secretKey, bucket } = endpoints.minio;
const commit = module.split('-').at(-1);
// The pinned commit is the release plus a few later fixes; MinIO's own `make hotfix` labels such
// a build `<last release tag>.hotfix.<commit>`, and so does this one.
const releaseTag = `${release}.hotfix.${commit}`;
const binary = path.join(CACHE_DIR, `minio-${releaseTag}`, 'bin', 'minio');

// What MinIO's buildscripts/gen-ldflags.go stamps into a release, so `minio --version` and the
// startup banner name the build instead of "DEVELOPMENT.GOGET".
const releaseTime = release.replace(/^RELEASE\./, '').replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, 'T$1:$2:$3Z');
const ldflags = [
  '-s -w',
  `-X github.com/minio/minio/cmd.Version=${releaseTime}`,
  `-X github.com/minio/minio/cmd.ReleaseTag=${releaseTag}`,
  `-X github.com/minio/minio/cmd.CommitID=${commit}`,
  `-X github.com/minio/minio/cmd.ShortCommitID=${commit}`,
  `-X github.com/minio/minio/cmd.CopyrightYear=${releaseTime.slice(0, 4)}`,
].join(' ');

/** The API's own S3 client, so the probe proves what the API needs: signed S3 calls answer. */
function client() {
  const { Client } = apiRequire('minio');
  return new Client({ endPoint: HOST, port, useSSL: false, accessKey, secretKey });
}

export default {
  name: 'minio',
  version: releaseTag,
  address: `${HOST}:${port}`,
  startTimeoutMs: 60_000,

  async install() {
    if (existsSync(binary)) return;
    if (!commandExists('go'))
      throw new Error('MinIO is built from source and needs Go 1.24 or newer on PATH');
    log(`building MinIO ${releaseTag} with go install (minutes the first time)`);
    // CGO off and -trimpath as in MinIO's Makefile: a static binary that does not embed this machine's paths.
    run('go', ['install', '-trimpath', `-ldflags=${ldflags}`, module], {
      env: { ...process.env, GOBIN: path.dirname(binary), CGO_ENABLED: '0' },
    });
  },

  async start() {
    startDetached(
      'minio',
      binary,
      [
        'server',
        dataDir('minio'),
        '--address',
        `${HOST}:${port}`,
        '--console-address',
        `${HOST}:${consolePort}`,
      ],
      {
        env: {
          MINIO_ROOT_USER: accessKey,
          MINIO_ROOT_PASSWORD: secretKey,
          // No startup check against dl.min.io (there is no internet) and no in-place self-update.
          MINIO_UPDATE: 'off',
        },
      },
    );
  },

  // bucketExists answers false for a missing bucket, and throws while the server is still
  // initialising (503) or when the credentials are refused, so success means S3 is serving.
  async probe() {
    await client().bucketExists(bucket);
    return releaseTag;
  },

  async afterReady() {
    const s3 = client();
    if (!(await s3.bucketExists(bucket))) await s3.makeBucket(bucket);
  },

  // SIGTERM makes MinIO finish in-flight requests and flush before it exits.
  stop: { signal: 'SIGTERM', timeoutMs: 20_000 },
};
