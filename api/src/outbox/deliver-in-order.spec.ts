import { type OutboxEvent } from './outbox-event';
import { deliverInOrder, type PendingEvent } from './deliver-in-order';

const pending = (id: string, event: OutboxEvent): PendingEvent => ({
  id,
  event,
  attempts: 0,
  createdAt: new Date(),
});

const TIMEOUT_MS = 1000;

describe('deliverInOrder', () => {
  const created = pending('1', { type: 'user.created', userId: 'a' });
  const deleted = pending('2', { type: 'user.deleted', userId: 'a' });
  const other = pending('3', { type: 'user.created', userId: 'b' });

  it('hands every event to every handler of its type, oldest first', async () => {
    const seen: string[] = [];
    const handler = (name: string) => (event: OutboxEvent) => {
      seen.push(`${name}:${event.type}`);
      return Promise.resolve();
    };
    const outcome = await deliverInOrder(
      [created, deleted],
      (type) => (type === 'user.deleted' ? [handler('graph'), handler('messages')] : [handler('graph')]),
      TIMEOUT_MS,
    );
    expect(outcome).toEqual({ delivered: ['1', '2'] });
    expect(seen).toEqual(['graph:user.created', 'graph:user.deleted', 'messages:user.deleted']);
  });

  it('counts an event without handlers as delivered', async () => {
    expect(await deliverInOrder([created], () => [], TIMEOUT_MS)).toEqual({ delivered: ['1'] });
  });

  it('stops at the first rejected event so later ones cannot overtake it', async () => {
    const error = new Error('neo4j is unavailable');
    const tried: string[] = [];
    const outcome = await deliverInOrder(
      [created, deleted, other],
      () => [
        (event) => {
          tried.push(event.type);
          return event.type === 'user.deleted' ? Promise.reject(error) : Promise.resolve();
        },
      ],
      TIMEOUT_MS,
    );
    expect(outcome).toEqual({ delivered: ['1'], failed: { pending: deleted, error } });
    expect(tried).toEqual(['user.created', 'user.deleted']);
  });

  it('still gives every handler of the failing event its try', async () => {
    let otherHandlerRan = false;
    const outcome = await deliverInOrder(
      [created],
      () => [
        () => Promise.reject(new Error('down')),
        () => {
          otherHandlerRan = true;
          return Promise.resolve();
        },
      ],
      TIMEOUT_MS,
    );
    expect(outcome.failed?.pending).toBe(created);
    expect(otherHandlerRan).toBe(true);
  });

  it('counts a handler that does not answer in time as rejected, and tries no later event', async () => {
    const tried: string[] = [];
    const outcome = await deliverInOrder(
      [created, deleted],
      () => [
        (event) => {
          tried.push(event.type);
          return new Promise<void>(() => undefined);
        },
      ],
      20,
    );
    expect(outcome.delivered).toEqual([]);
    expect(outcome.failed?.pending).toBe(created);
    expect(String(outcome.failed?.error)).toMatch(/a user.created handler timed out after 20 ms/);
    expect(tried).toEqual(['user.created']);
  });
});
