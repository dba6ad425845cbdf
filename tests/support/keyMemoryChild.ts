/**
 * A real workstation process that looks for copies of the store's data key in its own memory
 * (tests/integration/access/keys.test.ts). It signs in, locks, unlocks, changes the password and signs out,
 * and after each step reads every writable mapping of /proc/self/mem for the key's 32 bytes and for its hex
 * spelling (how SQLCipher is keyed). It is given the key masked (key XOR mask), and builds the two needles only
 * while it searches, so the only copies it holds itself are those two needles (subtracted from the counts).
 *
 *   node --expose-gc --import tsx tests/support/keyMemoryChild.ts <dataDir> <username> <password> <newPassword>
 *   (stdin: mask and masked key, hex, one per line)
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createApi } from '../../main/services/kernel/api';
import { PROFILES_DIR, TEST_SCRYPT } from './workstation';

const [dir, username, password, newPassword] = process.argv.slice(2) as [string, string, string, string];
const [maskHex, maskedHex] = readFileSync(0, 'utf8').trim().split('\n') as [string, string];
const mask = Buffer.from(maskHex, 'hex');
const masked = Buffer.from(maskedHex, 'hex');

function withNeedles<T>(fn: (raw: Buffer, hex: Buffer) => T): T {
  const raw = Buffer.alloc(32);
  const hex = Buffer.alloc(64);
  const digits = Buffer.from('0123456789abcdef', 'latin1');
  try {
    for (let i = 0; i < 32; i++) {
      raw[i] = masked[i]! ^ mask[i]!;
      hex[2 * i] = digits[raw[i]! >> 4]!;
      hex[2 * i + 1] = digits[raw[i]! & 15]!;
    }
    return fn(raw, hex);
  } finally {
    raw.fill(0);
    hex.fill(0);
  }
}

/** Occurrences of each needle in the process's writable memory, minus the needles themselves. */
function copiesInMemory(): { raw: number; hex: number } {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return withNeedles((raw, hex) => {
    const counts = [0, 0];
    const needles = [raw, hex];
    const fd = openSync('/proc/self/mem', 'r');
    const chunk = Buffer.alloc(1 << 20);
    const overlap = 64;
    try {
      for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
        const [range, perms] = line.split(/\s+/);
        if (!range || !perms?.startsWith('rw')) continue;
        const [start, end] = range.split('-').map((h) => Number.parseInt(h, 16)) as [number, number];
        for (let at = start; at < end; at += chunk.length - overlap) {
          const len = Math.min(chunk.length, end - at);
          let n: number;
          try {
            n = readSync(fd, chunk, 0, len, at);
          } catch {
            break;
          }
          const view = chunk.subarray(0, n);
          // A match that starts in the overlap is counted in the next window.
          const limit = at + len >= end ? n : n - overlap;
          needles.forEach((needle, i) => {
            for (let p = view.indexOf(needle); p >= 0 && p < limit; p = view.indexOf(needle, p + 1)) counts[i]!++;
          });
        }
      }
    } finally {
      closeSync(fd);
      chunk.fill(0);
    }
    return { raw: counts[0]! - 1, hex: counts[1]! - 1 };
  });
}

async function main(): Promise<void> {
  const api = createApi({ dataDir: dir, profilesDir: PROFILES_DIR, scrypt: TEST_SCRYPT, workstation: 'key-memory' });
  const must = async (method: string, args?: unknown) => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  };
  const seen: Record<string, { raw: number; hex: number }> = {};
  seen.start = copiesInMemory();
  await must('auth.login', { username, password });
  seen.signedIn = copiesInMemory();
  await must('auth.lock');
  seen.locked = copiesInMemory();
  await must('auth.unlock', { password });
  seen.unlocked = copiesInMemory();
  await must('auth.changePassword', { current: password, next: newPassword });
  seen.passwordChanged = copiesInMemory();
  await must('auth.lock');
  await must('auth.unlock', { password: newPassword });
  await must('auth.lock');
  await must('auth.unlock', { password: newPassword });
  seen.unlockedAgain = copiesInMemory();
  await must('auth.logout');
  seen.signedOut = copiesInMemory();
  api.close();
  process.stdout.write(`${JSON.stringify(seen)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
