import { bucketOf } from './message-bucket';

describe('bucketOf', () => {
  it('keeps a whole ISO week, Monday 00:00 to Sunday 23:59:59.999 UTC, in one bucket', () => {
    const monday = bucketOf(new Date('2025-06-02T00:00:00.000Z'));
    expect(bucketOf(new Date('2025-06-04T12:30:00.000Z'))).toBe(monday);
    expect(bucketOf(new Date('2025-06-08T23:59:59.999Z'))).toBe(monday);
  });

  it('starts the next bucket at Monday midnight UTC', () => {
    const sunday = bucketOf(new Date('2025-06-08T23:59:59.999Z'));
    expect(bucketOf(new Date('2025-06-09T00:00:00.000Z'))).toBe(sunday + 1);
  });

  it('numbers weeks consecutively across years, so later messages never sort into earlier buckets', () => {
    const lastWeekOf2024 = bucketOf(new Date('2024-12-31T10:00:00.000Z'));
    expect(bucketOf(new Date('2025-01-06T00:00:00.000Z'))).toBe(lastWeekOf2024 + 1);
  });

  it('counts from the week of the epoch', () => {
    expect(bucketOf(new Date('1970-01-01T00:00:00.000Z'))).toBe(0);
    expect(bucketOf(new Date('1970-01-04T23:59:59.999Z'))).toBe(0);
    expect(bucketOf(new Date('1970-01-05T00:00:00.000Z'))).toBe(1);
  });
});
