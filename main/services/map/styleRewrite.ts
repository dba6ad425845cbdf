/**
 * An agency's MapLibre style, made loadable through `map.read`: checked (version 8, sources, layers), every
 * http(s) URL in it (sources' url/tiles/data, sprite, glyphs) rewritten to `canvass://remote/<encoded URL>`,
 * TileJSON sources inlined (their tile URLs rewritten too), and `pmtiles://https://…` sources turned into
 * `pmtiles://<key>` archives read by range. The origins it names are the only ones `map.read` will fetch from.
 */
import { CanvassError } from '../../core/shared/errors';
import type { Style } from './basemapStyle';
import { checkSourceUrl } from './remote';

export type Rewritten = { style: Style; pmtiles: { key: string; resource: string }[]; origins: Set<string> };

const TOKEN = /(\{[a-z]+\})/;
const TILED = new Set(['vector', 'raster', 'raster-dem']);
const KNOWN_SOURCES = new Set(['vector', 'raster', 'raster-dem', 'geojson', 'image']);

const refuse = (why: string): never => {
  throw new CanvassError('INVALID_ARGUMENT', `The map style cannot be used: ${why}`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function rewriteStyle(
  json: unknown,
  styleUrl: URL,
  io: { fetchJson: (url: URL) => Promise<unknown> },
): Promise<Rewritten> {
  if (!isObject(json)) return refuse('it is not a JSON object.');
  if (json.version !== 8)
    return refuse(`it says version ${JSON.stringify(json.version)}; MapLibre styles are version 8.`);
  if (!isObject(json.sources) || !Object.keys(json.sources).length) return refuse('it has no “sources”.');
  if (!Array.isArray(json.layers) || !json.layers.length) return refuse('it has no “layers”.');
  const style = structuredClone(json) as Style;
  const origins = new Set<string>();
  const pmtiles: Rewritten['pmtiles'] = [];

  /** An absolute URL the style may use, its origin remembered; mapbox:// and other schemes are refused. */
  const absolute = (raw: string, what: string): URL => {
    if (/^mapbox:/i.test(raw)) return refuse(`${what} uses a mapbox:// address, which needs a Mapbox account.`);
    let u: URL;
    try {
      // Templates ({z}, {fontstack}) are not valid in every URL part: resolve with placeholders kept.
      u = new URL(raw, styleUrl);
    } catch {
      return refuse(`${what} “${raw}” is not a web address.`);
    }
    try {
      checkSourceUrl(u.href, 'map style');
    } catch (err) {
      return refuse(`${what}: ${(err as Error).message}`);
    }
    origins.add(u.origin);
    return u;
  };
  /** `canvass://remote/<encoded>` with template tokens left as they are, for MapLibre to fill in. */
  const remote = (raw: string, what: string): string => {
    const href = absolute(raw, what).href.replace(/%7B([a-z]+)%7D/gi, '{$1}');
    return `canvass://remote/${href
      .split(TOKEN)
      .map((part) => (TOKEN.test(part) ? part : encodeURIComponent(part)))
      .join('')}`;
  };

  for (const [name, source] of Object.entries(style.sources)) {
    if (!isObject(source)) return refuse(`source “${name}” is not an object.`);
    if (typeof source.type !== 'string' || !KNOWN_SOURCES.has(source.type))
      return refuse(`source “${name}” has a type Canvass does not load (${String(source.type)}).`);
    if (typeof source.url === 'string' && source.url.startsWith('pmtiles://')) {
      const archive = absolute(source.url.slice('pmtiles://'.length), `source “${name}”`);
      const key = `style-${pmtiles.length + 1}`;
      pmtiles.push({ key, resource: `remote/${encodeURIComponent(archive.href)}` });
      source.url = `pmtiles://${key}`;
    } else if (typeof source.url === 'string' && TILED.has(source.type)) {
      const tilejson = await io
        .fetchJson(absolute(source.url, `source “${name}”`))
        .catch((err: unknown) =>
          refuse(`the TileJSON of source “${name}” could not be read (${(err as Error).message}).`),
        );
      if (!isObject(tilejson) || !Array.isArray(tilejson.tiles) || !tilejson.tiles.length)
        return refuse(`the TileJSON of source “${name}” lists no tiles.`);
      const base = absolute(source.url, `source “${name}”`);
      delete source.url;
      source.tiles = tilejson.tiles.map((t) => new URL(String(t), base).href);
      for (const k of ['minzoom', 'maxzoom', 'bounds', 'scheme', 'attribution', 'tileSize'] as const)
        if (tilejson[k] !== undefined && source[k] === undefined) source[k] = tilejson[k];
    } else if (typeof source.url === 'string') {
      source.url = remote(source.url, `source “${name}”`);
    }
    if (Array.isArray(source.tiles)) source.tiles = source.tiles.map((t) => remote(String(t), `source “${name}”`));
    if (typeof source.data === 'string') source.data = remote(source.data, `source “${name}”`);
    if (Array.isArray(source.urls)) return refuse(`source “${name}” is a video, which Canvass does not load.`);
  }
  if (typeof style.sprite === 'string') style.sprite = remote(style.sprite, 'the sprite');
  else if (Array.isArray(style.sprite))
    style.sprite = style.sprite.map((s: unknown) =>
      isObject(s) && typeof s.url === 'string'
        ? { ...s, url: remote(s.url, 'the sprite') }
        : refuse('a sprite has no url.'),
    );
  if (typeof style.glyphs === 'string') style.glyphs = remote(style.glyphs, 'the glyphs');
  return { style, pmtiles, origins };
}
