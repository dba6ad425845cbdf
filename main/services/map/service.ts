/**
 * The map's basemap (docs/workspace.md, "Basemap"): which source the agency uses, the MapLibre style for it,
 * and every byte the map loads (`map.read`). The default is the offline admin-boundary archive shipped in
 * resources/basemap; an administrator may point at the agency's own PMTiles file or MapLibre style, which is
 * fetched and checked before it is saved. Nothing leaves the machine unless such a source is configured, and
 * then only to the origins that source named.
 */
import { gunzipSync } from 'node:zlib';
import type { BasemapInfo, BasemapSetting, MapReadArgs, MapReadResult } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { record } from '../audit';
import type { Context } from '../kernel/context';
import { offlineStyle, rasterStyle, vectorStyle, type Style, type VectorLayerInfo } from './basemapStyle';
import { basemapDir, contentTypeOf, readOfflineBytes, resolveOffline } from './offlineFiles';
import { Compression, decodeHeader, HEADER_BYTES, headerProblem, TileType } from './pmtiles';
import { checkSourceUrl, fetchBytes } from './remote';
import { rewriteStyle } from './styleRewrite';
import { storeOf } from '../kernel/context';
import { getSetting, putSetting } from '../../store/repos/settings';

const SETTING_KEY = 'map.basemap';
export const OFFLINE_ARCHIVE = 'offline/admin.pmtiles';
const OFFLINE_LABEL = 'Offline: US state and county boundaries (shipped with Canvass)';
const AGENCY_KEY = 'agency';

export const MAX_READ_BYTES = 16 * 1024 * 1024;
const READ_TIMEOUT_MS = 20_000;
const CHECK_TIMEOUT_MS = 10_000;
const MAX_METADATA_BYTES = 1024 * 1024;

/** What is saved: the setting and, for an agency source, the style and origins worked out when it was checked. */
type Stored = {
  setting: BasemapSetting;
  label: string;
  style: Style | null;
  pmtiles: { key: string; resource: string }[];
  origins: string[];
};

function stored(ctx: Context): { value: Stored; updatedAt: string | null; updatedBy: string | null } {
  const row = getSetting(storeOf(ctx), SETTING_KEY);
  if (!row) return { value: offlineStored(), updatedAt: null, updatedBy: null };
  return { value: JSON.parse(row.value) as Stored, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

function offlineStored(): Stored {
  return { setting: { kind: 'offline' }, label: OFFLINE_LABEL, style: null, pmtiles: [], origins: [] };
}

export function basemap(ctx: Context): BasemapInfo {
  const { value, updatedAt, updatedBy } = stored(ctx);
  if (value.setting.kind === 'offline' || !value.style)
    return {
      setting: { kind: 'offline' },
      style: offlineStyle(),
      pmtiles: [{ key: 'basemap', resource: OFFLINE_ARCHIVE }],
      label: OFFLINE_LABEL,
      updatedAt,
      updatedBy,
    };
  return {
    setting: value.setting,
    style: value.style,
    pmtiles: value.pmtiles,
    label: value.label,
    updatedAt,
    updatedBy,
  };
}

export const remoteResource = (url: string) => `remote/${encodeURIComponent(url)}`;

/** Checks an agency PMTiles archive: its v3 header, a tile type MapLibre can draw, its layers for the style. */
async function checkPmtiles(raw: string): Promise<Stored> {
  const url = checkSourceUrl(raw, 'PMTiles file');
  const named = new Set([url.hostname]);
  const head = await fetchBytes(url, {
    range: { offset: 0, length: HEADER_BYTES },
    maxBytes: HEADER_BYTES,
    timeoutMs: CHECK_TIMEOUT_MS,
    named,
  });
  const problem = headerProblem(head.bytes);
  if (problem) throw new CanvassError('INVALID_ARGUMENT', `${url.href}: ${problem}`);
  const h = decodeHeader(head.bytes);
  const canDecompress = (c: number) => c === Compression.none || c === Compression.gzip;
  if (!canDecompress(h.internalCompression) || (h.tileType === TileType.mvt && !canDecompress(h.tileCompression)))
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'The archive is compressed with brotli or zstd, which the map cannot read: rebuild it with gzip (the default of pmtiles and tippecanoe).',
    );
  let metadata: { name?: string; attribution?: string; vector_layers?: VectorLayerInfo[] } = {};
  if (h.jsonMetadataLength > 0) {
    if (h.jsonMetadataLength > MAX_METADATA_BYTES)
      throw new CanvassError(
        'INVALID_ARGUMENT',
        'The archive’s metadata is larger than 1 MB; Canvass does not read it.',
      );
    const m = await fetchBytes(url, {
      range: { offset: h.jsonMetadataOffset, length: h.jsonMetadataLength },
      maxBytes: MAX_METADATA_BYTES,
      timeoutMs: CHECK_TIMEOUT_MS,
      named,
    });
    try {
      const text = (h.internalCompression === Compression.gzip ? gunzipSync(m.bytes) : m.bytes).toString('utf8');
      metadata = JSON.parse(text) as typeof metadata;
    } catch {
      throw new CanvassError(
        'INVALID_ARGUMENT',
        'The archive’s metadata is not readable JSON: the file may be damaged.',
      );
    }
  }
  const attribution = typeof metadata.attribution === 'string' ? metadata.attribution.slice(0, 300) : null;
  let style: Style;
  if (h.tileType === TileType.mvt) {
    const layers = Array.isArray(metadata.vector_layers)
      ? metadata.vector_layers
          .filter((l) => typeof l?.id === 'string')
          .map((l) => ({ id: l.id, fields: l.fields ?? {} }))
      : [];
    if (!layers.length)
      throw new CanvassError(
        'INVALID_ARGUMENT',
        'The archive holds vector tiles but does not list its layers (metadata “vector_layers”), so Canvass cannot draw it.',
      );
    style = vectorStyle(AGENCY_KEY, layers, attribution);
  } else if (([TileType.png, TileType.jpeg, TileType.webp, TileType.avif] as number[]).includes(h.tileType)) {
    style = rasterStyle(AGENCY_KEY, attribution);
  } else {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'The archive holds tiles of a type the map cannot draw; use vector (MVT) or image (PNG, JPEG, WebP) tiles.',
    );
  }
  const name = typeof metadata.name === 'string' && metadata.name ? ` (${metadata.name.slice(0, 80)})` : '';
  return {
    setting: { kind: 'pmtiles', url: url.href },
    label: `Agency PMTiles: ${url.host}${url.pathname}${name}`,
    style,
    pmtiles: [{ key: AGENCY_KEY, resource: remoteResource(url.href) }],
    origins: [url.origin],
  };
}

