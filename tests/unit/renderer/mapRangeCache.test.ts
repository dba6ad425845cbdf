import { describe, expect, it } from 'vitest';
import { RangeCache } from '../../../renderer/src/shared/map/rangeCache';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill).buffer;

describe('the basemap byte-range cache', () => {
  it('hands back a copy of a range read before, which survives the copy being moved to a worker', () => {
    const cache = new RangeCache(1024);
    cache.put('a.pmtiles', 0, 16, bytes(16, 7));
    const first = cache.get('a.pmtiles', 0, 16)!;
    structuredClone(first, { transfer: [first] }); // what postMessage to MapLibre's worker does
    expect(first.byteLength).toBe(0);
    const again = cache.get('a.pmtiles', 0, 16)!;
    expect(new Uint8Array(again)).toEqual(new Uint8Array(16).fill(7));
  });

  it('keys by archive, offset and length', () => {
    const cache = new RangeCache(1024);
    cache.put('a.pmtiles', 0, 16, bytes(16, 1));
    expect(cache.get('b.pmtiles', 0, 16)).toBeNull();
    expect(cache.get('a.pmtiles', 16, 16)).toBeNull();
    expect(cache.get('a.pmtiles', 0, 8)).toBeNull();
  });

  it('keeps to its size, dropping the least recently used range first', () => {
    const cache = new RangeCache(64);
    cache.put('a', 0, 8, bytes(8, 1));
    cache.put('a', 8, 8, bytes(8, 2));
    cache.get('a', 0, 8); // used again: the range at 8 is now the oldest
    for (let i = 2; i < 9; i++) cache.put('a', i * 8, 8, bytes(8, i + 1));
    expect(cache.size.bytes).toBeLessThanOrEqual(64);
    expect(cache.get('a', 0, 8)).not.toBeNull();
    expect(cache.get('a', 8, 8)).toBeNull();
  });

  it('does not keep a range larger than an eighth of it', () => {
    const cache = new RangeCache(64);
    cache.put('a', 0, 9, bytes(9, 1));
    expect(cache.get('a', 0, 9)).toBeNull();
    expect(cache.size).toEqual({ ranges: 0, bytes: 0 });
  });
});
