import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainingStatus } from '../../main/core/access/training';
import { retentionDates, ruleFor } from '../../main/core/retention/schedule';
import { loadProfiles } from '../../main/services/access/profiles';
import { newDataKey } from '../../main/store/keyring';
import { openStore } from '../../main/store/db';
import { insertTraining, trainingCourses } from '../../main/store/repos/training';
import { classificationOf, insertUser } from '../../main/store/repos/users';
import { SHIPPED_PROFILES } from '../support/profiles';
import { emit, round, wanted } from './report';

/**
 * Policy figures: what the gate's policy checks cost on every ALPR call (the job classification and training
 * by topic, #15) against the date-only training check it replaced, measured in the same run on the same store;
 * loading the shipped profiles (setup lists them, the store's profile is re-checked on open); and the calendar
 * retention dates a purge will compute.
 */
const CALLS = 20_000;

export async function run(filter: string | undefined): Promise<void> {
  if (wanted(filter, 'policy.profiles')) {
    loadProfiles(SHIPPED_PROFILES);
    const t0 = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) loadProfiles(SHIPPED_PROFILES);
    emit({
      name: 'policy.profiles.load',
      value: round((performance.now() - t0) / rounds, 1),
      unit: 'ms',
      baseline: null,
      note: 'read, parse and check the twelve shipped profiles (schema with citations, law bounds); mean of 20',
    });
  }

  if (wanted(filter, 'policy.gate')) {
    const dir = mkdtempSync(join(tmpdir(), 'canvass-bench-policy-'));
    try {
      const db = openStore(join(dir, 'gate.db'), newDataKey());
      const profile = loadProfiles(SHIPPED_PROFILES).find((p) => p.id === 'hayward-pd')!;
      const topics = profile.training.topics.required.map((t) => t.id);
      const userId = insertUser(
        db,
        {
          username: 'det.chen',
          fullName: 'Det. Mei Chen',
          badgeId: '5120',
          classification: 'crime_analyst',
          roles: ['investigator'],
          createdBy: null,
        },
        '2026-11-22T09:00:00Z',
      );
      for (const [i, day] of ['2024-03-01', '2025-03-01', '2026-03-01', '2026-06-15', '2026-09-01'].entries()) {
        insertTraining(
          db,
          {
            userId,
            course: `Course ${i}`,
            completedOn: day,
            instructor: 'Lt. K. Osei',
            topics: i % 2 ? topics : topics.slice(0, 3),
            recordedBy: null,
          },
          '2026-11-22T09:00:00Z',
        );
      }
      const now = new Date('2026-11-22T17:00:00Z');
      // The check before #15, as its repo ran it: the completion dates (statement prepared per call), no topics.
      const before = () => {
        const rows = db.prepare('SELECT completed_on AS d FROM training_records WHERE user_id = ?').all(userId);
        const days = (rows as { d: string }[]).map((r) => ({ completedOn: r.d, topics: [] }));
        return trainingStatus(days, { validity: { days: 365 }, requiredTopics: [] }, now, profile.timeZone).current;
      };
      const after = () => {
        const classification = classificationOf(db, userId);
        const allowed = profile.classifications.some((c) => c.id === classification);
        const status = trainingStatus(
          trainingCourses(db, userId),
          { validity: profile.training.validity.period, requiredTopics: profile.training.topics.required },
          now,
          profile.timeZone,
        );
        return allowed && status.current;
      };
      const time = (fn: () => boolean) => {
        for (let i = 0; i < 500; i++) fn();
        const t0 = performance.now();
        for (let i = 0; i < CALLS; i++) if (!fn()) throw new Error('the bench user should pass the gate');
        return ((performance.now() - t0) * 1000) / CALLS;
      };
      const baseline = time(before);
      const value = time(after);
      db.close();
      emit({
        name: 'policy.gate.checks',
        value: round(value, 1),
        unit: 'µs/call',
        baseline: round(baseline, 1),
        note: `classification + training by topic (Hayward, 5 courses) per ALPR call on a SQLCipher store; baseline = the date-only training check before #15, same store, same run; ${CALLS} calls each`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (wanted(filter, 'policy.retention')) {
    const profile = loadProfiles(SHIPPED_PROFILES).find((p) => p.id === 'san-leandro-pd')!;
    const rule = ruleFor(profile, 'detection');
    const start = Date.parse('2023-01-01T12:00:00Z');
    const n = 100_000;
    const t0 = performance.now();
    let held = 0;
    for (let i = 0; i < n; i++) {
      if (retentionDates(new Date(start + (i % 1461) * 86_400_000), rule, profile.timeZone).heldByMinimum) held++;
    }
    emit({
      name: 'policy.retention.dates',
      value: Math.round(n / ((performance.now() - t0) / 1000)),
      unit: 'records/s',
      baseline: null,
      note: `calendar purge dates (San Leandro: one year, purged on the 366th day), capture days across four years (${held} of ${n} held by the minimum across a 29 February)`,
    });
  }
}
