import { closeSync, constants, openSync, readSync } from 'node:fs';

/**
 * Reads files back from a medium for verification. Right after writing, the operating system would answer from its
 * cache, which proves only that we wrote what we meant to; the read-back must read what the medium holds. Where the
 * file system allows it, files are opened with O_DIRECT (Linux), which bypasses the cache. O_DIRECT wants aligned
 * memory as well, and Node cannot ask for it, so one large buffer is probed (`probe`, on a file of at least a few
 * kilobytes) for an offset the kernel accepts. Where O_DIRECT is refused (tmpfs, some FAT drivers, other systems)
 * files are read through the cache, and the verdict says so (`readFrom: 'cache'`).
 */
const CHUNK = 1 << 20;
const SLACK = 8192;
/** A probe on a smaller file could pass without the kernel checking the memory's alignment. */
export const PROBE_MIN_BYTES = 4096;

export type ReadFrom = 'medium' | 'cache';

export class MediumReader {
  private readonly buffer = Buffer.allocUnsafeSlow(CHUNK + SLACK);
  /** The offset into `buffer` O_DIRECT accepted; null when it is not used. */
  private aligned: number | null = null;
  private files = 0;
  private directFiles = 0;

  /** Finds an aligned offset with a read of `path` (≥ PROBE_MIN_BYTES). Returns whether direct reads work here. */
  probe(path: string): boolean {
    if (!constants.O_DIRECT) return false;
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_DIRECT);
    } catch (err) {
      if ((err as { code?: string }).code === 'EINVAL') return false;
      throw err;
    }
    try {
      for (let off = 0; off <= SLACK - 512; off += 16) {
        try {
          readSync(fd, this.buffer, off, CHUNK, 0);
          this.aligned = off;
          return true;
        } catch (err) {
          if ((err as { code?: string }).code !== 'EINVAL') throw err;
        }
      }
      return false;
    } finally {
      closeSync(fd);
    }
  }

  /** Calls `onChunk` with the file's bytes in order; `stop` is checked between chunks. Returns the byte count. */
  read(path: string, onChunk: (chunk: Buffer) => void, stop: () => boolean = () => false): number {
    const direct = this.aligned !== null;
    const fd = direct ? openSync(path, constants.O_RDONLY | constants.O_DIRECT) : openSync(path, 'r');
    const off = this.aligned ?? 0;
    let pos = 0;
    try {
      for (;;) {
        if (stop()) throw new ReadStopped();
        const n = readSync(fd, this.buffer, off, CHUNK, pos);
        if (n > 0) onChunk(this.buffer.subarray(off, off + n));
        pos += n;
        if (n < CHUNK) break;
      }
    } finally {
      closeSync(fd);
    }
    this.files++;
    if (direct) this.directFiles++;
    return pos;
  }

  /** `medium` only when every file was read with O_DIRECT. */
  get readFrom(): ReadFrom {
    return this.files > 0 && this.directFiles === this.files ? 'medium' : 'cache';
  }
}

export class ReadStopped extends Error {
  constructor() {
    super('stopped');
  }
}
