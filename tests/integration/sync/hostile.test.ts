import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFinishedInfo } from '../../../preload/contract';
import { AgencyClient } from '../../../main/services/sync/client';
import { type SyncError } from '../../../main/services/sync/errors';
import { listCameras } from '../../../main/store/repos/cameras';
import { quarantineCount } from '../../../main/store/repos/sync';
import { openTestWorkstation, startTestAgency, syncOnce, type TestAgency } from '../../agency/testing';
import { agencyUser, syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { testClock, workstation, type Workstation } from '../../support/workstation';

/**
 * A hostile or broken agency server cannot fill main's memory, loop a sync for ever, grow the quarantine without
 * end, slip badly framed lines in as records, or freeze the workstation's searches while it stalls.
 */
type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** A server on loopback whose every answer is written by the test. */
async function hostile(route: Route): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => route(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Writes `total` bytes in 1 MiB chunks, no Content-Length, as fast as the client reads them. */
function flood(res: ServerResponse, type: string, total: number, fill = 0x41): void {
  res.writeHead(200, { 'content-type': type });
  const chunk = Buffer.alloc(1 << 20, fill);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('error', () => undefined);
  pump();
}

const camera = (id: string) =>
  JSON.stringify({
    kind: 'camera',
    id,
    version: 1,
    data: { name: `Camera ${id}`, kind: 'fixed', lat: 37.4, lon: -122.1, heading: 'N' },
  });
const trailer = (feed: string, count: number, next: string, more: boolean) =>
  JSON.stringify({ page: { feed, count, next, more, remaining: more ? 1000 : 0 } });

const FAST = { attempts: 2, baseMs: 10, maxMs: 20 };

describe('answers too large for their kind', () => {
  it('stops reading a 400 MiB page, image or sign-in answer, with a clear error, and memory stays bounded', async () => {
    const server = await hostile((req, res, url) => {
      if (url.pathname.startsWith('/v1/feeds/')) return flood(res, 'application/x-ndjson', 400 << 20, 0x7b);
      if (url.pathname.startsWith('/v1/images/')) return flood(res, 'image/png', 400 << 20);
      if (url.pathname === '/v1/session') return flood(res, 'application/json', 400 << 20, 0x20);
      res.writeHead(404).end();
    });
    const client = new AgencyClient(server.url, { timeoutMs: 60_000 });
    client.token = 't'.repeat(20);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const page = (await client.page('detections', null, { limit: 10 }).catch((e: unknown) => e)) as SyncError;
      expect(page.code).toBe('TOO_LARGE');
      expect(page.message).toMatch(/line of the agency server's page .* is longer than 256 KiB/);
      const image = (await client.image('a'.repeat(64)).catch((e: unknown) => e)) as SyncError;
      expect(image.code).toBe('TOO_LARGE');
      expect(image.message).toMatch(
        /The agency server's image \(more than 16777216 bytes\) is larger than Canvass reads \(16 MiB\)/,
      );
      const signIn = (await client.signIn('a', 'b', null).catch((e: unknown) => e)) as SyncError;
      expect(signIn.code).toBe('TOO_LARGE');
      expect(signIn.message).toMatch(/answer .* larger than Canvass reads \(1 MiB\)/);
    } finally {
      clearInterval(sample);
      client.close();
      await server.close();
    }
    // 400 MiB three times over would have been read whole; the caps keep it to tens of MiB.
    expect((peak - before) / (1 << 20)).toBeLessThan(120);
  }, 60_000);

  it('refuses a page that announces more than 64 MiB before reading it', async () => {
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': String(65 << 20) });
      res.write('{');
      setTimeout(() => res.destroy(), 200);
    });
    const client = new AgencyClient(server.url);
    try {
      const err = (await client.page('cameras', null, { limit: 10 }).catch((e: unknown) => e)) as SyncError;
      expect(err.code).toBe('TOO_LARGE');
      expect(err.message).toMatch(/68157440 bytes announced/);
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('pages that never end, garbage without end, and bad framing', () => {
  it('a server that says "more" with an empty page, the same cursor, or for ever is stopped with a clear error', async () => {
    let calls = 0;
    const cases: Record<string, (after: string | null) => string> = {
      empty: () => `${trailer('cameras', 0, 'c1', true)}\n`,
      same: (after) => `${camera(`cam-${++calls}`)}\n${trailer('cameras', 1, after ?? 'c0', true)}\n`,
      forever: (after) =>
        `${camera(`cam-${++calls}`)}\n${trailer('cameras', 1, `c${Number(after?.slice(1) ?? 0) + 1}`, true)}\n`,
    };
    let mode = 'empty';
    const server = await hostile((_req, res, url) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(cases[mode]!(url.searchParams.get('after')));
    });
    const ws = openTestWorkstation();
    const client = new AgencyClient(server.url);
    try {
      const outcome = async (m: string) => {
        mode = m;
        return syncOnce(ws.db, client, server.url, {
          feeds: ['cameras'],
          pushAudit: false,
          retry: FAST,
          maxPagesPerFeed: 25,
        });
      };
      expect((await outcome('empty')).error).toMatchObject({
        code: 'PROTOCOL_ERROR',
        message: expect.stringMatching(/page is empty/),
      });
      const same = await outcome('same');
      expect(same.error?.message).toMatch(/does not move the feed on \(the same cursor again\)/);
      const forever = await outcome('forever');
      expect(forever.outcome).toBe('failed');
      expect(forever.error?.message).toMatch(/still says the cameras feed has more after 25 pages in one sync/);
      // What arrived is kept: the pages before the stop are in the store.
      expect(listCameras(ws.db).length).toBeGreaterThanOrEqual(25);
    } finally {
      client.close();
      ws.close();
      await server.close();
    }
  });

  it('stops a sync whose records keep failing their schema, and the quarantine stays bounded', async () => {
    let n = 0;
    const server = await hostile((_req, res) => {
      const lines = Array.from({ length: 20 }, () =>
        JSON.stringify({ kind: 'camera', id: `bad-${++n}`, version: 1, data: { name: '' } }),
      );
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`${lines.join('\n')}\n${trailer('cameras', 20, `c${n}`, true)}\n`);
    });
    const ws = openTestWorkstation();
    const client = new AgencyClient(server.url);
    try {
      const r = await syncOnce(ws.db, client, server.url, {
        feeds: ['cameras'],
        pushAudit: false,
        retry: FAST,
        maxQuarantined: 50,
      });
      expect(r.outcome).toBe('failed');
      expect(r.error?.message).toMatch(/more than 50 records Canvass cannot use in one sync/);
      expect(quarantineCount(ws.db)).toBe(60);
    } finally {
      client.close();
      ws.close();
      await server.close();
    }
  });

  it('refuses a page whose lines are not one record each, even when they join into valid records', async () => {
    // Three lines, none but the last a JSON record on its own; joined with commas they read as three cameras.
    const [a, b, c] = [camera('cam-a'), camera('cam-b'), camera('cam-c')];
    const split = b.indexOf('"data"');
    const lines = [`${a},${b.slice(0, split - 1)}`, b.slice(split), c];
    const server = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`${lines.join('\n')}\n${trailer('cameras', 3, 'c1', false)}\n`);
    });
    const ws = openTestWorkstation();
    const client = new AgencyClient(server.url);
    try {
      const r = await syncOnce(ws.db, client, server.url, { feeds: ['cameras'], pushAudit: false, retry: FAST });
      expect(r.outcome).toBe('failed');
      expect(r.error).toMatchObject({ code: 'MALFORMED_PAGE' });
      expect(r.error?.message).toMatch(/Line 1 of a page of the cameras feed is not one JSON record/);
      expect(listCameras(ws.db)).toEqual([]);
      expect(quarantineCount(ws.db)).toBe(0);
    } finally {
      client.close();
      ws.close();
      await server.close();
    }
  });
});

