import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { TimedOutError } from '../../common/with-timeout';
import { transportWithDeadline } from './deadline-transport';

describe('transportWithDeadline', () => {
  const DEADLINE_MS = 100;
  let server: Server;
  let port: number;

  beforeEach(async () => {
    server = createServer((request, response) => {
      if (request.url === '/silent') return; // accepts and never answers, as a hung store
      response.writeHead(200);
      response.write('first ');
      // The rest of the body comes well after the deadline.
      setTimeout(() => response.end('last'), DEADLINE_MS * 3);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const send = (path: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      transportWithDeadline(false, DEADLINE_MS)
        .request({ host: '127.0.0.1', port, path }, resolve)
        .on('error', reject)
        .end();
    });

  it('ends a request the server has not begun to answer within the deadline', async () => {
    const started = Date.now();
    const error = await send('/silent').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TimedOutError);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 10);
  });

  it('lets an answer that has begun take as long as it takes', async () => {
    const response = await send('/slow-body');
    let body = '';
    for await (const chunk of response) body += String(chunk);
    expect(body).toBe('first last');
  });
});
