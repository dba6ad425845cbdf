import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type WritableDB } from '../../main/store/db';
import { migrate } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';

/**
 * A real encrypted store brought to schema `version` and no further, as Signal Desktop tests its migrations:
 * open at N-1, seed what the old schema held, migrate to N, assert.
 */
export type StoreAt = { db: WritableDB; migrateTo: (version: number) => void; close: () => void };

export function storeAt(version: number): StoreAt {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-migration-'));
  const db = openStore(join(dir, 'canvass.db'), randomBytes(32), { migrate: false });
  const migrateTo = (v: number) => {
    const steps = migrations.filter((m) => m.version <= v);
    if (steps.length) migrate(db, steps);
  };
  migrateTo(version);
  return {
    db,
    migrateTo,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const userVersion = (db: WritableDB) => db.pragma('user_version', { simple: true }) as number;
export const tables = (db: WritableDB) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (n) => !n.startsWith('sqlite_'),
  );
export const columns = (db: WritableDB, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort();
export const isStrict = (db: WritableDB, table: string) =>
  /\bSTRICT\b/.test(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(table) as string);

/** A camera and a detection as 0010 holds them. */
export function seedDetection(db: WritableDB, id = 1, plate = 'QZA12345'): void {
  db.prepare(
    "INSERT OR IGNORE INTO cameras (id, name, kind, lat, lon, heading, version) VALUES ('cam-1', 'ECR & San Antonio NB', 'fixed', 37.4, -122.11, 'N', 1)",
  ).run();
  db.prepare(
    `INSERT INTO detections (id, plate, state, seen_at, lat, lon, camera_id, heading, make, model, color, body, features, confidence, version)
     VALUES (?, ?, 'CA', 1764000000000, 37.4, -122.11, 'cam-1', 'N', 'Honda', 'Civic', 'gray', 'sedan', 0, 0.92, 1)`,
  ).run(id, plate);
}
