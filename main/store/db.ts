import { existsSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { openDatabaseFile, type SqlDatabase } from '../../native/sqlcipher';
import { CanvassError } from '../core/shared/errors';
import { migrate } from './migrate';

declare const readable: unique symbol;
declare const writable: unique symbol;
/**
 * Store handles the type checker tells apart (Signal Desktop's `ReadableDB` / `WritableDB`): a repo function
 * that only reads takes a `ReadableDB`, so code holding one (a verifier, an export, a read-only use case) cannot
 * hand it to a function that writes. A `WritableDB` may also read.
 */
export type ReadableDB = SqlDatabase & { readonly [readable]: true };
export type WritableDB = ReadableDB & { readonly [writable]: true };

export const DATA_KEY_BYTES = 32;

const SQLITE_PLAIN_HEADER = 'SQLite format 3\0';

/**
 * Opens the SQLCipher 4 store with a raw 256-bit data key (no second key derivation: the key is already
 * random), proves the key with a read, then sets WAL and foreign keys and migrates. Fails fast with a
 * message a person can act on.
 */
/**
 * How a commit reaches the disk. `durable` (the default): every commit fsyncs the WAL before it returns, so an
 * access record is on disk before the results it records are shown, and a power cut loses no committed record.
 * `deferred` (SQLite's synchronous=NORMAL) leaves that to the next checkpoint: only for bulk writes that can be
 * fetched again (a sync's pages, whose cursor commits with them) and as the benchmark's baseline.
 */
export type Durability = 'durable' | 'deferred';

type OpenOptions = { readonly?: false; migrate?: boolean; durability?: Durability };

export function openStore(path: string, dataKey: Buffer, options: { readonly: true }): ReadableDB;
export function openStore(path: string, dataKey: Buffer, options?: OpenOptions): WritableDB;
export function openStore(
  path: string,
  dataKey: Buffer,
  options: { readonly?: boolean; migrate?: boolean; durability?: Durability } = {},
): WritableDB {
  if (dataKey.length !== DATA_KEY_BYTES) throw new CanvassError('INTERNAL', 'The store key has the wrong length.');
  const isNew = !existsSync(path);
  if (!isNew && hasPlainSqliteHeader(path)) {
    throw new CanvassError(
      'STORE_CORRUPT',
      `The store at ${path} is not encrypted. Canvass will not use an unencrypted store.`,
    );
  }
  // Owner-only from the first byte; SQLite gives the -wal and -shm files the same mode.
  if (isNew && !options.readonly) writeFileSync(path, '', { mode: 0o600 });
  const db = openDatabaseFile(path, { readonly: options.readonly, fileMustExist: options.readonly });
  try {
    keyDatabase(db, dataKey);
    proveKey(db, path);
    // Before the first table: a new store gives freed pages back to the file system on request (retention's purge).
    if (isNew && !options.readonly) db.pragma('auto_vacuum = INCREMENTAL');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      setDurability(db as WritableDB, options.durability ?? 'durable');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    if (options.migrate !== false && !options.readonly) migrate(db);
    return db as WritableDB;
  } catch (err) {
    db.close();
    throw translateOpenError(err, path);
  }
}

/** A damaged page met while opening (the schema, the header) is a damaged store, not an internal error. */
function translateOpenError(err: unknown, path: string): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new CanvassError(
      'STORE_CORRUPT',
      `The store at ${path} is damaged or was altered outside Canvass: a page fails its integrity check. Restore it from the agency server by syncing a fresh workstation.`,
    );
  }
  return translateSqliteError(err);
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * Keys the connection with the raw key (SQLCipher's `x'…'` form). The hex is spelled into a buffer that is
 * wiped at once, never into a JavaScript string (strings cannot be wiped and would outlive the session).
 */
export function keyDatabase(db: SqlDatabase, dataKey: Buffer): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  const raw = Buffer.alloc(dataKey.length * 2 + 3);
  try {
    raw[0] = 0x78; // x
    raw[1] = raw[raw.length - 1] = 0x27; // '
    for (let i = 0; i < dataKey.length; i++) {
      raw[2 + 2 * i] = HEX[dataKey[i]! >> 4]!;
      raw[3 + 2 * i] = HEX[dataKey[i]! & 15]!;
    }
    db.key(raw);
  } finally {
    raw.fill(0);
  }
}

function proveKey(db: SqlDatabase, path: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new CanvassError(
        'STORE_CORRUPT',
        `The store at ${path} cannot be decrypted: the file is damaged or was altered outside Canvass. Restore it from the agency server by syncing a fresh workstation.`,
      );
    }
    throw err;
  }
}

function hasPlainSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_PLAIN_HEADER;
  } finally {
    closeSync(fd);
  }
}

export function setDurability(db: WritableDB, durability: Durability): void {
  db.pragma(`synchronous = ${durability === 'durable' ? 'FULL' : 'NORMAL'}`);
}

