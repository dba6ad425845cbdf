import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogStore, type AuditLogStore } from '../../support/auditLogStore';
import type { AuditRecord } from '../../../main/core/audit/chain';
import type { WritableDB } from '../../../main/store/db';
import { joinVerdicts, verifyStoreChain, verifyStoreChainParallel } from '../../../main/services/audit/verify';

const RECORDS = 60_000; // above the parallel threshold

const record = (i: number): AuditRecord => ({
  at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  action: 'detections.search',
  outcome: 'ok',
  username: 'det.chen',
  agency: 'Los Altos Police Department',
  purpose: null,
  data: { query: { plate: `7AB${i % 1000}` }, resultCount: i % 7 },
  workstation: 'test',
});

describe('verifying a long access log on worker threads, split in two ranges', () => {
  let path: string;
  let key: Buffer;
  let db: WritableDB;

  let log: AuditLogStore;
  beforeAll(() => {
    log = auditLogStore(RECORDS, record);
    ({ path, key, db } = log);
  });
  afterAll(() => log.dispose());

  it('gives the same verdict as one thread on a sound log', async () => {
    const parallel = await verifyStoreChainParallel(db, path, key, 2);
    expect(parallel).toEqual(verifyStoreChain(db));
    expect(parallel).toMatchObject({ ok: true, count: RECORDS, headSeq: RECORDS });
  });

  it('names a record altered in the second half, as one thread does', async () => {
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET body = replace(body, '7AB', '8AB') WHERE seq = 45000").run();
    const parallel = await verifyStoreChainParallel(db, path, key, 2);
    expect(parallel.ok).toBe(false);
    expect(parallel).toEqual(verifyStoreChain(db));
    if (!parallel.ok) expect(parallel.problem).toMatchObject({ seq: 45000, kind: 'altered' });
  });

  it('names a record removed right at the boundary between the two ranges', async () => {
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 30001').run();
    const parallel = await verifyStoreChainParallel(db, path, key, 2);
    if (parallel.ok) throw new Error('expected a broken chain');
    expect(parallel.problem).toMatchObject({ seq: 30001, kind: 'removed' });
  });

  it('joins verdicts in order: the first failing range wins and counts include the ranges before it', () => {
    const ok = { ok: true as const, count: 10, headSeq: 10, headHash: 'a'.repeat(64) };
    const bad = {
      ok: false as const,
      count: 3,
      problem: { seq: 14, kind: 'altered' as const, message: 'Record 14 was altered' },
    };
    expect(joinVerdicts([ok, bad, bad])).toEqual({ ok: false, count: 13, problem: bad.problem });
    expect(joinVerdicts([ok, { ...ok, headSeq: 20, headHash: 'b'.repeat(64) }])).toEqual({
      ok: true,
      count: 20,
      headSeq: 20,
      headHash: 'b'.repeat(64),
    });
  });
});
