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
export function openStore(path: string, dataKey: Buffer, options: { readonly: true }): ReadableDB;
export function openStore(path: string, dataKey: Buffer, options?: { readonly?: false; migrate?: boolean }): WritableDB;
export function openStore(
  path: string,
  dataKey: Buffer,
  options: { readonly?: boolean; migrate?: boolean } = {},
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
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
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

export function keyDatabase(db: SqlDatabase, dataKey: Buffer): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${dataKey.toString('hex')}'"`);
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

/** Runs `fn` in one IMMEDIATE transaction; SQLITE_FULL becomes a DISK_FULL error and nothing is committed. */
export function inTransaction<T>(db: SqlDatabase, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    throw translateSqliteError(err);
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
}

export function rollbackWrite(db: WritableDB): void {
  db.exec('ROLLBACK');
}

/**
 * A worker's own connection that writes in bulk (a sync): it waits up to 10 s for main's short writes, and a
 * first sync, which writes hundreds of megabytes, checkpoints the WAL every ~64 MB instead of every 4 MB, so the
 * same index pages are not copied back to the database file over and over (`checkpoint` once at the end).
 */
export function tuneForBulkWrites(db: WritableDB): void {
  db.pragma('busy_timeout = 10000');
  db.pragma('wal_autocheckpoint = 16000');
}

/** A worker's connection that may wait for main's writes (a scan on its own thread). */
export function waitForWrites(db: ReadableDB, ms = 10_000): void {
  db.pragma(`busy_timeout = ${ms}`);
}

export function checkpoint(db: WritableDB): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}
