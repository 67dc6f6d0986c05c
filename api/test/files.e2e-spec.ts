import { Client } from 'minio';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { validate as isUuid, v4 as uuidv4, version as uuidVersion } from 'uuid';
import { StoreUnavailableError } from '../src/common/store-unavailable.error';
import { FileMetadataRepository } from '../src/files/file-metadata.repository';
import { STORAGE_BUCKET } from '../src/infrastructure/minio/minio.module';
import { OutboxHandlers } from '../src/outbox/outbox-handlers';
import { useApp } from './support/app';
import {
  type FileBody,
  postStreamed,
  sha256,
  startUploadNeverFinished,
  storedFiles,
  streamedUpload,
  uploadFile,
} from './support/file-uploads';
import { eventually, outboxDelivered } from './support/harness';
import { watchRssGrowth } from './support/memory';
import { type PageBody, type ProblemBody, client } from './support/users-and-groups';

const MiB = 1024 * 1024;

describe('files: bytes in MinIO, metadata in PostgreSQL', () => {
  const running = useApp();
  const api = client(running);

  async function upload(bytes: Uint8Array, options?: Parameters<typeof uploadFile>[2]): Promise<FileBody> {
    const response = await uploadFile(running, bytes, options);
    expect(response.status).toBe(201);
    return (await response.json()) as FileBody;
  }

  const objectExists = async (key: string) => {
    const minio = running.app.get(Client);
    try {
      await minio.statObject(running.app.get<string>(STORAGE_BUCKET), key);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFound') return false;
      throw error;
    }
  };

  it('answers an upload with 201 and its metadata, under a key the API minted', async () => {
    const bytes = randomBytes(64 * 1024);
    const response = await uploadFile(running, bytes, {
      fileName: 'Carte d’été.png',
      contentType: 'image/png',
    });

    expect(response.status).toBe(201);
    const file = (await response.json()) as FileBody;
    expect(isUuid(file.key) && uuidVersion(file.key)).toBe(7);
    expect(file).toEqual({
      key: file.key,
      fileName: 'Carte d’été.png',
      contentType: 'image/png',
      size: bytes.length,
      sha256: sha256(bytes),
      ownerId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect((await api.call<FileBody>('GET', `/storage/files/${file.key}`)).body).toEqual(file);
  });

  it('downloads the very bytes with Content-Type, Content-Length and an RFC 6266 Content-Disposition', async () => {
    const bytes = randomBytes(100_000);
    const file = await upload(bytes, { fileName: 'Carte d’été (1).png', contentType: 'image/png' });

    const response = await fetch(`${running.baseUrl}/storage/download/${file.key}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Carte d__t_ (1).png"; filename*=UTF-8''Carte%20d%E2%80%99%C3%A9t%C3%A9%20%281%29.png`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('keeps the bytes of concurrent uploads apart while they reuse the same buffers', async () => {
    // Sizes across buffer boundaries (64 KiB), twice over so that the second wave reuses the first's.
    const sizes = [1, 65_535, 65_536, 65_537, 200_000, 1_048_576, 1_000_003, 3];
    for (let wave = 0; wave < 2; wave++) {
      const contents = sizes.map((size) => randomBytes(size));
      const files = await Promise.all(contents.map((bytes) => upload(bytes)));
      for (const [index, file] of files.entries()) {
        expect(file.sha256).toBe(sha256(contents[index]));
        const response = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
        expect(Buffer.from(await response.arrayBuffer()).equals(contents[index])).toBe(true);
      }
    }
  });

  it("keeps only a sanitised file name, never the client's path, as metadata", async () => {
    const file = await upload(Buffer.from('root:x:0:0'), {
      fileName: '../../etc/pass\u202Ewd',
      contentType: 'text/plain',
    });
    expect(file.fileName).toBe('passwd');
    expect(await objectExists(file.key)).toBe(true);
  });

  it('stores an empty file', async () => {
    const file = await upload(new Uint8Array(0), { fileName: 'empty.txt', contentType: 'text/plain' });
    expect(file.size).toBe(0);
    const response = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
    expect(response.headers.get('content-length')).toBe('0');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('lists metadata newest first, filtered by owner, page by page', async () => {
    const owner = await api.createUser();
    const uploaded: FileBody[] = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      uploaded.push(await upload(Buffer.from(name), { fileName: name, query: `?ownerId=${owner.id}` }));
    }
    expect(uploaded.every((file) => file.ownerId === owner.id)).toBe(true);

    const first = await api.call<PageBody<FileBody>>('GET', `/storage/files?ownerId=${owner.id}&limit=2`);
    expect(first.body.items).toEqual([uploaded[2], uploaded[1]]);
    const cursor = encodeURIComponent(first.body.nextCursor!);
    const second = await api.call<PageBody<FileBody>>(
      'GET',
      `/storage/files?ownerId=${owner.id}&limit=2&cursor=${cursor}`,
    );
    expect(second.body).toEqual({ items: [uploaded[0]], nextCursor: null });

    const everyone = await api.call<PageBody<FileBody>>('GET', '/storage/files?limit=1');
    expect(everyone.status).toBe(200);
    expect(everyone.body.items).toHaveLength(1);
  });

  it('refuses an ownerId that is no user with 404, and one that is no UUID with 400, storing nothing', async () => {
    const before = await storedFiles(running);
    const unknown = await uploadFile(running, Buffer.from('x'), { query: `?ownerId=${uuidv4()}` });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const invalid = await uploadFile(running, Buffer.from('x'), { query: '?ownerId=me' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as ProblemBody).errors?.[0].field).toBe('ownerId');
    expect(await storedFiles(running)).toEqual(before);
  });

  it('removes the object again when its metadata cannot be recorded, answering 503 naming the store', async () => {
    const repository = running.app.get(FileMetadataRepository);
    let key: string | undefined;
    const spy = jest.spyOn(repository, 'insert').mockImplementationOnce((file) => {
      key = file.key;
      return Promise.reject(new StoreUnavailableError('postgres'));
    });

    const response = await uploadFile(running, Buffer.from('no metadata'));
    spy.mockRestore();
    expect(response.status).toBe(503);
    expect(((await response.json()) as ProblemBody & { store?: string }).store).toBe('postgres');
    expect(key).toBeDefined();
    expect(await objectExists(key!)).toBe(false);
  });

  it('refuses a file whose owner is deleted while its bytes stream in, keeping neither row nor object', async () => {
    const owner = await api.createUser();
    const repository = running.app.get(FileMetadataRepository);
    const insert = repository.insert.bind(repository);
    let key: string | undefined;
    // The owner goes, and the relay removes their files, after the check and before the row.
    const spy = jest.spyOn(repository, 'insert').mockImplementationOnce(async (file) => {
      key = file.key;
      expect((await api.call('DELETE', `/users/${owner.id}`)).status).toBe(204);
      await outboxDelivered(running);
      return insert(file);
    });

    const response = await uploadFile(running, Buffer.from('too late'), { query: `?ownerId=${owner.id}` });
    spy.mockRestore();
    expect(response.status).toBe(404);
    expect(key).toBeDefined();
    expect(await repository.findByKey(key!)).toBeNull();
    expect(await objectExists(key!)).toBe(false);
  }, 60_000);

  it('gives a presigned URL that downloads the same bytes, then stops working once expired', async () => {
    // The signature's time is a whole second, so a URL lives one second less than asked at worst:
    // long enough for the first download on a slow machine.
    const expiresInSeconds = 5;
    const bytes = randomBytes(10_000);
    const file = await upload(bytes, { fileName: 'été.png' });

    const { status, body } = await api.call<{ url: string; expiresAt: string }>(
      'GET',
      `/storage/files/${file.key}/url?expiresIn=${expiresInSeconds}`,
    );
    expect(status).toBe(200);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(expiresInSeconds * 1000);

    const fresh = await fetch(body.url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('image/png');
    expect(fresh.headers.get('content-disposition')).toBe(
      `attachment; filename="_t_.png"; filename*=UTF-8''%C3%A9t%C3%A9.png`,
    );
    expect(Buffer.from(await fresh.arrayBuffer()).equals(bytes)).toBe(true);

    await sleep(Date.parse(body.expiresAt) - Date.now() + 1500);
    expect((await fetch(body.url)).status).toBe(403);
  });

  it('presigns for STORAGE_PRESIGNED_URL_TTL_SECONDS (900) by default and bounds expiresIn', async () => {
    const file = await upload(Buffer.from('hello'));
    const { body } = await api.call<{ expiresAt: string }>('GET', `/storage/files/${file.key}/url`);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(895_000);
    for (const expiresIn of ['0', '86401', 'soon']) {
      const refused = await api.call<ProblemBody>(
        'GET',
        `/storage/files/${file.key}/url?expiresIn=${expiresIn}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0].field).toBe('expiresIn');
    }
  });

  it('deletes the bytes and the metadata with 204; everything about the file is 404 afterwards', async () => {
    const file = await upload(Buffer.from('to be deleted'));

    expect((await api.call('DELETE', `/storage/files/${file.key}`)).status).toBe(204);

    expect(await objectExists(file.key)).toBe(false);
    expect((await api.call('GET', `/storage/files/${file.key}`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/storage/download/${file.key}`)).status).toBe(404);
    expect((await api.call('GET', `/storage/files/${file.key}/url`)).status).toBe(404);
    expect((await api.call('DELETE', `/storage/files/${file.key}`)).status).toBe(404);
  });

  it('answers 404 for a key no file has', async () => {
    const key = uuidv4();
    const download = await fetch(`${running.baseUrl}/storage/download/${key}`);
    expect(download.status).toBe(404);
    expect(download.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await api.call('GET', `/storage/files/${key}`)).status).toBe(404);
  });

  it.each([
    ['not a UUID', 'not-a-uuid'],
    ['an encoded path traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['an encoded backslash traversal', '..%5C..%5Cwindows'],
  ])('refuses a key that is %s with 400 naming key', async (_, key) => {
    for (const path of [`/storage/download/${key}`, `/storage/files/${key}`, `/storage/files/${key}/url`]) {
      const { status, body } = await api.call<ProblemBody>('GET', path);
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ field: 'key', message: 'key must be a UUID' }]);
    }
    expect((await api.call('DELETE', `/storage/files/${key}`)).status).toBe(400);
  });

  it.each([
    ['a JSON', 'application/json', JSON.stringify({ file: 'x' })],
    ['a plain text', 'text/plain', 'hello'],
    ['an unknown media type', 'application/octet-stream', 'hello'],
  ])('refuses %s body with 415 problem+json', async (_, contentType, body) => {
    const response = await fetch(`${running.baseUrl}/storage/upload`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a multipart body without `file`, with another field or with two files, with 400 naming the field', async () => {
    const before = await storedFiles(running);
    const withoutFile = new FormData();
    const missing = await fetch(`${running.baseUrl}/storage/upload`, { method: 'POST', body: withoutFile });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ProblemBody).errors?.[0].field).toBe('file');

    const otherField = new FormData();
    otherField.append('ownerId', uuidv4());
    otherField.append('file', new Blob([Buffer.from('x')]), 'x.bin');
    const unexpected = await fetch(`${running.baseUrl}/storage/upload`, { method: 'POST', body: otherField });
    expect(unexpected.status).toBe(400);
    expect(((await unexpected.json()) as ProblemBody).errors?.[0].field).toBe('ownerId');

    const wrongName = new FormData();
    wrongName.append('upload', new Blob([Buffer.from('x')]), 'x.bin');
    const misnamed = await fetch(`${running.baseUrl}/storage/upload`, { method: 'POST', body: wrongName });
    expect(misnamed.status).toBe(400);
    expect(((await misnamed.json()) as ProblemBody).errors?.[0].field).toBe('upload');

    const twoFiles = new FormData();
    twoFiles.append('file', new Blob([Buffer.from('x')]), 'x.bin');
    twoFiles.append('file', new Blob([Buffer.from('y')]), 'y.bin');
    const twice = await fetch(`${running.baseUrl}/storage/upload`, { method: 'POST', body: twoFiles });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as ProblemBody).errors?.[0].field).toBe('file');

    const fileThenOther = new FormData();
    fileThenOther.append('file', new Blob([Buffer.from('x')]), 'x.bin');
    fileThenOther.append('thumbnail', new Blob([Buffer.from('y')]), 'y.png');
    const extra = await fetch(`${running.baseUrl}/storage/upload`, { method: 'POST', body: fileThenOther });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as ProblemBody).errors?.[0].field).toBe('thumbnail');
    expect(await storedFiles(running)).toEqual(before);
  });

  it('closes the connection after refusing an upload before its handler, rather than receive the rest', async () => {
    const socket = await startUploadNeverFinished(running.baseUrl, '/storage/upload?ownerId=not-a-uuid');
    let answer = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));

    const ended = once(socket, 'end').then(() => 'ended');
    const outcome = await Promise.race([ended, sleep(3000).then(() => 'still open')]);
    socket.destroy();

    expect(outcome).toBe('ended');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain('\r\nconnection: close\r\n');
  });

  it('refuses a malformed multipart body with 400 and stores nothing', async () => {
    const before = await storedFiles(running);
    const response = await fetch(`${running.baseUrl}/storage/upload`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'no boundary at all',
    });
    expect(response.status).toBe(400);
    expect(await storedFiles(running)).toEqual(before);
  });

  it("removes a deleted user's files when the outbox delivers user.deleted, idempotently", async () => {
    const owner = await api.createUser();
    const bystander = await api.createUser();
    const owned = [
      await upload(Buffer.from('one'), { query: `?ownerId=${owner.id}` }),
      await upload(Buffer.from('two'), { query: `?ownerId=${owner.id}` }),
    ];
    const kept = await upload(Buffer.from('kept'), { query: `?ownerId=${bystander.id}` });

    expect((await api.call('DELETE', `/users/${owner.id}`)).status).toBe(204);

    await eventually(async () => {
      const { body } = await api.call<PageBody<FileBody>>('GET', `/storage/files?ownerId=${owner.id}`);
      expect(body.items).toEqual([]);
    }, 10_000);
    for (const file of owned) expect(await objectExists(file.key)).toBe(false);
    // Delivered again, as an at-least-once outbox may: nothing left to do, and no error.
    for (const handle of running.app.get(OutboxHandlers).handlersFor('user.deleted')) {
      await handle({ type: 'user.deleted', userId: owner.id });
    }
    expect((await api.call<FileBody>('GET', `/storage/files/${kept.key}`)).body).toEqual(kept);
    expect(await objectExists(kept.key)).toBe(true);
  });

  it('documents every storage route in OpenAPI, the upload as multipart with `file`', async () => {
    interface Operation {
      requestBody?: { content: Record<string, { schema: unknown }> };
      responses: Record<string, unknown>;
    }
    const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/storage/upload',
        '/storage/download/{key}',
        '/storage/files',
        '/storage/files/{key}',
        '/storage/files/{key}/url',
      ]),
    );
    const upload = document.paths['/storage/upload'].post;
    expect(upload.requestBody?.content['multipart/form-data'].schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(Object.keys(upload.responses).sort()).toEqual(['201', '400', '404', '413', '415', '503']);
  });

  /** Uploads `fileSize` streamed bytes, downloads them back, deletes the file. */
  async function roundTrip(fileSize: number) {
    const upload = streamedUpload(fileSize);
    const started = Date.now();
    const response = await postStreamed(running, upload);
    expect(response.status).toBe(201);
    const file = (await response.json()) as FileBody;
    const uploaded = Date.now();

    const download = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
    expect(download.headers.get('content-length')).toBe(String(fileSize));
    const received = createHash('sha256');
    let receivedBytes = 0;
    for await (const chunk of download.body as AsyncIterable<Uint8Array>) {
      received.update(chunk);
      receivedBytes += chunk.length;
    }
    const downloaded = Date.now();
    expect((await api.call('DELETE', `/storage/files/${file.key}`)).status).toBe(204);
    return {
      file,
      sentSha256: upload.sent.sha256(),
      receivedBytes,
      receivedSha256: received.digest('hex'),
      uploadMs: uploaded - started,
      downloadMs: downloaded - uploaded,
    };
  }

  it('streams a 300 MB upload and its download through a bounded amount of memory', async () => {
    // A smaller round trip first brings the allocator and the young generation to their working
    // size, so that the baseline is that of a process already serving files.
    await roundTrip(32 * MiB);
    const memory = watchRssGrowth();

    const fileSize = 300 * MiB;
    const { file, sentSha256, receivedBytes, receivedSha256, uploadMs, downloadMs } =
      await roundTrip(fileSize);

    const growth = memory.stop() / MiB;
    expect(file.size).toBe(fileSize);
    expect(file.sha256).toBe(sentSha256);
    expect(receivedBytes).toBe(fileSize);
    expect(receivedSha256).toBe(sentSha256);
    console.info(
      `300 MiB: upload ${uploadMs} ms, download ${downloadMs} ms, peak RSS growth ${growth.toFixed(1)} MiB`,
    );
    expect(growth).toBeLessThan(150);
  }, 180_000);
});