/** The connection's durability as `setDurability` set it (FULL or stricter is durable). */
export function durabilityOf(db: ReadableDB): Durability {
  return (db.pragma('synchronous', { simple: true }) as number) >= 2 ? 'durable' : 'deferred';
}

/** Runs `fn` in one IMMEDIATE transaction; SQLITE_FULL becomes a DISK_FULL error and nothing is committed. */
export function inTransaction<T>(db: SqlDatabase, fn: () => T): T {
  let result: T;
  try {
    result = db.transaction(fn).immediate();
  } catch (err) {
    throw translateSqliteError(err);
  }
  if (!db.inTransaction) committed(db);
  return result;
}

const commitHooks = new WeakMap<SqlDatabase, Set<() => void>>();

/**
 * Runs `hook` after every commit made through `inTransaction` or `commitWrite` on this connection (the access
 * log's sealed head follows the chain this way). A hook never fails the commit that has already happened.
 */
export function onCommit(db: ReadableDB, hook: () => void): () => void {
  let hooks = commitHooks.get(db);
  if (!hooks) commitHooks.set(db, (hooks = new Set()));
  hooks.add(hook);
  return () => hooks.delete(hook);
}

function committed(db: SqlDatabase): void {
  for (const hook of commitHooks.get(db) ?? []) {
    try {
      hook();
    } catch (err) {
      process.emitWarning(`Canvass: an after-commit step failed: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
}

export function translateSqliteError(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_FULL') {
    return new CanvassError(
      'DISK_FULL',
      'The disk is full. Nothing was saved from this action; free some space and try again.',
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new CanvassError('STORE_CORRUPT', 'The store is damaged. Nothing was saved from this action.');
  }
  return err;
}

/**
 * A write transaction that spans several steps (the sync applies a group of pages, one at a time, in one):
 * begun IMMEDIATE like `inTransaction`, ended by `commitWrite` or `rollbackWrite`.
 */
export function beginWrite(db: WritableDB): void {
  db.exec('BEGIN IMMEDIATE');
}

export function commitWrite(db: WritableDB): void {
  db.exec('COMMIT');
  committed(db);
}

export function rollbackWrite(db: WritableDB): void {
  db.exec('ROLLBACK');
}

/**
 * Writes that hold the store's write lock briefly though they run for long (a full clone scan's save: ~10 s at
 * 50 M): a transaction begun before a write when none is open, committed once it has held the lock `budgetMs`,
 * and committed by the writer before it waits for more. Main's writes (each search's access record) wait for
 * that lock synchronously, so this is the longest they wait for it, as with the sync's groups (`commitAfterMs`).
 */
export class ShortWrites {
  private openedAt = -1;
  private committedAt = -Infinity;
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));
  constructor(
    private readonly db: WritableDB,
    private readonly budgetMs = SHORT_WRITE_MS,
  ) {}

  /**
   * Before a write: a transaction open, a fresh one once this one has held the lock `budgetMs`. Between two, the
   * lock is left free `LOCK_GAP_MS` (this thread sleeps): a writer waiting for it retries only every 25–50 ms
   * (SQLite's busy handler, in its first 200 ms), and would otherwise miss a gap of microseconds, again and again.
   */
  step(): void {
    if (this.openedAt >= 0 && performance.now() - this.openedAt < this.budgetMs) return;
    this.commit();
    const free = performance.now() - this.committedAt;
    if (free < LOCK_GAP_MS) Atomics.wait(this.pause, 0, 0, LOCK_GAP_MS - free);
    beginWrite(this.db);
    this.openedAt = performance.now();
  }

  /** Commits what is open, if anything. */
  commit(): void {
    if (this.openedAt < 0) return;
    this.openedAt = -1;
    commitWrite(this.db);
    this.committedAt = performance.now();
  }

  /** Rolls back what is open, if anything (what was committed stays). */
  rollback(): void {
    if (this.openedAt < 0) return;
    this.openedAt = -1;
    if (this.db.inTransaction) rollbackWrite(this.db);
  }
}

/** How long a `ShortWrites` transaction holds the write lock, and how long it leaves it free before the next. */
export const SHORT_WRITE_MS = 200;
const LOCK_GAP_MS = 50;

/**
 * A worker's own connection that writes in bulk (a sync): it waits up to 10 s for main's short writes, its
 * commits are not synced one by one, and a
 * first sync, which writes hundreds of megabytes, checkpoints the WAL every ~64 MB instead of every 4 MB, so the
 * same index pages are not copied back to the database file over and over (`checkpoint` once at the end).
 */
export function tuneForBulkWrites(db: WritableDB): void {
  db.pragma('busy_timeout = 10000');
  db.pragma('wal_autocheckpoint = 16000');
  // Pages can be fetched again (their cursor commits with them); main's next durable commit syncs them anyway.
  setDurability(db, 'deferred');
}

/** A worker's connection that may wait for main's writes (a scan on its own thread). */
export function waitForWrites(db: ReadableDB, ms = 10_000): void {
  db.pragma(`busy_timeout = ${ms}`);
}

export function checkpoint(db: WritableDB): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}
