/**
 * Everything the map loads goes through `map.read` (the CSP allows no remote fetch, and main decides which
 * sources are allowed): `canvass://<resource>` URLs of the style (glyphs, sprites, tiles of a rewritten agency
 * style) and `pmtiles://<key>` archives read by byte range. Registered once per app, before the first map.
 */
import { addProtocol, setWorkerUrl, type RequestParameters, type StyleSpecification } from 'maplibre-gl';
import { PMTiles, Protocol, type RangeResponse, type Source } from 'pmtiles';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { BasemapInfo } from '../../../../preload/contract';
import { call } from '../../bridge';
import { RangeCache } from './rangeCache';

export function base64ToArrayBuffer(base64: string): ArrayBuffer {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

/** Shared by every map of the page (24 MB: a city's tiles at a few zooms). */
const ranges = new RangeCache(24 * 1024 * 1024);

/** A PMTiles archive read by byte range through `map.read`; nothing is fetched by the renderer itself. */
class MapReadSource implements Source {
  constructor(
    private readonly key: string,
    readonly resource: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const cached = ranges.get(this.resource, offset, length);
    if (cached) return { data: cached };
    const { base64 } = await call('map.read', { resource: this.resource, offset, length });
    const data = base64ToArrayBuffer(base64);
    ranges.put(this.resource, offset, length, data);
    return { data };
  }
}

let pmtilesProtocol: Protocol | null = null;
let setup: Promise<void> | null = null;

/**
 * MapLibre's worker is a separate ES module; the CSP only lets workers start from `blob:`, so its code is read
 * from our own origin (connect-src 'self') into a blob once.
 */
async function startWorkerFromBlob(): Promise<void> {
  const res = await fetch(workerUrl);
  if (!res.ok) throw new Error(`The map's worker could not be loaded (${res.status}).`);
  const blob = new Blob([await res.text()], { type: 'text/javascript' });
  setWorkerUrl(URL.createObjectURL(blob));
}

async function readCanvass(params: RequestParameters): Promise<{ data: unknown }> {
  const resource = decodeURI(params.url.slice('canvass://'.length));
  const { base64 } = await call('map.read', { resource });
  const buffer = base64ToArrayBuffer(base64);
  if (params.type === 'json') return { data: JSON.parse(new TextDecoder().decode(buffer)) as unknown };
  if (params.type === 'string') return { data: new TextDecoder().decode(buffer) };
  return { data: buffer };
}

/** Registers the worker and the `canvass://` and `pmtiles://` protocols, once. */
export function ensureMapSetup(): Promise<void> {
  setup ??= (async () => {
    await startWorkerFromBlob();
    addProtocol('canvass', (params) => readCanvass(params) as never);
    pmtilesProtocol = new Protocol();
    addProtocol('pmtiles', pmtilesProtocol.tile);
  })().catch((e: unknown) => {
    setup = null; // let the next map try again
    throw e;
  });
  return setup;
}

/** Makes the basemap's PMTiles archives readable under their keys (a changed setting replaces an archive). */
function registerArchives(info: BasemapInfo): void {
  if (!pmtilesProtocol) return;
  for (const { key, resource } of info.pmtiles) {
    const existing = pmtilesProtocol.tiles.get(key);
    const current = existing?.source instanceof MapReadSource ? existing.source.resource : null;
    if (current !== resource) pmtilesProtocol.tiles.set(key, new PMTiles(new MapReadSource(key, resource)));
  }
}

export type LoadedBasemap = { info: BasemapInfo; style: StyleSpecification; fontStack: string[] | null };

/** The font stack the basemap's own labels use, so our labels find glyphs the basemap serves. */
function fontStackOf(style: StyleSpecification): string[] | null {
  if (!style.glyphs) return null;
  for (const layer of style.layers) {
    const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined;
    if (Array.isArray(font) && font.every((f) => typeof f === 'string')) return font as string[];
  }
  return null;
}

/** The configured basemap's style, with its archives registered. Throws a CallError a person can read. */
export async function loadBasemap(): Promise<LoadedBasemap> {
  await ensureMapSetup();
  const info = await call('map.basemap');
  registerArchives(info);
  const style = info.style as unknown as StyleSpecification;
  return { info, style, fontStack: fontStackOf(style) };
}

/** Used when the basemap cannot load: the points still show, on a plain background. */
export function blankStyle(background: string): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': background } }],
  };
}
