import { SerializedJson, serializeReply } from './serialized-json';

describe('serializeReply', () => {
  it('answers a serialised body as it is, never parsed or stringified again', () => {
    const json = '{"id":"1", "name":"spaced as stored"}';
    expect(serializeReply(new SerializedJson<{ id: string }>(json))).toBe(json);
  });

  it('stringifies anything else', () => {
    expect(serializeReply({ type: 'about:blank', status: 404 })).toBe('{"type":"about:blank","status":404}');
    expect(serializeReply([1, 'two', null])).toBe('[1,"two",null]');
  });
});
