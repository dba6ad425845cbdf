import { addDays, localDate, startOfLocalDay } from '../../../main/core/shared/calendar';
import { createHash, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyClient, remoteSignIn } from '../../../main/services/sync/client';
import { SyncError, toCanvassError } from '../../../main/services/sync/errors';
import { checkServerUrl } from '../../../main/services/sync/http';
import { selfSignedCert } from '../../support/tlsCert';
import { type SyncProgress } from '../../../main/services/sync/engine';
import { enqueueOutbox, getCursor, listQuarantine } from '../../../main/store/repos/sync';
import { verifyChain } from '../../../main/core/audit/chain';
import { iterateAudit, sha256Hex } from '../../../main/store/repos/audit';
import { getAgency } from '../../../main/store/repos/agency';
import {
  enrolledClient,
  openTestWorkstation,
  startTestAgency,
  syncOnce,
  type TestAgency,
  type TestWorkstation,
} from '../../agency/testing';
import { ensureDetectionImages, fetchImageInto } from '../../../main/services/sync/images';

const count = (ws: TestWorkstation, sql: string, ...params: unknown[]) =>
  (ws.db.prepare(sql).get(...params) as { n: number }).n;
const serverCount = (ag: TestAgency, sql: string, ...params: unknown[]) =>
  (ag.server.db.prepare(sql).get(...params) as { n: number }).n;

