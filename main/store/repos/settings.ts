import type { ReadableDB, WritableDB } from '../db';

/** Agency-wide settings (0050): a key, its value, and who changed it when. */

export type SettingRow = { key: string; value: string; updatedAt: string; updatedBy: string | null };

export function getSetting(db: ReadableDB, key: string): SettingRow | null {
  return (
    (db
      .prepare('SELECT key, value, updated_at AS updatedAt, updated_by AS updatedBy FROM settings WHERE key = ?')
      .get(key) as SettingRow | undefined) ?? null
  );
}

export function putSetting(db: WritableDB, row: SettingRow): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @value, @updatedAt, @updatedBy)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(row);
}
