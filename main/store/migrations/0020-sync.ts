import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 20;

/**
 * Sync with the agency server: per-feed cursors, the quarantine of malformed records, the history of sync
 * runs, the outbox of items to push, the mapping of server users and training records to local rows, and
 * the hot lists, entries and hits pulled from the server. Feed-sourced tables carry the server's id and
 * version; they have no foreign keys to each other because a feed may deliver a hit before (or without)
 * the detection it refers to, e.g. outside the local window.
 */
export function updateToSchemaVersion20(db: SqlDatabase): void {
  db.exec(`
    -- Enrollment and settings: server URL, workstation id and secret, pinned certificate, window, audit push head.
    CREATE TABLE sync_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_cursors (
      feed TEXT PRIMARY KEY CHECK (feed IN ('policy', 'users', 'cameras', 'hotlists', 'detections', 'hits')),
      cursor TEXT NOT NULL,
      since INTEGER,
      records INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_quarantine (
      id INTEGER PRIMARY KEY,
      feed TEXT NOT NULL,
      kind TEXT,
      record_id TEXT,
      reason TEXT NOT NULL,
      raw TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sync_quarantine_by_time ON sync_quarantine (at);

    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      username TEXT,
      server TEXT NOT NULL,
      outcome TEXT CHECK (outcome IN ('ok', 'failed', 'cancelled')),
      stats TEXT
    ) STRICT;

    CREATE TABLE sync_outbox (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('hotlist_entry', 'release_decision')),
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      pushed_at TEXT,
      server_id INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;
    CREATE INDEX sync_outbox_pending ON sync_outbox (created_at) WHERE pushed_at IS NULL;

    CREATE TABLE remote_users (
      remote_id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
      version INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE remote_training (
      remote_id INTEGER PRIMARY KEY,
      training_id INTEGER NOT NULL UNIQUE REFERENCES training_records(id)
    ) STRICT;

    CREATE TABLE hotlists (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      category TEXT NOT NULL CHECK (category IN ('SVS', 'SLR', 'SFR', 'DMV', 'BOLO')),
      general INTEGER NOT NULL CHECK (general IN (0, 1)),
      source TEXT NOT NULL,
      refreshed_at TEXT NOT NULL,
      version INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE hotlist_entries (
      id INTEGER PRIMARY KEY,
      list_id TEXT NOT NULL,
      plate TEXT NOT NULL,
      state TEXT,
      make TEXT,
      model TEXT,
      color TEXT,
      reason TEXT NOT NULL,
      case_number TEXT,
      synopsis TEXT,
      entered_by TEXT,
      approved_by TEXT,
      entered_at TEXT NOT NULL,
      expires_on TEXT,
      version INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX hotlist_entries_by_plate ON hotlist_entries (plate);
    CREATE INDEX hotlist_entries_by_list ON hotlist_entries (list_id);

    CREATE TABLE hits (
      id INTEGER PRIMARY KEY,
      detection_id INTEGER NOT NULL,
      entry_id INTEGER NOT NULL,
      list_id TEXT NOT NULL,
      plate TEXT NOT NULL,
      state TEXT,
      at INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('alert', 'tentative', 'live_query', 'confirmed', 'cleared')),
      disposition TEXT,
      version INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX hits_by_time ON hits (at);
    CREATE INDEX hits_by_detection ON hits (detection_id);
  `);
}
