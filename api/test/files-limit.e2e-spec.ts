import { useApp } from './support/app';
import { type FileBody, postStreamed, storedFiles, streamedUpload } from './support/file-uploads';
import { type ProblemBody } from './support/users-and-groups';

// Above two 8 MiB parts, so that refused uploads have a multipart upload under way to abort.
const LIMIT = 20 * 1024 * 1024;

describe('files: the upload size limit (STORAGE_MAX_UPLOAD_BYTES)', () => {
  const running = useApp({ STORAGE_MAX_UPLOAD_BYTES: String(LIMIT) });

  it('stores a file of exactly the limit', async () => {
    const upload = streamedUpload(LIMIT);
    const response = await postStreamed(running, upload);
    expect(response.status).toBe(201);
    const file = (await response.json()) as FileBody;
    expect(file.size).toBe(LIMIT);
    expect(file.sha256).toBe(upload.sent.sha256());
    await fetch(`${running.baseUrl}/storage/files/${file.key}`, { method: 'DELETE' });
  });

  it('refuses a file one byte over the limit with 413, leaving no object, unfinished upload or row', async () => {
    const before = await storedFiles(running);

    const response = await postStreamed(running, streamedUpload(LIMIT + 1));

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as ProblemBody).detail).toBe(
      `file is larger than the ${LIMIT} bytes allowed`,
    );
    expect(await storedFiles(running)).toEqual(before);
  });

  it('refuses a far larger file as soon as it crosses the limit, without receiving the rest', async () => {
    const before = await storedFiles(running);
    const fileSize = 10 * LIMIT;
    const upload = streamedUpload(fileSize);

    const outcome = await postStreamed(running, upload).then(
      (response) => ({ status: response.status, connection: response.headers.get('connection') }),
      (error: unknown) => ({ closedWhileSending: (error as { cause?: { code?: string } }).cause?.code }),
    );

    // The API answers 413 and closes the connection at once: a client still writing the body
    // may meet the closed socket (EPIPE, ECONNRESET) before it reads the answer.
    if ('status' in outcome) expect(outcome).toEqual({ status: 413, connection: 'close' });
    else expect(['EPIPE', 'ECONNRESET']).toContain(outcome.closedWhileSending);
    expect(upload.sent.fileBytes).toBeLessThan(fileSize);
    expect(await storedFiles(running)).toEqual(before);
  });
});
