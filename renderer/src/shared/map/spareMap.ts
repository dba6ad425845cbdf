import { Map as MapLibreMap, type MapOptions, type StyleSpecification } from 'maplibre-gl';
import { addIcons, addSources, layerSpecs, PALETTES } from './layers';

/**
 * One map made ahead of need. Under software GL a map's first load — its WebGL context, shaders, style and first
 * tiles — takes a second or more; the workspace keeps one spare, started off screen when the page is idle, and
 * the next screen to show a map (the case view, an analysis) adopts it instead of starting its own.
 * The spare holds no ALPR data (the basemap and our empty layers only) and is inert until adopted.
 */

/** The options every map of the workspace is made with (the hook's own maps and the spare). */
const MAP_OPTIONS = {
  attributionControl: false,
  dragRotate: false,
  pitchWithRotate: false,
  touchPitch: false,
  maxPitch: 0,
  fadeDuration: 0,
} satisfies Partial<MapOptions>;

export type Prepared = { map: MapLibreMap; host: HTMLDivElement; loaded: Promise<void> };

type Spare = Prepared & { style: string };

let spare: Spare | null = null;
let scheduled = false;
/** Maps of the page not yet drawn once: a spare waits for them rather than compete with the screen being opened. */
let loading = 0;

/** A host element for a map: fills the element it is placed in, so it can move between screens whole. */
export function mapHost(): HTMLDivElement {
  const host = document.createElement('div');
  host.className = 'detection-map-host';
  return host;
}

/** Our icons, sources and layers, added once the style has loaded (the same for every map). */
function prepareLayers(map: MapLibreMap, scheme: 'light' | 'dark', fontStack: string[] | null): void {
  addIcons(map);
  addSources(map);
  for (const layer of layerSpecs(PALETTES[scheme], fontStack)) map.addLayer(layer);
}

/** Makes a map with our layers in `host`; `loaded` settles when they are in. */
export function prepareMap(
  host: HTMLDivElement,
  style: StyleSpecification,
  scheme: 'light' | 'dark',
  fontStack: string[] | null,
  view: Partial<MapOptions>,
): Prepared {
  const map = new MapLibreMap({ container: host, style, ...view, ...MAP_OPTIONS });
  // Loading until its first frame is complete (tiles and results drawn), or until it is removed.
  loading++;
  let counted = true;
  const settled = () => {
    if (counted) loading--;
    counted = false;
  };
  map.once('idle', settled);
  map.once('remove', settled);
  const loaded = new Promise<void>((resolve) => {
    map.once('load', () => {
      prepareLayers(map, scheme, fontStack);
      resolve();
    });
  });
  return { map, host, loaded };
}

/**
 * The spare, if one was made with this basemap style (a changed basemap setting discards it). Taken, it is the
 * caller's: its host is made visible and part of the page again.
 */
export function takeSpare(style: StyleSpecification): Prepared | null {
  const s = spare;
  if (!s) return null;
  spare = null;
  if (s.style !== JSON.stringify(style)) {
    s.map.remove();
    s.host.remove();
    return null;
  }
  s.host.removeAttribute('inert');
  s.host.removeAttribute('aria-hidden');
  s.host.removeAttribute('style');
  s.host.dataset.madeAhead = ''; // tests tell an adopted map from one the screen made
  return s;
}

/**
 * Starts a spare when the page is next idle and no other map is loading (the screen being opened comes first),
 * unless one exists: off screen, the size of the map that asked, inert and hidden from assistive technology. A map
 * asks once it has drawn its first frame; so the first screen never waits for it.
 */
export function keepSpare(
  style: StyleSpecification,
  scheme: 'light' | 'dark',
  fontStack: string[] | null,
  size: { width: number; height: number },
  view: Partial<MapOptions>,
): void {
  if (spare || scheduled || size.width === 0 || size.height === 0) return;
  scheduled = true;
  const start = () => {
    if (loading > 0) {
      requestIdleCallback(start, { timeout: 3000 });
      return;
    }
    scheduled = false;
    if (spare) return;
    const host = mapHost();
    host.setAttribute('inert', '');
    host.setAttribute('aria-hidden', 'true');
    host.style.cssText = `position:fixed;left:-${size.width + 100}px;top:0;width:${size.width}px;height:${size.height}px`;
    document.body.appendChild(host);
    spare = { ...prepareMap(host, style, scheme, fontStack, view), style: JSON.stringify(style) };
  };
  requestIdleCallback(start, { timeout: 3000 });
}

/** Signing out or locking: the spare goes with the session's page state. */
export function dropSpare(): void {
  spare?.map.remove();
  spare?.host.remove();
  spare = null;
}
