import { requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const withHeader = (value?: string | string[]) => ({ headers: { 'x-request-id': value } });

describe('requestIdOf', () => {
  it("keeps the caller's id when it is a short token", () => {
    expect(requestIdOf(withHeader('gw-01HZ.7:42_a'))).toBe('gw-01HZ.7:42_a');
  });

  it.each([
    ['a forged log line', 'abc\n{"level":50}'],
    ['spaces', 'two words'],
    ['more than 128 characters', 'x'.repeat(129)],
    ['an empty value', ''],
    ['a repeated header', ['one', 'two']],
    ['no header', undefined],
  ])('mints a UUID instead of %s', (_case, value) => {
    expect(requestIdOf(withHeader(value))).toMatch(UUID);
  });
});
