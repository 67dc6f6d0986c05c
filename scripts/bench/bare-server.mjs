// The limit every case is compared with: Fastify alone on the same Node, answering a constant
// JSON document about the size of a user. Listens on 127.0.0.1 at a free port and prints it.
// The API's own Fastify, resolved from api/ as the API resolves it.
import { apiRequire } from '../stores/lib.mjs';

const Fastify = apiRequire('fastify');

const document = {
  id: '0190b5c8-7d3e-7000-8000-000000000000',
  email: 'ada.lovelace@example.com',
  name: 'Ada Lovelace',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const app = Fastify({ logger: false });
app.get('/', async () => document);
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${app.server.address().port}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
