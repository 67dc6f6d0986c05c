import { isStorableText } from './storable-text';

describe('isStorableText', () => {
  it.each([
    ['plain text', 'Lisbon, August'],
    ['emoji, as surrogate pairs', 'Beach 🏖️👨‍👩‍👧'],
    ['right-to-left text', 'رحلة الصيف'],
    ['the empty string', ''],
  ])('accepts %s', (_, text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each([
    ['a NUL character', 'a\0b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
  ])('refuses %s', (_, text) => {
    expect(isStorableText(text)).toBe(false);
  });

  it('leaves values that are not strings to the type validators', () => {
    expect(isStorableText(42)).toBe(true);
  });
});
