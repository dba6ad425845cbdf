import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import { Text, useComputedColorScheme } from '@mantine/core';
import { errorMessage } from '../../bridge';
import { blankStyle, loadBasemap } from './basemap';
import { darkPaint } from './darkStyle';
import { addIcons, PALETTES, setPaint } from './layers';

/**
 * Where a read was taken: the camera (and the read's own place, when a mobile camera moved) on a small still
 * map. Not interactive: the detail drawer is for reading, the main map is for exploring.
 */
export function CameraMiniMap({ lat, lon, label }: { lat: number; lon: number; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    void (async () => {
      let style: StyleSpecification;
      let dark: { layer: string; prop: string; dark: string }[] = [];
      try {
        const loaded = await loadBasemap();
        style = loaded.style;
        if (loaded.info.setting.kind === 'offline' && scheme === 'dark') dark = darkPaint(loaded.style.layers as never);
      } catch (e) {
        setProblem(`Basemap unavailable (${errorMessage(e)}).`);
        style = blankStyle(scheme === 'dark' ? '#1f2023' : '#f1f3f5');
      }
      if (cancelled || !container.current) return;
      const m = new MapLibreMap({
        container: container.current,
        style,
        center: [lon, lat],
        zoom: 10, // the county lines and names around it say where this is
        interactive: false,
        attributionControl: false,
        fadeDuration: 0,
      });
      map = m;
      m.on('load', () => {
        for (const c of dark) if (m.getLayer(c.layer)) setPaint(m, c.layer, c.prop, c.dark);
        const p = PALETTES[scheme];
        addIcons(m);
        m.addSource('place', {
          type: 'geojson',
          data: { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: {} },
        });
        m.addLayer({
          id: 'place-halo',
          type: 'circle',
          source: 'place',
          paint: { 'circle-radius': 18, 'circle-color': p.selected, 'circle-opacity': 0.25 },
        });
        m.addLayer({
          id: 'place',
          type: 'symbol',
          source: 'place',
          layout: { 'icon-image': 'canvass-camera', 'icon-size': 1.3, 'icon-allow-overlap': true },
          paint: { 'icon-color': p.cameraChosen, 'icon-halo-color': p.pointStroke, 'icon-halo-width': 1.5 },
        });
      });
    })();
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [lat, lon, scheme]);

  return (
    <div className="camera-minimap" role="img" aria-label={`Map: ${label}`} data-testid="camera-minimap">
      <div ref={container} />
      {problem ? (
        <Text size="xs" c="dimmed" style={{ position: 'absolute', left: 8, bottom: 6, zIndex: 1 }}>
          {problem}
        </Text>
      ) : null}
    </div>
  );
}
