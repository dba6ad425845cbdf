import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, withInvestigator, workstation, type Workstation } from '../../support/workstation';

/**
 * Where the map may load from: a redirect is refused (it could leave the configured origin), and a private,
 * loopback or link-local address only when it is the host the administrator typed — not one a style names
 * (the cloud's metadata service at 169.254.169.254, a device on the agency's network), neither when the style
 * is checked nor when a tile is read later.
 */
let server: Server;
let port: number;
let ws: Workstation;

const style = (tiles: string) =>
  JSON.stringify({
    version: 8,
    sources: { streets: { type: 'vector', tiles: [tiles], maxzoom: 14 } },
    layers: [{ id: 'roads', type: 'line', source: 'streets', 'source-layer': 'roads' }],
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (path === '/moved.json')
      return void res.writeHead(302, { location: `http://127.0.0.1:${port}/style.json` }).end();
    if (path === '/moved.pmtiles')
      return void res.writeHead(301, { location: 'https://tiles.example.org/a.pmtiles' }).end();
    if (path === '/style.json') return json(style(`http://127.0.0.1:${port}/t/{z}/{x}/{y}.pbf`));
    if (path === '/metadata-style.json')
      return json(
        JSON.stringify({
          version: 8,
          sources: { s: { type: 'vector', url: 'https://169.254.169.254/latest/meta-data/tiles.json' } },
          layers: [{ id: 'x', type: 'background' }],
        }),
      );
    if (path === '/elsewhere-style.json') return json(style(`http://localhost:${port}/t/{z}/{x}/{y}.pbf`));
    if (path === '/t/3/1/2.pbf')
      return void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from([7]));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  ws = workstation();
  await withInvestigator(ws);
  await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
});

afterAll(() => {
  ws?.dispose();
  server?.close();
});

const tile = (template: string) =>
  template.replace('{z}', '3').replace('{x}', '1').replace('{y}', '2').slice('canvass://'.length);

describe('map sources', () => {
  it('refuses a redirect, for a style and for an archive, and saves nothing', async () => {
    const style = await ws.refused('map.setBasemap', { kind: 'style', url: `http://127.0.0.1:${port}/moved.json` });
    expect(style.message).toMatch(
      /answered with a redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\/style\.json\)\. Canvass does not follow redirects for the map/,
    );
    const archive = await ws.refused('map.setBasemap', {
      kind: 'pmtiles',
      url: `http://127.0.0.1:${port}/moved.pmtiles`,
    });
    expect(archive.message).toMatch(/redirect \(HTTP 301 to https:\/\/tiles\.example\.org\/a\.pmtiles\)/);
    expect((await ws.call('map.basemap')).setting).toEqual({ kind: 'offline' });
  });

  it('refuses a link-local address a style names, before connecting to it', async () => {
    const err = await ws.refused('map.setBasemap', {
      kind: 'style',
      url: `http://127.0.0.1:${port}/metadata-style.json`,
    });
    expect(err.message).toMatch(
      /169\.254\.169\.254 is a link-local address \(169\.254\.169\.254\) that the administrator did not name/,
    );
  });

  it('reads tiles from the host the administrator typed, even on a private address, but not from another private host', async () => {
    const named = await ws.call('map.setBasemap', { kind: 'style', url: `http://127.0.0.1:${port}/style.json` });
    const ok = await ws.call('map.read', {
      resource: tile((named.style.sources as Record<string, { tiles: string[] }>).streets!.tiles[0]!),
    });
    expect([...Buffer.from(ok.base64, 'base64')]).toEqual([7]);

    // The same machine under another name the style chose: not named, so a private address is refused.
    const other = await ws.call('map.setBasemap', {
      kind: 'style',
      url: `http://127.0.0.1:${port}/elsewhere-style.json`,
    });
    const err = await ws.refused('map.read', {
      resource: tile((other.style.sources as Record<string, { tiles: string[] }>).streets!.tiles[0]!),
    });
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(
      /^localhost is a private or loopback address \((127\.0\.0\.1|::1)\) that the administrator did not name/,
    );

    // Typed by the administrator, the same name is theirs to use.
    const typed = await ws.call('map.setBasemap', {
      kind: 'style',
      url: `http://localhost:${port}/elsewhere-style.json`,
    });
    const read = await ws.call('map.read', {
      resource: tile((typed.style.sources as Record<string, { tiles: string[] }>).streets!.tiles[0]!),
    });
    expect([...Buffer.from(read.base64, 'base64')]).toEqual([7]);
    await ws.call('map.setBasemap', { kind: 'offline' });
  });
});