describe('sync from the agency server', () => {
  let ag: TestAgency;
  beforeAll(async () => {
    ag = await startTestAgency({ detections: 6000, seed: 11, images: 'evidence' });
  });
  afterAll(async () => {
    await ag.close();
  });

  it('first sync brings every feed into the encrypted store and records and pushes the audit chain', async () => {
    const ws = openTestWorkstation();
    const { client, workstation } = await enrolledClient(ag.url, ag.dataset);
    const progress: SyncProgress[] = [];
    const result = await syncOnce(ws.db, client, ag.url, {
      pageSize: 1000,
      commitEvery: 2000,
      onProgress: (p) => progress.push(p),
    });

    expect(result.outcome).toBe('ok');
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections'),
    );
    expect(count(ws, 'SELECT count(*) AS n FROM cameras')).toBe(26);
    expect(count(ws, 'SELECT count(*) AS n FROM hotlists')).toBe(5);
    expect(count(ws, 'SELECT count(*) AS n FROM hotlist_entries')).toBe(ag.dataset.entries.length);
    expect(count(ws, 'SELECT count(*) AS n FROM hits')).toBe(
      serverCount(ag, "SELECT count(*) AS n FROM records WHERE kind = 'hit'"),
    );
    expect(count(ws, 'SELECT count(*) AS n FROM users')).toBe(ag.dataset.users.length);
    expect(count(ws, "SELECT count(*) AS n FROM users WHERE username = 'ofc.nguyen' AND disabled_at IS NOT NULL")).toBe(
      1,
    );
    expect(count(ws, 'SELECT count(*) AS n FROM training_records')).toBe(ag.dataset.users.length);
    expect(getAgency(ws.db)?.name).toBe('San Mateo Police Department (synthetic)');
    // A detection arrives intact: the suspect's first pass in the shooting scenario.
    const suspectId = ag.dataset.truth.shooting.suspectDetectionIds[0]!;
    const row = ws.db
      .prepare('SELECT plate, make, model, color, camera_id AS cameraId FROM detections WHERE id = ?')
      .get(suspectId);
    expect(row).toEqual({
      plate: ag.dataset.truth.shooting.suspect.plate,
      make: 'Honda',
      model: 'Accord',
      color: 'gray',
      cameraId: 'SMPD-F13',
    });
    // Progress: records, bytes, rate and ETA, ending with "finished".
    expect(progress.some((p) => p.feed === 'detections' && p.remaining > 0 && p.etaSeconds !== null)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', status: 'finished', records: result.records });
    // The sync is in the access log, and the server holds and verifies the same chain.
    const local = [...iterateAudit(ws.db)];
    expect(local.some((l) => JSON.parse(l.body).action === 'sync.run')).toBe(true);
    const remote = ag.server.auditChain(workstation.id);
    expect(remote.map((l) => l.hash)).toEqual(local.map((l) => l.hash));
    expect(verifyChain(remote, sha256Hex).ok).toBe(true);
    expect(getCursor(ws.db, 'detections')?.records).toBe(result.feeds.detections!.upserted);
    client.close();
    ws.close();
  });

  it('an incremental sync pulls only what is new, and a replay changes nothing', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url);
    const before = count(ws, 'SELECT count(*) AS n FROM detections');
    const { firstId, lastId } = ag.server.appendDetections(400);
    const second = await syncOnce(ws.db, client, ag.url);
    expect(second.outcome).toBe('ok');
    expect(second.feeds.detections).toMatchObject({ upserted: 400, deleted: 0, quarantined: 0 });
    expect(second.feeds.cameras!.upserted).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(before + 400);
    expect(count(ws, 'SELECT count(*) AS n FROM detections WHERE id BETWEEN ? AND ?', firstId, lastId)).toBe(400);
    const third = await syncOnce(ws.db, client, ag.url);
    expect(third.feeds.detections!.upserted).toBe(0);
    client.close();
    ws.close();
  });

  it('a cancel that lands while the chain is pushed ends the sync cancelled, not failed, and the next sync pushes', async () => {
    const ws = openTestWorkstation();
    const { client, workstation } = await enrolledClient(ag.url, ag.dataset);
    const stop = new AbortController();
    const progress: SyncProgress[] = [];
    const result = await syncOnce(ws.db, client, ag.url, {
      signal: stop.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'push') stop.abort();
      },
    });
    expect(progress.some((p) => p.phase === 'push')).toBe(true);
    expect(result.outcome).toBe('cancelled');
    expect(result.error?.code).toBe('CANCELLED');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', status: 'cancelled' });
    const pulled = count(ws, 'SELECT count(*) AS n FROM detections');
    expect(pulled).toBe(serverCount(ag, 'SELECT count(*) AS n FROM detections'));
    // The log says so: the run's record speaks of the pull, a second one of the push that did not end.
    const records = [...iterateAudit(ws.db)].map((l) => JSON.parse(l.body) as { action: string; data: object });
    expect(records.find((r) => r.action === 'sync.run')?.data).toMatchObject({ outcome: 'ok' });
    expect(records.at(-1)).toMatchObject({ action: 'sync.push', outcome: 'failed', data: { outcome: 'cancelled' } });
    const next = await syncOnce(ws.db, client, ag.url);
    expect(next.outcome).toBe('ok');
    expect(next.audit).not.toBeNull();
    // The next sync pushed the chain with that record in it.
    expect(ag.server.auditChain(workstation.id).some((l) => l.body.includes('"sync.push"'))).toBe(true);
    client.close();
    ws.close();
  });

  it('a malformed record is quarantined with the reason and the rest of the page is applied', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    ag.server.injectFault({ kind: 'corrupt-record', feed: 'detections', skip: 1 });
    const result = await syncOnce(ws.db, client, ag.url, { pageSize: 1000 });
    expect(result.outcome).toBe('ok');
    expect(result.feeds.detections!.quarantined).toBe(1);
    const [q] = listQuarantine(ws.db);
    expect(q).toMatchObject({ feed: 'detections', kind: 'detection' });
    expect(q!.reason).toMatch(/version|plate/);
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections') - 1,
    );
    client.close();
    ws.close();
  });

  it.each([
    ['a dropped connection', { kind: 'drop' as const }],
    ['a 500', { kind: '500' as const }],
    ['maintenance (503 with Retry-After)', { kind: '503' as const, retryAfterS: 0 }],
    ['a rate limit (429)', { kind: '429' as const, retryAfterS: 0 }],
    ['a page cut short (no trailer)', { kind: 'malformed-page' as const }],
  ])('retries after %s and finishes with nothing lost or doubled', async (_name, fault) => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    ag.server.clearFaults();
    ag.server.injectFault({ ...fault, feed: 'detections', skip: 2, times: 2 });
    const statuses: string[] = [];
    const result = await syncOnce(ws.db, client, ag.url, {
      pageSize: 700,
      commitEvery: 700,
      onProgress: (p) => statuses.push(p.status),
    });
    expect(result.outcome).toBe('ok');
    expect(result.retries).toBe(2);
    expect(statuses).toContain('retrying');
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections'),
    );
    expect(count(ws, 'SELECT sum(id) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT sum(id) AS n FROM detections'),
    );
    client.close();
    ws.close();
  });

  it('gives up with a clear status when the server keeps failing, keeping what arrived', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    ag.server.clearFaults();
    ag.server.injectFault({ kind: '500', feed: 'detections', skip: 2, times: 100 });
    const result = await syncOnce(ws.db, client, ag.url, {
      pageSize: 500,
      commitEvery: 500,
      retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    });
    ag.server.clearFaults();
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatchObject({ code: 'INTERNAL' });
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(1000);
    const resumed = await syncOnce(ws.db, client, ag.url);
    expect(resumed.outcome).toBe('ok');
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections'),
    );
    client.close();
    ws.close();
  });

  it('times out a page that never comes and retries it', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    ag.server.clearFaults();
    ag.server.injectFault({ kind: 'slow', feed: 'cameras', delayMs: 1500 });
    const result = await syncOnce(ws.db, client, ag.url, { feeds: ['cameras'], timeoutMs: 300 });
    expect(result.outcome).toBe('ok');
    expect(result.retries).toBe(1);
    expect(count(ws, 'SELECT count(*) AS n FROM cameras')).toBe(26);
    client.close();
    ws.close();
  });

  it('asks for the next page before it applies the one in hand, so the server works while the store does', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    const events: string[] = [];
    const page = client.page.bind(client);
    client.page = (feed, after, options) => {
      if (feed === 'detections') events.push('ask');
      return page(feed, after, options);
    };
    const result = await syncOnce(ws.db, client, ag.url, {
      feeds: ['cameras', 'detections'],
      pageSize: 1000,
      onDetections: () => events.push('apply'),
    });
    expect(result.outcome).toBe('ok');
    const pages = result.feeds.detections!.pages;
    expect(pages).toBeGreaterThan(2);
    // The first page is asked for alone; every other is asked for before the one before it is applied.
    expect(events).toEqual(['ask', ...Array.from({ length: pages - 1 }, () => ['ask', 'apply']).flat(), 'apply']);
    client.close();
    ws.close();
  });

  it.each([
    ['joins the young group that waits for it', 60_000, true],
    ['finds the group committed when it is slower than the group may stay open', 50, false],
  ])('a page on its way %s', async (_name, commitAfterMs, joined) => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    ag.server.clearFaults();
    // The fourth page of detections is 600 ms late; when each page was committed says which group it joined.
    ag.server.injectFault({ kind: 'slow', feed: 'detections', skip: 3, delayMs: 600 });
    const committedAt: number[] = [];
    const result = await syncOnce(ws.db, client, ag.url, {
      feeds: ['cameras', 'detections'],
      pageSize: 500,
      commitEvery: 100_000,
      commitAfterMs,
      afterPage: (f) => f === 'detections' && committedAt.push(performance.now()),
    });
    ag.server.clearFaults();
    expect(result.outcome).toBe('ok');
    const feed = result.feeds.detections!;
    expect(committedAt).toHaveLength(feed.pages);
    const [third, fourth] = [committedAt[2]!, committedAt[3]!];
    if (joined) {
      // One transaction for the whole feed: the late page was awaited with the group open.
      expect(feed.commits).toBe(1);
      expect(fourth - third).toBeLessThan(1);
    } else {
      // Main's writes did not queue behind the late page: the pages before it were committed while it was awaited.
      expect(feed.commits).toBeGreaterThan(1);
      expect(fourth - third).toBeGreaterThan(400);
    }
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections'),
    );
    client.close();
    ws.close();
  });

  it('fetches images by SHA-256 into the store and refetches one that arrives damaged', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url, { prefetchImages: 'hits' });
    const withImage = ws.db
      .prepare('SELECT id, plate_image AS sha FROM detections WHERE plate_image IS NOT NULL LIMIT 1')
      .get() as { id: number; sha: string };
    expect(count(ws, 'SELECT count(*) AS n FROM images WHERE bytes IS NOT NULL')).toBeGreaterThan(0);
    ws.db.prepare('DELETE FROM images WHERE sha256 = ?').run(withImage.sha);
    ag.server.injectFault({ kind: 'corrupt-image', feed: 'images' });
    const bytes = await fetchImageInto(ws.db, client, withImage.sha, 'plate', { attempts: 3, baseMs: 5, maxMs: 10 });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(withImage.sha);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(
      count(ws, 'SELECT count(*) AS n FROM images WHERE sha256 = ? AND byte_length = ?', withImage.sha, bytes.length),
    ).toBe(1);
    client.close();
    ws.close();
  });

  it('pushes the outbox once, idempotently', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    enqueueOutbox(
      ws.db,
      'hle-0b6f1c2a-1',
      'hotlist_entry',
      {
        listId: 'BOLO',
        fields: {
          plate: '8KSL840',
          state: 'CA',
          make: 'Honda',
          model: 'Accord',
          color: 'gray',
          body: 'sedan',
          reason: 'Shooting suspect vehicle',
          caseNumber: '26-05102',
          synopsis: 'Gray Honda Accord seen leaving the Hillsdale shooting.',
          expiresOn: '2099-12-31',
        },
        by: 'det.alvarez',
        at: new Date().toISOString(),
      },
      new Date().toISOString(),
    );
    const first = await syncOnce(ws.db, client, ag.url, { feeds: ['policy'] });
    expect(first.outbox).toEqual({ pushed: 1, failed: 0 });
    const again = await client.pushItem('hle-0b6f1c2a-1', 'hotlist_entry', {});
    expect(again.status).toBe('duplicate');
    expect(ag.server.pushes().filter((p) => p.key === 'hle-0b6f1c2a-1')).toHaveLength(1);
    const second = await syncOnce(ws.db, client, ag.url, { feeds: ['policy'] });
    expect(second.outbox.pushed).toBe(0);
    client.close();
    ws.close();
  });
});

