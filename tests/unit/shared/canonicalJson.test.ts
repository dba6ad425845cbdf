import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../main/core/shared/canonicalJson';

/**
 * Canonical JSON is what the access log's hashes cover. Two writers holding the same record must produce
 * the same bytes, or an outside auditor could not recompute a hash.
 */
describe('canonical JSON', () => {
  it('sorts object keys by code unit, whatever order they were written in', () => {
    expect(canonicalJson({ username: 'det.chen', at: '2026-11-22T09:00:00.000Z', action: 'detections.search' })).toBe(
      '{"action":"detections.search","at":"2026-11-22T09:00:00.000Z","username":"det.chen"}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    // Code-unit order: upper case before lower case, "Z" before "a", "10" before "9".
    expect(canonicalJson({ a: 1, Z: 2, '9': 3, '10': 4 })).toBe('{"10":4,"9":3,"Z":2,"a":1}');
  });

  it('sorts keys at every depth and keeps array order', () => {
    const record = { data: { query: { to: 2, from: 1 }, ids: [3, 1, 2] }, purpose: { number: '26-004512', id: 7 } };
    expect(canonicalJson(record)).toBe(
      '{"data":{"ids":[3,1,2],"query":{"from":1,"to":2}},"purpose":{"id":7,"number":"26-004512"}}',
    );
    expect(canonicalJson([{ b: [], a: {} }])).toBe('[{"a":{},"b":[]}]');
  });

  it('writes no whitespace and the JSON literals as they are', () => {
    expect(canonicalJson({ ok: true, no: false, none: null, n: -1.5, e: 1e21, z: 0 })).toBe(
      '{"e":1e+21,"n":-1.5,"no":false,"none":null,"ok":true,"z":0}',
    );
  });

  it('escapes strings as JSON does: quotes, backslashes, control characters; other Unicode stays as it is', () => {
    expect(canonicalJson('say "hi"\\now')).toBe('"say \\"hi\\"\\\\now"');
    expect(canonicalJson('line\nbreak\ttab\u0001')).toBe('"line\\nbreak\\ttab\\u0001"');
    expect(canonicalJson('Peña – 7ABC·123 🚗')).toBe('"Peña – 7ABC·123 🚗"');
    expect(canonicalJson({ 'key "q"': 1 })).toBe('{"key \\"q\\"":1}');
    // The output of canonical JSON never holds a raw line break, so one record is one line of NDJSON.
    expect(canonicalJson({ description: 'two\r\nlines' })).not.toMatch(/[\r\n]/);
  });

  it('leaves out object members that are undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('refuses values JSON cannot carry faithfully: NaN, infinities, undefined in arrays, functions, symbols, bigints', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/finite/);
    expect(() => canonicalJson({ confidence: Number.POSITIVE_INFINITY })).toThrow(/finite/);
    expect(() => canonicalJson([1, undefined, 3])).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ s: Symbol('x') })).toThrow(TypeError);
    expect(() => canonicalJson({ big: 10n })).toThrow(/bigint/);
  });

  it('refuses objects that are not plain data (a Date or a Map would otherwise be hashed as {})', () => {
    expect(() => canonicalJson({ at: new Date('2026-11-22T09:00:00Z') })).toThrow(/plain objects, not a Date/);
    expect(() => canonicalJson(new Map([['a', 1]]))).toThrow(/Map/);
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  it('round-trips: parsing the canonical form and writing it again gives the same bytes', () => {
    const record = { z: [1, 'two', { y: null, x: true }], a: 'é\u2028', m: { k: -0.25 } };
    const once = canonicalJson(record);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
  });
});
