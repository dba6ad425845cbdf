import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BasemapInfo } from '../../../preload/contract';
import { decodeHeader, HEADER_BYTES } from '../../../main/services/map/pmtiles';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * The basemap setting and `map.read` against a real loopback HTTP server: an agency PMTiles archive served with
 * Range support (the shipped archive itself, so the header and metadata are real), a MapLibre style with a
 * TileJSON source, and the refusals: bad addresses, files that are not archives, servers without Range,
 * reads outside the configured source, and paths that try to leave resources/basemap.
 */
const ARCHIVE = readFileSync(resolve(__dirname, '../../../resources/basemap/admin.pmtiles'));

type Served = { body: Buffer | string; type: string; ranges?: boolean };
let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const hits: string[] = [];
/** Responses the slow route holds open until a test releases them. */
const held: ServerResponse[] = [];

function serve(routes: Record<string, Served>): Server {
  return createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/slow.pmtiles') return void held.push(res);
    const r = routes[req.url?.split('?')[0] ?? ''];
    if (!r) return void res.writeHead(404).end('not found');
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (m && r.ranges !== false) {
      const [from, to] = [Number(m[1]), Math.min(Number(m[2]), body.length - 1)];
      res.writeHead(206, {
        'content-type': r.type,
        'content-range': `bytes ${from}-${to}/${body.length}`,
        'content-length': to - from + 1,
      });
      return void res.end(body.subarray(from, to + 1));
    }
    res.writeHead(200, { 'content-type': r.type, 'content-length': body.length }).end(body);
  });
}

