import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 81;

/**
 * The ALPR Administrator's designee over time: "the title and name of the current designee in overseeing the
 * ALPR operation" (e.g. Modesto 462.3.1(e)). Rows are only added: the current designee is the one with the
 * latest `since`, and the history answers who it was on any day a document cites.
 */
export function updateToSchemaVersion81(db: SqlDatabase): void {
  db.exec(`
    CREATE TABLE designees (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      since TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      recorded_by INTEGER REFERENCES users(id),
      recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX designees_by_since ON designees (since, id);
  `);
}
