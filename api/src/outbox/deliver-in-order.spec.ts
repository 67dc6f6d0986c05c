import { type OutboxEvent } from './outbox-event';
import { deliverInOrder, type PendingEvent } from './deliver-in-order';

const pending = (id: string, event: OutboxEvent): PendingEvent => ({
  id,
  event,
  attempts: 0,
  createdAt: new Date(),
});

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
    const outcome = await deliverInOrder([created, deleted], (type) =>
      type === 'user.deleted' ? [handler('graph'), handler('messages')] : [handler('graph')],
    );
    expect(outcome).toEqual({ delivered: ['1', '2'] });
    expect(seen).toEqual(['graph:user.created', 'graph:user.deleted', 'messages:user.deleted']);
  });

  it('counts an event without handlers as delivered', async () => {
    expect(await deliverInOrder([created], () => [])).toEqual({ delivered: ['1'] });
  });

  it('stops at the first rejected event so later ones cannot overtake it', async () => {
    const error = new Error('neo4j is unavailable');
    const tried: string[] = [];
    const outcome = await deliverInOrder([created, deleted, other], () => [
      (event) => {
        tried.push(event.type);
        return event.type === 'user.deleted' ? Promise.reject(error) : Promise.resolve();
      },
    ]);
    expect(outcome).toEqual({ delivered: ['1'], failed: { pending: deleted, error } });
    expect(tried).toEqual(['user.created', 'user.deleted']);
  });

  it('still gives every handler of the failing event its try', async () => {
    let otherHandlerRan = false;
    const outcome = await deliverInOrder([created], () => [
      () => Promise.reject(new Error('down')),
      () => {
        otherHandlerRan = true;
        return Promise.resolve();
      },
    ]);
    expect(outcome.failed?.pending).toBe(created);
    expect(otherHandlerRan).toBe(true);
  });
});
