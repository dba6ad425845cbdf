import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 100;

/**
 * Hot lists and hits (docs/hotlists.md).
 * - `users.supervisor_id`: who approves updates of a member's hot-list entries (the server's users feed carries
 *   it; an administrator sets it for local accounts).
 * - `hotlist_entries` learn their life: pending until the ALPR administrator approves them, removed with who,
 *   when and why; the vehicle's body; the outbox key that created an entry here (a local entry has a negative id
 *   until the server's copy arrives); when its detections were last checked for retro-hits.
 * - `hotlists.retro_checked_refresh`: the refresh of a general list whose entries were last checked.
 * - `hotlist_changes`: new entries and updates awaiting (or past) their decision.
 * - `hits` rebuilt with the four verification states of Alameda's policy and Rejected (SQLite cannot alter a
 *   CHECK): `live_query` becomes `validated`; `cleared` (a disposition without a state) becomes a closed
 *   Confirmed with disposition `other`; the hits, hot-list and users feeds are pulled again from the start so
 *   the server's own words replace these guesses.
 * - `hit_transitions`: every move of a hit, with who, when and what they saw; ours until the server answers,
 *   and those of other workstations as the feed brings them.
 * - `hotlist_retro_hits` / `hotlist_retro_runs`: detections already in the store that match an entry approved or
 *   refreshed since, ranked by match quality, and the runs that found them.
 * - The outbox learns the hot-list kinds (the table is rebuilt with its rows, as in 0040).
 */
export function updateToSchemaVersion100(db: SqlDatabase): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN supervisor_id INTEGER REFERENCES users(id);

    ALTER TABLE hotlists ADD COLUMN retro_checked_refresh TEXT;

    ALTER TABLE hotlist_entries ADD COLUMN body TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
      CHECK (status IN ('pending', 'active', 'refused', 'removed'));
    ALTER TABLE hotlist_entries ADD COLUMN approved_at TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN removed_by TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN removed_at TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN removal_reason TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN request_key TEXT;
    ALTER TABLE hotlist_entries ADD COLUMN retro_checked_at TEXT;
    CREATE INDEX hotlist_entries_by_request ON hotlist_entries (request_key) WHERE request_key IS NOT NULL;

    CREATE TABLE hotlist_changes (
      key TEXT PRIMARY KEY,
      server_id INTEGER UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('create', 'update')),
      entry_id INTEGER NOT NULL,
      list_id TEXT NOT NULL,
      fields TEXT NOT NULL CHECK (json_valid(fields)),
      requested_by TEXT NOT NULL,
      requested_by_name TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
      decided_by TEXT,
      decided_by_name TEXT,
      decided_at TEXT,
      note TEXT,
      decision_key TEXT,
      refusal TEXT,
      version INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX hotlist_changes_pending ON hotlist_changes (requested_at) WHERE status = 'pending';
    CREATE INDEX hotlist_changes_by_entry ON hotlist_changes (entry_id);

    CREATE TABLE hits_new (
      id INTEGER PRIMARY KEY,
      detection_id INTEGER NOT NULL,
      entry_id INTEGER NOT NULL,
      list_id TEXT NOT NULL,
      plate TEXT NOT NULL,
      state TEXT,
      at INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('alert', 'tentative', 'validated', 'confirmed', 'rejected')),
      reject_reason TEXT,
      disposition TEXT,
      disposition_note TEXT,
      closed_at TEXT,
      list_refreshed_at TEXT,
      moved_by TEXT,
      moved_by_name TEXT,
      moved_at TEXT,
      last_key TEXT,
      -- When this workstation first received the hit, and when a person here first opened it ("new" alerts).
      arrived_at TEXT,
      opened_at TEXT,
      version INTEGER NOT NULL
    ) STRICT;
    INSERT INTO hits_new (id, detection_id, entry_id, list_id, plate, state, at, status, disposition, disposition_note,
                          closed_at, arrived_at, opened_at, version)
      SELECT id, detection_id, entry_id, list_id, plate, state, at,
             CASE status WHEN 'live_query' THEN 'validated' WHEN 'cleared' THEN 'confirmed' ELSE status END,
             CASE WHEN status = 'cleared' THEN 'other' END,
             CASE WHEN status = 'cleared' THEN disposition END,
             CASE WHEN status = 'cleared' THEN strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000, 'unixepoch') END,
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0
      FROM hits;
    DROP TABLE hits;
    ALTER TABLE hits_new RENAME TO hits;
    CREATE INDEX hits_by_time ON hits (at);
    CREATE INDEX hits_by_detection ON hits (detection_id);
    CREATE INDEX hits_by_entry ON hits (entry_id);

    CREATE TABLE hit_transitions (
      key TEXT PRIMARY KEY,
      server_id INTEGER UNIQUE,
      hit_id INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('verify', 'validate', 'confirm', 'reject', 'close')),
      from_status TEXT NOT NULL,
      to_status TEXT NOT NULL,
      details TEXT NOT NULL CHECK (json_valid(details)),
      username TEXT NOT NULL,
      full_name TEXT NOT NULL,
      workstation TEXT,
      at TEXT NOT NULL,
      -- The server's version of the hit this workstation's pending transitions started from, and the previous one.
      base_version INTEGER NOT NULL DEFAULT 0,
      prev_key TEXT,
      -- pending: ours, not yet answered; accepted / superseded / refused: the server's answer; remote: another
      -- workstation's.
      sync TEXT NOT NULL CHECK (sync IN ('pending', 'accepted', 'superseded', 'refused', 'remote')),
      message TEXT
    ) STRICT;
    CREATE INDEX hit_transitions_by_hit ON hit_transitions (hit_id, at);
    CREATE INDEX hit_transitions_pending ON hit_transitions (hit_id) WHERE sync = 'pending';

    CREATE TABLE hotlist_retro_hits (
      entry_id INTEGER NOT NULL,
      detection_id INTEGER NOT NULL,
      plate TEXT NOT NULL,
      tier TEXT NOT NULL CHECK (tier IN ('exact', 'similar', 'near')),
      cost INTEGER NOT NULL,
      explanation TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      found_at TEXT NOT NULL,
      run_id INTEGER NOT NULL,
      PRIMARY KEY (entry_id, detection_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX hotlist_retro_hits_by_detection ON hotlist_retro_hits (detection_id);
    CREATE INDEX hotlist_retro_hits_by_run ON hotlist_retro_hits (run_id);

    CREATE TABLE hotlist_retro_runs (
      id INTEGER PRIMARY KEY,
      list_id TEXT,
      trigger TEXT NOT NULL CHECK (trigger IN ('approval', 'refresh', 'request')),
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT CHECK (outcome IN ('ok', 'failed', 'cancelled')),
      entries INTEGER NOT NULL DEFAULT 0,
      found INTEGER NOT NULL DEFAULT 0,
      error TEXT
    ) STRICT;

    CREATE TABLE sync_outbox_new (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('hotlist_entry', 'release_decision', 'plate_correction', 'hotlist_update',
                                         'hotlist_removal', 'hotlist_approval', 'hit_transition')),
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      pushed_at TEXT,
      server_id INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;
    INSERT INTO sync_outbox_new SELECT key, kind, body, created_at, pushed_at, server_id, attempts, last_error FROM sync_outbox;
    DROP TABLE sync_outbox;
    ALTER TABLE sync_outbox_new RENAME TO sync_outbox;
    CREATE INDEX sync_outbox_pending ON sync_outbox (created_at) WHERE pushed_at IS NULL;

    DELETE FROM sync_cursors WHERE feed IN ('users', 'hotlists', 'hits');
  `);
}