async function checkStyle(raw: string): Promise<Stored> {
  const url = checkSourceUrl(raw, 'map style');
  // The host the administrator typed may be on the agency's own network; hosts the style names may not.
  const named = new Set([url.hostname]);
  const got = await fetchBytes(url, {
    maxBytes: 2 * 1024 * 1024,
    timeoutMs: CHECK_TIMEOUT_MS,
    accept: 'application/json',
    named,
  });
  let json: unknown;
  try {
    json = JSON.parse(got.bytes.toString('utf8'));
  } catch {
    throw new CanvassError('INVALID_ARGUMENT', `${url.href} is not a MapLibre style: it is not JSON.`);
  }
  const rewritten = await rewriteStyle(json, url, {
    fetchJson: async (u) =>
      JSON.parse(
        (await fetchBytes(u, { maxBytes: 1024 * 1024, timeoutMs: CHECK_TIMEOUT_MS, named })).bytes.toString('utf8'),
      ),
  });
  const name =
    typeof rewritten.style.name === 'string' && rewritten.style.name
      ? String(rewritten.style.name).slice(0, 80)
      : url.host;
  return {
    setting: { kind: 'style', url: url.href },
    label: `Agency style: ${name}`,
    style: rewritten.style,
    pmtiles: rewritten.pmtiles,
    origins: [...rewritten.origins],
  };
}

/** `map.setBasemap`: checks the source first; on any failure nothing is saved and the message says why. */
export async function setBasemap(ctx: Context, setting: BasemapSetting): Promise<BasemapInfo> {
  const db = storeOf(ctx);
  let next: Stored;
  try {
    next =
      setting.kind === 'offline'
        ? offlineStored()
        : setting.kind === 'pmtiles'
          ? await checkPmtiles(setting.url)
          : await checkStyle(setting.url);
  } catch (err) {
    const message =
      err instanceof CanvassError ? err.message : `The source could not be checked: ${(err as Error).message}`;
    inTransaction(db, () =>
      record(ctx, db, 'map.setBasemap', 'failed', {
        kind: setting.kind,
        url: 'url' in setting ? setting.url : null,
        error: message,
      }),
    );
    throw err instanceof CanvassError ? err : new CanvassError('INVALID_ARGUMENT', message);
  }
  inTransaction(db, () => {
    putSetting(db, {
      key: SETTING_KEY,
      value: JSON.stringify(next),
      updatedAt: ctx.nowIso(),
      updatedBy: ctx.session?.username ?? null,
    });
    record(ctx, db, 'map.setBasemap', 'ok', {
      kind: next.setting.kind,
      url: 'url' in next.setting ? next.setting.url : null,
      origins: next.origins,
    });
  });
  return basemap(ctx);
}

/** `map.read`: a byte range of a shipped basemap file, or of the configured agency source. */
export async function read(ctx: Context, args: MapReadArgs): Promise<MapReadResult> {
  const range =
    args.offset !== undefined || args.length !== undefined
      ? { offset: args.offset ?? 0, length: args.length ?? MAX_READ_BYTES }
      : null;
  if (args.resource.startsWith('offline/')) {
    const file = resolveOffline(basemapDir(ctx.profilesDir), args.resource.slice('offline/'.length));
    return {
      base64: readOfflineBytes(file, range, MAX_READ_BYTES).toString('base64'),
      contentType: contentTypeOf(file),
    };
  }
  if (args.resource.startsWith('remote/')) {
    const { value } = stored(ctx);
    let url: URL;
    try {
      url = new URL(decodeURIComponent(args.resource.slice('remote/'.length)));
    } catch {
      throw new CanvassError('FORBIDDEN', 'The map asked for something that is not a web address.');
    }
    if (value.setting.kind === 'offline' || !value.origins.includes(url.origin))
      throw new CanvassError(
        'FORBIDDEN',
        `The map may load only from the basemap source an administrator configured; ${url.origin} is not part of it.`,
      );
    checkSourceUrl(url.href, 'map source');
    const got = await fetchBytes(url, {
      ...(range ? { range } : {}),
      maxBytes: MAX_READ_BYTES,
      timeoutMs: READ_TIMEOUT_MS,
      named: new Set([new URL(value.setting.url).hostname]),
    });
    return { base64: got.bytes.toString('base64'), contentType: got.contentType };
  }
  throw new CanvassError(
    'FORBIDDEN',
    'The map may read only offline/… (the shipped basemap) or remote/… (the configured source).',
  );
}