const listen = (s: Server) =>
  new Promise<string>((ok) =>
    s.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

let ws: Workstation;

beforeAll(async () => {
  const style = (b: string) =>
    JSON.stringify({
      version: 8,
      name: 'County streets',
      sprite: `${b}/sprites/streets`,
      glyphs: `${b}/fonts/{fontstack}/{range}.pbf`,
      sources: { streets: { type: 'vector', url: `${b}/tiles.json` } },
      layers: [{ id: 'roads', type: 'line', source: 'streets', 'source-layer': 'roads' }],
    });
  server = serve({});
  base = await listen(server);
  other = serve({ '/elsewhere.pmtiles': { body: ARCHIVE, type: 'application/octet-stream' } });
  otherBase = await listen(other);
  const routes: Record<string, Served> = {
    '/county.pmtiles': { body: ARCHIVE, type: 'application/octet-stream' },
    '/no-range.pmtiles': { body: ARCHIVE, type: 'application/octet-stream', ranges: false },
    '/not-an-archive.pmtiles': {
      body: `<!doctype html><html><head><title>Sign in</title></head><body>${'Sign in to the county GIS portal. '.repeat(8)}</body></html>`,
      type: 'text/html',
    },
    '/style.json': { body: style(base), type: 'application/json' },
    '/tiles.json': {
      body: JSON.stringify({ tilejson: '3.0.0', tiles: [`${base}/t/{z}/{x}/{y}.pbf`], maxzoom: 14 }),
      type: 'application/json',
    },
    '/t/3/1/2.pbf': { body: Buffer.from([1, 2, 3]), type: 'application/x-protobuf' },
    '/v7.json': { body: JSON.stringify({ version: 7, sources: {}, layers: [] }), type: 'application/json' },
    '/mapbox.json': {
      body: JSON.stringify({
        version: 8,
        sources: { s: { type: 'vector', url: 'mapbox://mapbox.streets' } },
        layers: [{ id: 'x', type: 'background' }],
      }),
      type: 'application/json',
    },
  };
  server.removeAllListeners('request');
  server.on('request', serve(routes).listeners('request')[0] as (...a: unknown[]) => void);

  ws = workstation();
  await withInvestigator(ws);
  await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
});

afterAll(() => {
  ws?.dispose();
  server?.close();
  other?.close();
});

/** The access log's records of one action, newest first, with their data parsed. */
async function auditActions(action: string): Promise<{ outcome: string; data: Record<string, unknown> }[]> {
  const entries = await ws.call('audit.list', { limit: 200 });
  return entries
    .filter((e) => e.action === action)
    .map((e) => ({ outcome: e.outcome, data: JSON.parse(String(e.data)) as Record<string, unknown> }));
}

describe('the offline basemap', () => {
  it('is the default: a style over the shipped archive with offline glyphs', async () => {
    const info = await ws.call('map.basemap');
    expect(info.setting).toEqual({ kind: 'offline' });
    expect(info.pmtiles).toEqual([{ key: 'basemap', resource: 'offline/admin.pmtiles' }]);
    expect(info.style.glyphs).toBe('canvass://offline/glyphs/{fontstack}/{range}.pbf');
    expect((info.style.sources as Record<string, { url: string }>).basemap!.url).toBe('pmtiles://basemap');
    expect(info.updatedAt).toBeNull();
  });

  it('reads byte ranges of the archive and glyph ranges the style names', async () => {
    const head = await ws.call('map.read', { resource: 'offline/admin.pmtiles', offset: 0, length: HEADER_BYTES });
    expect(decodeHeader(Buffer.from(head.base64, 'base64')).maxZoom).toBe(8);
    expect(head.contentType).toBe('application/vnd.pmtiles');
    // MapLibre encodes the font stack: "DejaVu Sans Bold" arrives as DejaVu%20Sans%20Bold.
    const glyphs = await ws.call('map.read', { resource: 'offline/glyphs/DejaVu%20Sans%20Bold/0-255.pbf' });
    expect(Buffer.from(glyphs.base64, 'base64').length).toBeGreaterThan(10_000);
  });

  it('refuses paths that leave resources/basemap, whatever their spelling', async () => {
    for (const resource of [
      'offline/../policies/los-altos-pd.json',
      'offline/glyphs/..%2F..%2Fpolicies%2Flos-altos-pd.json',
      'offline/%2E%2E/policies/los-altos-pd.json',
      'offline//etc/passwd',
      'offline/glyphs\\..\\README.md',
      'offline/README.md',
      'file:///etc/passwd',
      '../resources/basemap/admin.pmtiles',
    ]) {
      const e = await ws.refused('map.read', { resource });
      expect(e.code, resource).toBe('FORBIDDEN');
    }
    expect((await ws.refused('map.read', { resource: 'offline/glyphs/Comic Sans/0-255.pbf' })).code).toBe('NOT_FOUND');
  });

  it('will not fetch from the network while the basemap is offline', async () => {
    const e = await ws.refused('map.read', {
      resource: `remote/${encodeURIComponent(`${base}/county.pmtiles`)}`,
      offset: 0,
      length: 127,
    });
    expect(e.code).toBe('FORBIDDEN');
    expect(hits).toEqual([]);
  });
});

describe('an agency PMTiles source', () => {
  let info: BasemapInfo;

  it('is checked, saved with who and when, and audited', async () => {
    info = await ws.call('map.setBasemap', { kind: 'pmtiles', url: `${base}/county.pmtiles` });
    expect(info.setting).toEqual({ kind: 'pmtiles', url: `${base}/county.pmtiles` });
    expect(info.pmtiles).toEqual([
      { key: 'agency', resource: `remote/${encodeURIComponent(`${base}/county.pmtiles`)}` },
    ]);
    expect(info.updatedBy).toBe('admin.rivera');
    expect(info.label).toContain('county.pmtiles');
    // Drawn from the archive's own layer list.
    const ids = (info.style.layers as { id: string }[]).map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['states-line', 'counties-line', 'states-label']));
    expect((await ws.call('map.basemap')).setting.kind).toBe('pmtiles');
    const audit = await auditActions('map.setBasemap');
    expect(audit[0]).toMatchObject({ outcome: 'ok', data: { kind: 'pmtiles', url: `${base}/county.pmtiles` } });
  });

  it('is read by range through map.read, and nothing else on the network is', async () => {
    const resource = info.pmtiles[0]!.resource;
    const head = await ws.call('map.read', { resource, offset: 0, length: HEADER_BYTES });
    expect(Buffer.from(head.base64, 'base64')).toEqual(ARCHIVE.subarray(0, HEADER_BYTES));
    const mid = await ws.call('map.read', { resource, offset: 5000, length: 300 });
    expect(Buffer.from(mid.base64, 'base64')).toEqual(ARCHIVE.subarray(5000, 5300));
    const elsewhere = await ws.refused('map.read', {
      resource: `remote/${encodeURIComponent(`${otherBase}/elsewhere.pmtiles`)}`,
      offset: 0,
      length: 127,
    });
    expect(elsewhere.code).toBe('FORBIDDEN');
  });

  it('never holds other calls up while a tile waits on a slow server', async () => {
    const slow = ws.call('map.read', {
      resource: `remote/${encodeURIComponent(`${base}/slow.pmtiles`)}`,
      offset: 0,
      length: 127,
    });
    await expect.poll(() => held.length).toBe(1);
    // Queued calls (sign-in state, searches) still answer while the tile request hangs.
    expect((await ws.call('app.state')).session?.username).toBe('admin.rivera');
    held
      .shift()!
      .writeHead(206, { 'content-range': `bytes 0-126/${ARCHIVE.length}`, 'content-length': 127 })
      .end(ARCHIVE.subarray(0, 127));
    expect(Buffer.from((await slow).base64, 'base64')).toEqual(ARCHIVE.subarray(0, 127));
  });

  it('refuses what is not a PMTiles v3 archive, a server without Range, and insecure or malformed addresses; nothing is saved', async () => {
    const cases: [string, RegExp][] = [
      [`${base}/not-an-archive.pmtiles`, /not a PMTiles archive/],
      [`${base}/no-range.pmtiles`, /byte ranges/],
      [`${base}/missing.pmtiles`, /HTTP 404/],
      ['http://tiles.example.org/county.pmtiles', /HTTPS/],
      ['not a url', /not a web address/],
      ['http://127.0.0.1:1/closed.pmtiles', /could not be reached/],
    ];
    for (const [url, reason] of cases) {
      const e = await ws.refused('map.setBasemap', { kind: 'pmtiles', url });
      expect(e.code, url).toBe('INVALID_ARGUMENT');
      expect(e.message, url).toMatch(reason);
    }
    const now = await ws.call('map.basemap');
    expect(now.setting).toEqual({ kind: 'pmtiles', url: `${base}/county.pmtiles` });
    const failed = (await auditActions('map.setBasemap')).filter((a) => a.outcome === 'failed');
    expect(failed.length).toBe(cases.length);
  });
});

