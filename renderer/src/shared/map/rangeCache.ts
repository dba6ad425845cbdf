/**
 * Byte ranges of the basemap archives already read, shared by every map of the page: a screen's map that opens
 * on the city another map already showed finds its tiles here instead of asking main again (a round trip each).
 * An archive does not change under its resource name. Copies go out and come in: MapLibre moves tile buffers to
 * its workers, which empties them.
 */
export class RangeCache {
  private readonly ranges = new Map<string, ArrayBuffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(resource: string, offset: number, length: number): ArrayBuffer | null {
    const key = keyOf(resource, offset, length);
    const hit = this.ranges.get(key);
    if (!hit) return null;
    this.ranges.delete(key); // most recently used last
    this.ranges.set(key, hit);
    return hit.slice(0);
  }

  put(resource: string, offset: number, length: number, data: ArrayBuffer): void {
    const key = keyOf(resource, offset, length);
    // One range may not take more than an eighth: a large read would push out many tiles.
    if (data.byteLength > this.maxBytes / 8 || this.ranges.has(key)) return;
    this.ranges.set(key, data.slice(0));
    this.bytes += data.byteLength;
    for (const [k, v] of this.ranges) {
      if (this.bytes <= this.maxBytes) break;
      this.ranges.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  get size(): { ranges: number; bytes: number } {
    return { ranges: this.ranges.size, bytes: this.bytes };
  }
}

function keyOf(resource: string, offset: number, length: number): string {
  return `${resource}\u0000${offset}\u0000${length}`;
}
