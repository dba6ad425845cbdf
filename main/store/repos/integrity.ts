import type { Seal } from '../../core/audit/seal';
import type { ReadableDB, WritableDB } from '../db';

/** What the workstation notices about its own integrity (0070): alerts for the administrator, and the seals. */

export type IntegrityAlertRow = {
  id: number;
  at: string;
  kind: string;
  message: string;
  details: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};

const ALERT_COLUMNS = `id, at, kind, message, details, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy`;

export function insertAlert(db: WritableDB, a: { at: string; kind: string; message: string; details: string }): number {
  const info = db
    .prepare('INSERT INTO integrity_alerts (at, kind, message, details) VALUES (?, ?, ?, ?)')
    .run(a.at, a.kind, a.message, a.details);
  return Number(info.lastInsertRowid);
}

export function listAlerts(db: ReadableDB, options: { open?: boolean; limit?: number } = {}): IntegrityAlertRow[] {
  return db
    .prepare(
      `SELECT ${ALERT_COLUMNS} FROM integrity_alerts ${options.open ? 'WHERE acknowledged_at IS NULL' : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(options.limit ?? 200) as IntegrityAlertRow[];
}

export function openAlertCount(db: ReadableDB): number {
  return (db.prepare('SELECT count(*) AS n FROM integrity_alerts WHERE acknowledged_at IS NULL').get() as { n: number })
    .n;
}

export function acknowledgeAlert(db: WritableDB, id: number, at: string, by: string): boolean {
  return (
    db
      .prepare(
        'UPDATE integrity_alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL',
      )
      .run(at, by, id).changes === 1
  );
}

export function getIntegrityValue(db: ReadableDB, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM integrity_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null
  );
}

export function setIntegrityValue(db: WritableDB, key: string, value: string): void {
  db.prepare(
    'INSERT INTO integrity_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** The hash of record `seq` (the genesis for 0), or null when the log does not hold it. */
export function hashOfRecord(db: ReadableDB, seq: number): string | null {
  if (seq === 0) return '0'.repeat(64);
  return (
    (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash ?? null
  );
}

const SEAL_COLUMNS = 'epoch, seq, hash, prev_tag AS prevTag, tag, at';

export function insertSeal(db: WritableDB, series: string, s: Seal): void {
  db.prepare('INSERT INTO audit_seals (series, epoch, seq, hash, prev_tag, tag, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    series,
    s.epoch,
    s.seq,
    s.hash,
    s.prevTag,
    s.tag,
    s.at,
  );
}

export function lastSeal(db: ReadableDB, series: string): Seal | null {
  return (
    (db.prepare(`SELECT ${SEAL_COLUMNS} FROM audit_seals WHERE series = ? ORDER BY epoch DESC LIMIT 1`).get(series) as
      Seal | undefined) ?? null
  );
}

export function sealsAfter(db: ReadableDB, series: string, epoch: number, limit = 500): Seal[] {
  return db
    .prepare(`SELECT ${SEAL_COLUMNS} FROM audit_seals WHERE series = ? AND epoch > ? ORDER BY epoch LIMIT ?`)
    .all(series, epoch, limit) as Seal[];
}

export function* iterateSeals(db: ReadableDB, series: string): Generator<Seal> {
  const stmt = db.prepare(`SELECT ${SEAL_COLUMNS} FROM audit_seals WHERE series = ? ORDER BY epoch`);
  for (const s of stmt.iterate(series) as Iterable<Seal>) yield s;
}