describe('an agency style', () => {
  it('is checked, its TileJSON inlined and every URL routed through map.read', async () => {
    const info = await ws.call('map.setBasemap', { kind: 'style', url: `${base}/style.json` });
    const enc = (s: string) => encodeURIComponent(s);
    expect(info.style.sprite).toBe(`canvass://remote/${enc(`${base}/sprites/streets`)}`);
    expect(info.style.glyphs).toBe(
      `canvass://remote/${enc(`${base}/fonts/`)}{fontstack}${enc('/')}{range}${enc('.pbf')}`,
    );
    const source = (info.style.sources as Record<string, Record<string, unknown>>).streets!;
    expect(source.url).toBeUndefined();
    expect(source.maxzoom).toBe(14);
    const template = (source.tiles as string[])[0]!;
    expect(template).toBe(`canvass://remote/${enc(`${base}/t/`)}{z}${enc('/')}{x}${enc('/')}{y}${enc('.pbf')}`);
    // What MapLibre then asks for, once it has filled in the template:
    const tile = template.replace('{z}', '3').replace('{x}', '1').replace('{y}', '2').slice('canvass://'.length);
    const got = await ws.call('map.read', { resource: tile });
    expect([...Buffer.from(got.base64, 'base64')]).toEqual([1, 2, 3]);
  });

  it('refuses a style of another version and one that needs a Mapbox account', async () => {
    expect((await ws.refused('map.setBasemap', { kind: 'style', url: `${base}/v7.json` })).message).toMatch(
      /version 8/,
    );
    expect((await ws.refused('map.setBasemap', { kind: 'style', url: `${base}/mapbox.json` })).message).toMatch(
      /mapbox:\/\//,
    );
    expect(
      (await ws.refused('map.setBasemap', { kind: 'style', url: `${base}/not-an-archive.pmtiles` })).message,
    ).toMatch(/not JSON/);
  });

  it('goes back to offline on request', async () => {
    const info = await ws.call('map.setBasemap', { kind: 'offline' });
    expect(info.setting).toEqual({ kind: 'offline' });
    expect(info.pmtiles[0]!.resource).toBe('offline/admin.pmtiles');
  });
});

describe('who may change it', () => {
  it('is administrators only; an investigator may still see the map', async () => {
    await ws.call('auth.logout');
    await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
    expect((await ws.refused('map.setBasemap', { kind: 'pmtiles', url: `${base}/county.pmtiles` })).code).toBe(
      'FORBIDDEN',
    );
    expect((await ws.call('map.basemap')).setting.kind).toBe('offline');
    const head = await ws.call('map.read', { resource: 'offline/admin.pmtiles', offset: 0, length: 7 });
    expect(Buffer.from(head.base64, 'base64').toString()).toBe('PMTiles');
  });
});
