import { hash } from 'node:crypto';
import type { SqlStatement } from '../../../native/sqlcipher';
import { GENESIS_HASH, makeLink, type AuditRecord, type ChainLink, type MaterialRow } from '../../core/audit/chain';
import { inTransaction, type ReadableDB, type WritableDB } from '../db';

/** One-shot SHA-256 (about twice as fast as createHash for records this size). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

type Statements = { head: SqlStatement; insert: SqlStatement };
const statements = new WeakMap<ReadableDB, Statements>();

function prepared(db: ReadableDB): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)'),
    };
    statements.set(db, s);
  }
  return s;
}

export function auditHead(db: ReadableDB): { seq: number; hash: string } {
  const row = prepared(db).head.get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends one record to the chain. Call inside the (IMMEDIATE) transaction of the change it records, if any;
 * alone, it takes its own: reading the head and inserting after it must be one step, or another connection
 * (the sync worker's clone scan) can append between the two and both claim the same seq. On main's (durable)
 * connection the record is on disk when the transaction returns.
 */
export function appendAudit(db: WritableDB, record: AuditRecord): ChainLink {
  const s = prepared(db);
  const append = () => {
    const head = auditHead(db);
    const link = makeLink(sha256Hex, head.hash, head.seq + 1, record);
    s.insert.run(link.seq, link.body, link.prevHash, link.hash);
    return link;
  };
  return db.inTransaction ? append() : inTransaction(db, append);
}

/**
 * Appends records in one (IMMEDIATE) transaction, in order: what a group commit writes. On main's durable
 * connection the commit fsyncs the WAL once for all of them, and every one is on disk when this returns.
 */
export function appendAuditBatch(db: WritableDB, records: readonly AuditRecord[]): ChainLink[] {
  const s = prepared(db);
  return inTransaction(db, () => {
    let head = auditHead(db);
    return records.map((record) => {
      const link = makeLink(sha256Hex, head.hash, head.seq + 1, record);
      s.insert.run(link.seq, link.body, link.prevHash, link.hash);
      head = link;
      return link;
    });
  });
}

/** Whether a commit on this connection reaches the disk before it returns (synchronous=FULL or EXTRA). */
export function commitsDurably(db: ReadableDB): boolean {
  return (db.pragma('synchronous', { simple: true }) as number) >= 2;
}

/** Links in seq order; raw rows are about 40% faster to read than named ones on a long log. */
export function* iterateAudit(db: ReadableDB, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): Generator<ChainLink> {
  const stmt = db
    .prepare('SELECT seq, body, prev_hash, hash FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq')
    .raw();
  for (const r of stmt.iterate(fromSeq, toSeq) as Iterable<[number, string, string, string]>) {
    yield { seq: r[0], body: r[1], prevHash: r[2], hash: r[3] };
  }
}

/**
 * Links in seq order as `[seq, prevHash, hash, material]` rows (core/audit/chain.ts `MaterialRow`), a page at a
 * time: SQLite joins the hashed material, so a verifier reads one string a link and makes no object per link.
 */
export function* auditMaterialPages(
  db: ReadableDB,
  fromSeq = 1,
  toSeq = Number.MAX_SAFE_INTEGER,
  pageSize = 4096,
): Generator<MaterialRow[]> {
  const stmt = db
    .prepare(
      `SELECT seq, prev_hash, hash, prev_hash || char(10) || seq || char(10) || body
         FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  let from = fromSeq;
  for (;;) {
    const rows = stmt.all(from, toSeq, pageSize) as MaterialRow[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![0] + 1;
  }
}

/**
 * `[seq, body]` of the records in a seq range whose body contains `word`, a page at a time: a screening reads
 * only the records that can be searches, and neither hash (the test runs in SQLite, before a string is made).
 */
export function* auditBodyPages(
  db: ReadableDB,
  word: string,
  fromSeq = 1,
  toSeq = Number.MAX_SAFE_INTEGER,
  pageSize = 4096,
): Generator<[number, string][]> {
  const stmt = db
    .prepare('SELECT seq, body FROM audit_log WHERE seq >= ? AND seq <= ? AND instr(body, ?) > 0 ORDER BY seq LIMIT ?')
    .raw();
  let from = fromSeq;
  for (;;) {
    const rows = stmt.all(from, toSeq, word, pageSize) as [number, string][];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![0] + 1;
  }
}

/** The last link before `seq` (or the genesis), where verifying a range starts. */
export function linkBefore(db: ReadableDB, seq: number): { seq: number; hash: string } {
  const row = db.prepare('SELECT seq, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1').get(seq) as
    { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/** First and last seq of the log without counting it (two rowid look-ups; `count(*)` reads every page). */
export function auditSeqSpan(db: ReadableDB): { first: number; last: number } {
  const row = db
    .prepare('SELECT (SELECT min(seq) FROM audit_log) AS first, (SELECT max(seq) FROM audit_log) AS last')
    .get() as { first: number | null; last: number | null };
  return { first: row.first ?? 0, last: row.last ?? 0 };
}

export function pageAudit(db: ReadableDB, beforeSeq: number | null, limit: number): ChainLink[] {
  return db
    .prepare('SELECT seq, body, prev_hash AS prevHash, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as ChainLink[];
}

/**
 * Links whose action is one of `actions` (or starts with one ending in `.`, e.g. `search.`), in seq order: the
 * caller reads their bodies (an evidence package looks for the searches that found its detections).
 */
export function* auditLinksOfActions(db: ReadableDB, actions: readonly string[]): Generator<ChainLink> {
  const exact = actions.filter((a) => !a.endsWith('.'));
  const prefixes = actions.filter((a) => a.endsWith('.'));
  const where = [`action IN (SELECT value FROM json_each(?))`, ...prefixes.map(() => `substr(action, 1, ?) = ?`)].join(
    ' OR ',
  );
  const params: (string | number)[] = [JSON.stringify(exact), ...prefixes.flatMap((p) => [p.length, p])];
  const stmt = db.prepare(`SELECT seq, body, prev_hash, hash FROM audit_log WHERE ${where} ORDER BY seq`).raw();
  for (const r of stmt.iterate(...params) as Iterable<[number, string, string, string]>) {
    yield { seq: r[0], body: r[1], prevHash: r[2], hash: r[3] };
  }
}
