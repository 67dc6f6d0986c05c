import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { useApp } from './support/app';
import {
  type FileBody,
  postStreamed,
  sha256,
  storedFiles,
  streamedUpload,
  uploadFile,
} from './support/file-uploads';
import { type ProblemBody } from './support/users-and-groups';

const MINIO = { host: '127.0.0.1', port: 9000 };

/**
 * MinIO behind a proxy on 127.0.0.1 that answers the next `refusePuts` PUTs with 503 SlowDown,
 * as an overloaded MinIO does, after reading their body; it records every PUT's status.
 */
async function refusingMinio() {
  const proxy = { refusePuts: 0, putStatuses: [] as number[], port: 0, close: () => {} };
  const server = createServer((incoming, answer) => {
    if (incoming.method === 'PUT' && proxy.refusePuts > 0) {
      proxy.refusePuts--;
      proxy.putStatuses.push(503);
      incoming
        .resume()
        .on('end', () =>
          answer
            .writeHead(503, { 'content-type': 'application/xml', 'retry-after': '1' })
            .end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code></Error>'),
        );
      return;
    }
    const forwarded = request(
      { ...MINIO, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        if (incoming.method === 'PUT') proxy.putStatuses.push(response.statusCode ?? 0);
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    forwarded.on('error', () => answer.destroy());
    incoming.pipe(forwarded);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.port = (server.address() as { port: number }).port;
  proxy.close = () => server.close();
  return proxy;
}

describe('files: MinIO answering 5xx', () => {
  let minio: Awaited<ReturnType<typeof refusingMinio>>;
  const running = useApp(async () => {
    minio = await refusingMinio();
    return { STORAGE_PORT: String(minio.port) };
  });
  afterAll(() => minio?.close());
  beforeEach(() => {
    minio.putStatuses = [];
  });

  it('answers 503 naming MinIO, sends the streamed body once and stores nothing', async () => {
    const before = await storedFiles(running);
    minio.refusePuts = 1;

    const response = await uploadFile(running, randomBytes(1024 * 1024));

    expect(response.status).toBe(503);
    expect((await response.json()) as ProblemBody).toMatchObject({ status: 503, store: 'minio' });
    expect(minio.putStatuses).toEqual([503]);
    expect(await storedFiles(running)).toEqual(before);
  });

  it('aborts a multipart upload whose part MinIO refuses, leaving no unfinished upload', async () => {
    const before = await storedFiles(running);
    minio.refusePuts = 1;

    const response = await postStreamed(running, streamedUpload(20 * 1024 * 1024));

    expect(response.status).toBe(503);
    expect(minio.putStatuses[0]).toBe(503);
    expect(await storedFiles(running)).toEqual(before);
  });

  it('stores the same upload once MinIO takes it again, without restarting', async () => {
    const bytes = randomBytes(1024 * 1024);
    minio.refusePuts = 1;
    expect((await uploadFile(running, bytes)).status).toBe(503);

    const response = await uploadFile(running, bytes);

    expect(response.status).toBe(201);
    const file = (await response.json()) as FileBody;
    expect(file.sha256).toBe(sha256(bytes));
    expect(minio.putStatuses).toEqual([503, 200]);
    const download = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    await fetch(`${running.baseUrl}/storage/files/${file.key}`, { method: 'DELETE' });
  });
});