describe('changes made on the agency server reach the workstation', () => {
  let ag: TestAgency;
  beforeAll(async () => {
    ag = await startTestAgency({ detections: 5000, seed: 12 });
  });
  afterAll(async () => {
    await ag.close();
  });

  it('a retention purge on the server deletes the same detections and hits here', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url);
    const cutoff = ag.dataset.startMs + 2 * 86_400_000;
    const purged = ag.server.purgeBefore(cutoff);
    expect(purged).toBeGreaterThan(500);
    const result = await syncOnce(ws.db, client, ag.url);
    expect(result.feeds.detections!.deleted).toBe(purged);
    expect(count(ws, 'SELECT count(*) AS n FROM detections WHERE seen_at < ?', cutoff)).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM hits WHERE at < ?', cutoff)).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections WHERE deleted = 0'),
    );
    client.close();
    ws.close();
  });

  it('renders the images of a detection seeded without them when a user opens it', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url);
    const id = ag.dataset.truth.burglary.vanDetectionIds.at(-1)!;
    expect(ws.db.prepare('SELECT plate_image AS p, version FROM detections WHERE id = ?').get(id)).toEqual({
      p: null,
      version: 1,
    });
    const images = await ensureDetectionImages(ws.db, client, id);
    expect(images!.plate!.subarray(1, 4).toString()).toBe('PNG');
    const row = ws.db
      .prepare('SELECT plate_image AS p, overview_image AS o, version FROM detections WHERE id = ?')
      .get(id) as { p: string; o: string; version: number };
    expect(row.version).toBe(2);
    expect(createHash('sha256').update(images!.plate!).digest('hex')).toBe(row.p);
    expect(
      count(ws, 'SELECT count(*) AS n FROM images WHERE sha256 IN (?, ?) AND bytes IS NOT NULL', row.p, row.o),
    ).toBe(2);
    // The feed delivers the new version too; applying it again changes nothing.
    const next = await syncOnce(ws.db, client, ag.url, { feeds: ['detections'] });
    expect(next.feeds.detections!.upserted).toBe(1);
    expect(ws.db.prepare('SELECT version FROM detections WHERE id = ?').get(id)).toEqual({ version: 2 });
    client.close();
    ws.close();
  });

  it('a user disabled on the server is disabled here at the next sync', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url, { feeds: ['policy', 'users'] });
    ag.server.updateUser('et.chen', { disabled: true });
    const result = await syncOnce(ws.db, client, ag.url, { feeds: ['policy', 'users'] });
    expect(result.userChanges).toContainEqual(expect.objectContaining({ username: 'et.chen', change: 'disabled' }));
    expect(count(ws, "SELECT count(*) AS n FROM users WHERE username = 'et.chen' AND disabled_at IS NOT NULL")).toBe(1);
    ag.server.updateUser('et.chen', { disabled: false });
    client.close();
    ws.close();
  });

  it('a refreshed general hot list replaces the old one', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url, { feeds: ['policy', 'hotlists'] });
    const before = count(ws, "SELECT count(*) AS n FROM hotlist_entries WHERE list_id = 'DMV'");
    const { removed } = ag.server.refreshHotlist('DMV', (e) => Number(e.id) % 2 === 0);
    expect(removed).toBeGreaterThan(0);
    await syncOnce(ws.db, client, ag.url, { feeds: ['policy', 'hotlists'] });
    expect(count(ws, "SELECT count(*) AS n FROM hotlist_entries WHERE list_id = 'DMV'")).toBe(before - removed);
    client.close();
    ws.close();
  });

  it("reports general hot lists that were not refreshed within a day, and takes the server's daily refresh", async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    const fresh = await syncOnce(ws.db, client, ag.url, { feeds: ['policy', 'hotlists'] });
    expect(fresh.staleHotlists).toEqual([]);
    const later = await syncOnce(ws.db, client, ag.url, {
      feeds: ['hotlists'],
      now: () => new Date(Date.now() + 2 * 86_400_000),
    });
    expect(later.staleHotlists.sort()).toEqual(['DMV', 'SFR', 'SLR', 'SVS']);
    const before = (ws.db.prepare("SELECT refreshed_at AS r FROM hotlists WHERE id = 'SVS'").get() as { r: string }).r;
    expect(ag.server.refreshStaleLists(0).sort()).toEqual(['DMV', 'SFR', 'SLR', 'SVS']);
    await syncOnce(ws.db, client, ag.url, { feeds: ['hotlists'] });
    const after = (ws.db.prepare("SELECT refreshed_at AS r FROM hotlists WHERE id = 'SVS'").get() as { r: string }).r;
    expect(after > before).toBe(true);
    client.close();
    ws.close();
  });

  it('the server refuses an audit chain that was altered after it was pushed', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    await syncOnce(ws.db, client, ag.url, { feeds: ['policy'] });
    const [first] = [...iterateAudit(ws.db)];
    const altered = { ...first!, body: first!.body.replace('"ok"', '"failed"') };
    altered.hash = sha256Hex(`${altered.prevHash}\n${altered.seq}\n${altered.body}`);
    const err = (await client.pushAudit([altered]).catch((e: unknown) => e)) as SyncError;
    expect(err.code).toBe('CHAIN_CONFLICT');
    expect(toCanvassError(err).code).toBe('AUDIT_CHAIN_BROKEN');
    const gap = (await client.pushAudit([{ ...first!, seq: 50 }]).catch((e: unknown) => e)) as SyncError;
    expect(gap.message).toMatch(/missing/);
    client.close();
    ws.close();
  });

  it('keeps detections to the window, and never beyond the local retention limit', async () => {
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(ag.url, ag.dataset);
    const result = await syncOnce(ws.db, client, ag.url, { windowDays: 3 });
    const since = Date.parse(result.detectionsSince!);
    expect(Date.now() - since).toBeCloseTo(3 * 86_400_000, -5);
    expect(count(ws, 'SELECT count(*) AS n FROM detections WHERE seen_at < ?', since)).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections WHERE deleted = 0 AND seen_at >= ?', since),
    );
    // The window grows to 30 days, but the policy keeps detections for 2 days only: the policy wins. Days are
    // the agency's calendar days, the capture day being the first: yesterday's reads are the oldest kept.
    const profile = getAgency(ws.db)!.profile;
    const retention = profile.retention.map((r) =>
      r.data === 'detection' ? { ...r, minimum: null, maximum: { days: 2 } } : r,
    );
    ws.db.prepare('UPDATE agency SET profile_json = ?').run(JSON.stringify({ ...profile, retention }));
    const again = await syncOnce(ws.db, client, ag.url, { windowDays: 30, feeds: ['detections'] });
    const yesterday = addDays(localDate(new Date(), profile.timeZone), -1);
    expect(again.detectionsSince).toBe(startOfLocalDay(yesterday, profile.timeZone).toISOString());
    client.close();
    ws.close();
  });
});

