import type { SqlDatabase } from '../../../native/sqlcipher';

export const version = 80;

/**
 * What a course covered: `training_records.topics` is a JSON array of the ids of the policy's required
 * topics (Hayward 429.4(c), Oakland 430.9, Piedmont 438.7). Courses recorded before this say nothing, and so
 * count for no topic — under a policy that lists topics, they must be recorded again with what they covered.
 */
export function updateToSchemaVersion80(db: SqlDatabase): void {
  db.exec(`
    ALTER TABLE training_records ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'
      CHECK (json_valid(topics) AND json_type(topics) = 'array');
  `);
}
