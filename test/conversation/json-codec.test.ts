import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../core/conversations/json-codec.ts';

describe('the JSON a turn stores', () => {
  it('keeps dates and bytes, at any depth, and gives them back as they were', () => {
    const value = {
      at: new Date('2026-01-15T10:00:00.000Z'),
      list: [{ file: new Uint8Array([0, 1, 254, 255]) }, Buffer.from('abc')],
      plain: { text: 'x', n: 1.5, yes: true, none: null },
    };
    const stored = encodeJson(value);
    expect(JSON.parse(stored).at).toEqual({ $date: '2026-01-15T10:00:00.000Z' });
    expect(JSON.parse(stored).list[1]).toEqual({ $bytes: 'YWJj' });
    expect(decodeJson(stored)).toEqual({ ...value, list: [value.list[0], new Uint8Array([97, 98, 99])] });
    expect(decodeJson(JSON.parse(stored))).toEqual(decodeJson(stored));
  });

  it('turns what jsonb refuses into U+FFFD, in keys and values, and nothing else', () => {
    const odd = {
      'k\u0000': 'a\u0000b',
      lone: ['\ud800', 'x\udfffy', 'end\udbff'],
      pair: '😀 \ud83d\ude00',
      typed: 'C:\\u0000 \\ud800 \\\\u0000',
      controls: 'tab\tline\n\u0001',
    };
    expect(decodeJson(encodeJson(odd))).toEqual({
      'k\ufffd': 'a\ufffdb',
      lone: ['\ufffd', 'x\ufffdy', 'end\ufffd'],
      pair: '😀 😀',
      typed: 'C:\\u0000 \\ud800 \\\\u0000',
      controls: 'tab\tline\n\u0001',
    });
  });

  it('writes null for nothing, as the column expects', () => {
    expect(encodeJson(undefined)).toBe('null');
    expect(encodeJson(null)).toBe('null');
  });
});