describe('a sync stalled on a slow page', () => {
  let ag: TestAgency;
  let ws: Workstation;
  beforeAll(async () => {
    ag = await startTestAgency({ detections: 2000, seed: 71, days: 7 });
    ws = workstation({ clock: testClock(new Date().toISOString()) });
    await syncFromAgency(ws, ag, 'B5');
  }, 120_000);
  afterAll(async () => {
    ws?.dispose();
    await ag?.close();
  });

  it('holds no write transaction while a slow page is awaited: a search meanwhile answers at once', async () => {
    const det = agencyUser(ag, 'det.alvarez');
    await ws.call('auth.login', { username: det.username, password: det.password });
    await ws.call('purposes.open', {
      numberKind: 'case',
      number: '26-011873',
      purposeId: 'canvass_major_crime',
      description: 'Shooting on El Camino Real; canvass for the suspect vehicle',
    });
    ag.server.appendDetections(25_000);
    // The second page of new detections takes 8 s to come.
    ag.server.injectFault({ kind: 'slow', feed: 'detections', skip: 1, delayMs: 8_000 });
    const finished = new Promise<SyncFinishedInfo>((resolve) => {
      const off = ws.api.on('sync.finished', (f) => {
        off();
        resolve(f);
      });
    });
    await ws.call('sync.start', { password: det.password });
    // Wait until the first page of detections is in, then search while the second is on its way.
    for (let i = 0; i < 200; i++) {
      const s = await ws.call('sync.status');
      if (s.progress?.feed === 'detections' && s.progress.records > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Longer than a group may stay open waiting for its next page (`commitAfterMs`, 400 ms).
    await new Promise((r) => setTimeout(r, 1_000));
    const { plate } = ag.server.db
      .prepare('SELECT plate FROM detections WHERE deleted = 0 ORDER BY id LIMIT 1')
      .get() as {
      plate: string;
    };
    const t0 = performance.now();
    const found = await ws.call('detections.search', { plate, limit: 5 });
    const ms = performance.now() - t0;
    expect(found.rows.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2_000);
    expect((await finished).outcome).toBe('ok');
    await waitForSync(ws);
  }, 120_000);
});
