import { NOTIFICATION_RETENTION_SECONDS } from '../../api/src/infrastructure/cassandra/schema';
import { Dataset } from './dataset';
import { presets } from './presets';

const UNTIL = new Date('2026-11-01T00:00:00Z');

describe('Dataset', () => {
  it('makes every user of a plan the same in every run', () => {
    const [first, second] = [1, 2].map(() => new Dataset({ seed: 7, sizes: presets.small, until: UNTIL }));
    for (const index of [0, 1, presets.small.users - 1])
      expect(second.user(index)).toEqual(first.user(index));
  });

  it.each([
    ['sizes', { sizes: presets.medium }],
    ['--until', { until: new Date(UNTIL.getTime() + 1) }],
  ])(
    'gives the users of two datasets of one seed differing in %s ids and emails of their own',
    (_, change) => {
      const first = new Dataset({ seed: 1, sizes: presets.small, until: UNTIL });
      const other = new Dataset({ seed: 1, sizes: presets.small, until: UNTIL, ...change });
      for (const index of [0, 1, presets.small.users - 1]) {
        expect(other.user(index).id).not.toBe(first.user(index).id);
        expect(other.user(index).email).not.toBe(first.user(index).email);
      }
    },
  );

  it('dates every notification within the retention before --until', () => {
    const dataset = new Dataset({ seed: 3, sizes: presets.small, until: UNTIL });
    const times = Array.from({ length: presets.small.users }, (_, index) => dataset.notifications(index))
      .flat()
      .map(({ id }) => id.getDate().getTime());
    expect(times.length).toBeGreaterThan(presets.small.users);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(
      UNTIL.getTime() - NOTIFICATION_RETENTION_SECONDS * 1000,
    );
    expect(Math.max(...times)).toBeLessThanOrEqual(UNTIL.getTime());
  });

  it('writes no message at all with --messages-per-conversation 0', () => {
    const dataset = new Dataset({
      seed: 3,
      sizes: { ...presets.small, messagesPerConversation: 0 },
      until: UNTIL,
    });
    const messages = [...dataset.conversations()].flatMap((conversation) => dataset.messages(conversation));
    expect(messages).toEqual([]);
  });
});
