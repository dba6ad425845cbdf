import { useEffect, useRef, useState, type RefObject } from 'react';
import { NavigationControl, ScaleControl, type Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import type { GeoArea } from '../../../../preload/contract';
import { errorMessage } from '../../bridge';
import { AreaEditor } from './areaEditor';
import { blankStyle, ensureMapSetup, loadBasemap, type LoadedBasemap } from './basemap';
import type { FilledMapProps } from './DetectionMap';
import { boundsOf, cameraBounds } from './geometry';
import { wireSelection } from './selection';
import { keepSpare, mapHost, prepareMap, takeSpare } from './spareMap';

export type MapPhase = { kind: 'starting' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/** Continental US until there is something to look at. */
const HOME = { center: [-98.5, 39.5] as [number, number], zoom: 3.2 };
export const FIT = { padding: 56, maxZoom: 16, duration: 0 };

/**
 * The MapLibre map of a DetectionMap: created once, after the worker and the basemap are ready (a plain
 * background if the basemap cannot be read), with our sources and layers, the area editor and the selection
 * wired, and `draw` called in the same task (the results are on the first frames rather than a React render
 * later); removed on unmount. The component's other effects wait for `ready`.
 */
export function useMapLibre(
  latest: RefObject<FilledMapProps>,
  scheme: 'light' | 'dark',
  draw: RefObject<(map: MapLibreMap) => void>,
) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const editorRef = useRef<AreaEditor | null>(null);
  const basemapRef = useRef<LoadedBasemap | null>(null);
  const schemeRef = useRef(scheme);
  schemeRef.current = scheme;
  const [phase, setPhase] = useState<MapPhase>({ kind: 'starting' });
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [attribution, setAttribution] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [draft, setDraft] = useState<GeoArea | null>(null);

  // The map itself: created once, after the worker and the basemap are ready; removed on unmount.
  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    let host: HTMLDivElement | null = null;
    let observer: ResizeObserver | null = null;
    void (async () => {
      try {
        await ensureMapSetup();
      } catch (e) {
        if (!cancelled) setPhase({ kind: 'failed', message: errorMessage(e) });
        return;
      }
      let style: StyleSpecification;
      try {
        const loaded = await loadBasemap();
        basemapRef.current = loaded;
        style = loaded.style;
        setAttribution(loaded.info.label);
      } catch (e) {
        basemapRef.current = null;
        style = blankStyle(schemeRef.current === 'dark' ? '#1f2023' : '#f1f3f5');
        setNotice(`The basemap could not be loaded (${errorMessage(e)}). Reads are shown on a plain background.`);
      }
      if (cancelled || !container.current) return;
      // Reopen where the user left it; else open on the results, the agency's cameras (the city), the country.
      const kept = latest.current!.initialView;
      const first = kept ? null : (boundsOf(latest.current!.detections) ?? cameraBounds(latest.current!.cameras));
      const view = kept ? kept : first ? { bounds: first, fitBoundsOptions: FIT } : HOME;
      const fontStack = basemapRef.current?.fontStack ?? null;
      // The spare made while the workspace was idle, if there is one; else a map of our own.
      const adopted = basemapRef.current ? takeSpare(style) : null;
      const made = adopted ?? prepareMap(mapHost(), style, schemeRef.current, fontStack, view);
      host = made.host;
      container.current.appendChild(made.host);
      const m = made.map;
      if (adopted) {
        m.resize();
        if (kept) m.jumpTo(kept);
        else if (first) m.fitBounds(first, FIT);
        else m.jumpTo(HOME);
      }
      map = m;
      m.touchZoomRotate.disableRotation();
      m.keyboard.disableRotation();
      m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
      mapRef.current = m;
      m.on('error', (ev) => {
        // A tile or glyph that failed to read: the map goes on; say so once.
        const message = ev.error instanceof Error ? ev.error.message : 'a map resource could not be read';
        setNotice((n) => n ?? `Part of the basemap could not be read (${message}).`);
      });
      m.on('moveend', () => {
        const c = m.getCenter();
        latest.current!.onViewChange?.({ center: [c.lng, c.lat], zoom: m.getZoom() });
      });
      void made.loaded.then(() => {
        if (cancelled) return;
        editorRef.current = new AreaEditor(m, () => ({
          onAreaChange: (a) => latest.current!.onAreaChange(a),
          onDrawModeChange: (m) => latest.current!.onDrawModeChange(m),
          onHint: setHint,
          onDraft: setDraft,
        }));
        wireSelection(
          m,
          () => editorRef.current,
          () => latest.current,
        );
        draw.current!(m);
        setPhase({ kind: 'ready' });
        setReady(true);
        // The next screen's map, started once this one is drawn, while it is looked at.
        m.once('idle', () => {
          const c = container.current;
          if (basemapRef.current && c && !cancelled)
            keepSpare(style, schemeRef.current, fontStack, { width: c.clientWidth, height: c.clientHeight }, view);
        });
      });
      // Hidden (another view of the workspace is shown) the container measures 0: keep the map as it was rather
      // than shrink it to nothing, so it comes back with the same view; shown again, it fits its container.
      observer = new ResizeObserver(() => {
        const c = container.current;
        if (c && c.clientWidth > 0 && c.clientHeight > 0) map?.resize();
      });
      observer.observe(container.current);
    })();
    return () => {
      cancelled = true;
      observer?.disconnect();
      editorRef.current?.destroy();
      editorRef.current = null;
      map?.remove();
      host?.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, []);

  return { container, mapRef, editorRef, basemapRef, phase, ready, notice, setNotice, attribution, hint, draft };
}