describe('signing in to the agency server', () => {
  let ag: TestAgency;
  beforeAll(async () => {
    ag = await startTestAgency({ detections: 200, seed: 13 });
  });
  afterAll(async () => {
    await ag.close();
  });
  const password = (u: string) => ag.dataset.users.find((x) => x.data.username === u)!.password;

  it('refuses wrong credentials with a typed error', async () => {
    const err = await remoteSignIn(ag.url, 'det.alvarez', 'not-the-password', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('WRONG_CREDENTIALS');
    expect(toCanvassError(err).code).toBe('WRONG_PASSWORD');
  });

  it('refuses a user whose training expired, saying when', async () => {
    const err = (await remoteSignIn(ag.url, 'det.baker', password('det.baker'), null).catch(
      (e: unknown) => e,
    )) as SyncError;
    expect(err.code).toBe('TRAINING_EXPIRED');
    expect(err.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    expect(toCanvassError(err).code).toBe('TRAINING_REQUIRED');
  });

  it('refuses a disabled user', async () => {
    const err = (await remoteSignIn(ag.url, 'ofc.nguyen', password('ofc.nguyen'), null).catch(
      (e: unknown) => e,
    )) as SyncError;
    expect(err.code).toBe('ACCOUNT_DISABLED');
  });

  it('needs an enrolled workstation for anyone but an administrator, and only an administrator enrolls', async () => {
    const err = (await remoteSignIn(ag.url, 'det.alvarez', password('det.alvarez'), null).catch(
      (e: unknown) => e,
    )) as SyncError;
    expect(err.code).toBe('WORKSTATION_NOT_ENROLLED');
    const admin = await remoteSignIn(ag.url, 'admin.ramirez', password('admin.ramirez'), null);
    expect(admin.scope).toBe('enroll');
    const { client, workstation } = await enrolledClient(ag.url, ag.dataset, 'det.alvarez');
    const forged = (await remoteSignIn(ag.url, 'det.alvarez', password('det.alvarez'), {
      id: workstation.id,
      secret: 'x'.repeat(43),
    }).catch((e: unknown) => e)) as SyncError;
    expect(forged.code).toBe('WORKSTATION_NOT_ENROLLED');
    const enrollAttempt = (await client.enroll('rogue').catch((e: unknown) => e)) as SyncError;
    expect(enrollAttempt.code).toBe('FORBIDDEN');
    client.close();
  });

  it('a token stops working when the user is disabled on the server', async () => {
    const { client } = await enrolledClient(ag.url, ag.dataset, 'rc.okafor');
    await client.page('cameras', null, { limit: 10 });
    ag.server.updateUser('rc.okafor', { disabled: true });
    const err = (await client.page('cameras', null, { limit: 10 }).catch((e: unknown) => e)) as SyncError;
    expect(err.code).toBe('ACCOUNT_DISABLED');
    ag.server.updateUser('rc.okafor', { disabled: false });
    client.close();
  });

  it('refreshes a short-lived server token during a sync instead of failing', async () => {
    const short = await startTestAgency({ detections: 1500, seed: 14, server: { tokenTtlMs: 60_000 } });
    const ws = openTestWorkstation();
    const { client } = await enrolledClient(short.url, short.dataset);
    const first = client.token;
    const result = await syncOnce(ws.db, client, short.url, { pageSize: 500 });
    expect(result.outcome).toBe('ok');
    expect(client.token).not.toBe(first);
    expect(client.tokenExpiresAt! - Date.now()).toBeGreaterThan(50_000);
    client.close();
    ws.close();
    await short.close();
  });

  it('refuses plain HTTP except to this computer', () => {
    expect(() => checkServerUrl('http://alpr.smpd.example.org')).toThrow(/HTTPS/);
    expect(() => new AgencyClient('http://10.0.0.5:8787')).toThrow(SyncError);
    expect(checkServerUrl('http://127.0.0.1:8787').hostname).toBe('127.0.0.1');
    expect(checkServerUrl('https://alpr.smpd.example.org').protocol).toBe('https:');
  });
});

describe('over HTTPS', () => {
  let ag: TestAgency;
  let cert: string;
  beforeAll(async () => {
    const tls = selfSignedCert();
    cert = tls.cert;
    ag = await startTestAgency({ detections: 500, seed: 15, server: { tls } });
  });
  afterAll(async () => {
    await ag.close();
  });
  const admin = () => ag.dataset.users.find((u) => u.data.username === 'admin.ramirez')!.password;

  it("syncs with a pinned certificate from the agency's own authority", async () => {
    expect(ag.url).toMatch(/^https:/);
    const pin = new X509Certificate(cert).fingerprint256;
    const client = new AgencyClient(ag.url, { ca: cert, pinnedCert: pin });
    await client.signIn('admin.ramirez', admin(), null);
    const { workstationId, secret } = await client.enroll('TLS laptop');
    await client.signIn('admin.ramirez', admin(), { id: workstationId, secret });
    const ws = openTestWorkstation();
    const result = await syncOnce(ws.db, client, ag.url);
    expect(result.outcome).toBe('ok');
    expect(count(ws, 'SELECT count(*) AS n FROM detections')).toBe(
      serverCount(ag, 'SELECT count(*) AS n FROM detections'),
    );
    client.close();
    ws.close();
  });

  it('refuses a server whose certificate is not the pinned one, or not trusted at all', async () => {
    const wrongPin = Array.from({ length: 32 }, () => 'AB').join(':');
    const pinned = (await remoteSignIn(ag.url, 'admin.ramirez', admin(), null, {
      ca: cert,
      pinnedCert: wrongPin,
    }).catch((e: unknown) => e)) as SyncError;
    expect(pinned.code).toBe('CERTIFICATE_MISMATCH');
    const untrusted = (await remoteSignIn(ag.url, 'admin.ramirez', admin(), null).catch(
      (e: unknown) => e,
    )) as SyncError;
    expect(untrusted.code).toBe('UNTRUSTED_CERTIFICATE');
    expect(untrusted.retryable).toBe(false);
  });
});
