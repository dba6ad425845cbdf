import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deriveSubkey } from './sealedKey';

/**
 * The access log's sealed head: the last record's number and hash, kept outside the database in
 * `audit-head.json` beside it, with an HMAC under a key derived from the data key. Someone who discards the WAL
 * or puts back an older copy of the store, without the key, cannot bring this file along to match: at the next
 * sign-in the log is found behind its sealed head, and the missing records are named.
 *
 * Two fixed-size slots, written in turn in place (no rename, no fsync: the WAL the head follows is already
 * synced, and a head lost in a crash is only behind the log, never ahead of it). A torn write spoils one slot;
 * the other still holds the previous head.
 */
export type SealedHead = { counter: number; seq: number; hash: string; at: string };
export type HeadReading = { state: 'sealed'; head: SealedHead } | { state: 'missing' } | { state: 'altered' };

const SLOT_BYTES = 256;
const FORMAT = 'canvass-audit-head/v1';

export function auditHeadPath(storePath: string): string {
  return join(dirname(storePath), 'audit-head.json');
}

export class AuditHeadFile {
  private readonly key: Buffer;
  private fd: number | null = null;
  private counter = 0;

  constructor(
    readonly path: string,
    dataKey: Buffer,
  ) {
    this.key = deriveSubkey(dataKey, 'canvass/audit-head/v1');
  }

  read(): HeadReading {
    if (!existsSync(this.path)) return { state: 'missing' };
    const text = readFileSync(this.path, 'latin1');
    let best: SealedHead | null = null;
    for (let i = 0; i * SLOT_BYTES < text.length; i++) {
      const head = this.open(text.slice(i * SLOT_BYTES, (i + 1) * SLOT_BYTES));
      if (head && (!best || head.counter > best.counter)) best = head;
    }
    if (best) this.counter = Math.max(this.counter, best.counter);
    return best ? { state: 'sealed', head: best } : { state: 'altered' };
  }

  write(seq: number, hash: string, at: string): void {
    if (this.fd === null) {
      if (this.counter === 0) this.read();
      this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+', 0o600);
    }
    const counter = ++this.counter;
    const line = JSON.stringify({ counter, seq, hash, at, mac: this.mac(counter, seq, hash, at) });
    const slot = Buffer.alloc(SLOT_BYTES, 0x20);
    slot.write(line, 'latin1');
    slot[SLOT_BYTES - 1] = 0x0a;
    writeSync(this.fd, slot, 0, SLOT_BYTES, (counter % 2) * SLOT_BYTES);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.key.fill(0);
  }

  private mac(counter: number, seq: number, hash: string, at: string): string {
    return createHmac('sha256', this.key).update(`${FORMAT}\n${counter}\n${seq}\n${hash}\n${at}`).digest('hex');
  }

  private open(slot: string): SealedHead | null {
    try {
      const o = JSON.parse(slot.trim()) as Partial<SealedHead> & { mac?: unknown };
      if (
        typeof o.counter !== 'number' ||
        typeof o.seq !== 'number' ||
        typeof o.hash !== 'string' ||
        typeof o.at !== 'string' ||
        typeof o.mac !== 'string'
      )
        return null;
      const want = Buffer.from(this.mac(o.counter, o.seq, o.hash, o.at), 'hex');
      const got = Buffer.from(o.mac, 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
      return { counter: o.counter, seq: o.seq, hash: o.hash, at: o.at };
    } catch {
      return null;
    }
  }
}
