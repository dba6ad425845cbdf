import type { SqlDatabase } from '../../native/sqlcipher';
import { CanvassError } from '../core/shared/errors';
import { migrations, type Migration } from './migrations';

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/** How many migrations the store is behind this version of Canvass (0 when current, or when it is newer). */
export function pendingMigrations(db: SqlDatabase, list: readonly Migration[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  return list.filter((m) => m.version > current).length;
}

/**
 * Brings the store to SCHEMA_VERSION in one transaction, `onStep(done, total, version)` after each step. A store
 * written by a newer Canvass is refused, not downgraded: its data would be misread.
 */
export function migrate(
  db: SqlDatabase,
  list: readonly Migration[] = migrations,
  onStep?: (done: number, total: number, version: number) => void,
): number {
  const target = list[list.length - 1]!.version;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new CanvassError(
      'STORE_FROM_FUTURE',
      `This store was written by a newer version of Canvass (schema ${current}; this version knows up to ${target}). Install the newer version to open it.`,
    );
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    pending.forEach((m, i) => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      onStep?.(i + 1, pending.length, m.version);
    });
  }).immediate();
  return target;
}
