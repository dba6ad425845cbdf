import type { TrainingCourse } from '../../core/access/training';
import type { ReadableDB, WritableDB } from '../db';

export type TrainingRow = {
  id: number;
  userId: number;
  course: string;
  completedOn: string;
  instructor: string;
  /** Ids of the policy's required topics the course covered. */
  topics: string[];
  recordedBy: string | null;
  recordedAt: string;
};

export type NewTraining = {
  userId: number;
  course: string;
  completedOn: string;
  instructor: string;
  topics: readonly string[];
  recordedBy: number | null;
};

export function insertTraining(db: WritableDB, t: NewTraining, at: string): number {
  const { lastInsertRowid } = db
    .prepare(
      'INSERT INTO training_records (user_id, course, completed_on, instructor, topics, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(t.userId, t.course, t.completedOn, t.instructor, JSON.stringify([...new Set(t.topics)]), t.recordedBy, at);
  return Number(lastInsertRowid);
}

export function listTraining(db: ReadableDB, userId: number): TrainingRow[] {
  return (
    db
      .prepare(
        `SELECT t.id, t.user_id AS userId, t.course, t.completed_on AS completedOn, t.instructor, t.topics,
                u.username AS recordedBy, t.recorded_at AS recordedAt
         FROM training_records t LEFT JOIN users u ON u.id = t.recorded_by
         WHERE t.user_id = ? ORDER BY t.completed_on DESC, t.id DESC`,
      )
      .all(userId) as (Omit<TrainingRow, 'topics'> & { topics: string })[]
  ).map((r) => ({ ...r, topics: JSON.parse(r.topics) as string[] }));
}

/** A user's courses as training currency reads them: when, and which topics. */
export function trainingCourses(db: ReadableDB, userId: number): TrainingCourse[] {
  return (
    db.prepare('SELECT completed_on AS completedOn, topics FROM training_records WHERE user_id = ?').all(userId) as {
      completedOn: string;
      topics: string;
    }[]
  ).map((r) => ({ completedOn: r.completedOn, topics: JSON.parse(r.topics) as string[] }));
}

/** The local training record a server training record was copied into, if any. */
export function remoteTrainingId(db: ReadableDB, remoteId: string | number): number | null {
  return (
    (
      db.prepare('SELECT training_id AS id FROM remote_training WHERE remote_id = ?').get(remoteId) as
        { id: number } | undefined
    )?.id ?? null
  );
}

export function linkRemoteTraining(db: WritableDB, remoteId: string | number, trainingId: number): void {
  db.prepare('INSERT INTO remote_training (remote_id, training_id) VALUES (?, ?)').run(remoteId, trainingId);
}

export function updateTraining(
  db: WritableDB,
  id: number,
  t: { course: string; completedOn: string; instructor: string; topics: readonly string[] },
): void {
  db.prepare('UPDATE training_records SET course = ?, completed_on = ?, instructor = ?, topics = ? WHERE id = ?').run(
    t.course,
    t.completedOn,
    t.instructor,
    JSON.stringify([...new Set(t.topics)]),
    id,
  );
}
