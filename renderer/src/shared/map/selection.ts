import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { AreaEditor } from './areaEditor';
import type { FilledMapProps } from './DetectionMap';
import { LAYERS, SOURCES } from './layers';

/** Pixels around the pointer that count as a hit on a point (a finger or a shaky hand). */
const CLICK_SLOP_PX = 5;

/** Click selects a read (or zooms into a cluster, or toggles a camera); double-click opens a read. */
export function wireSelection(
  map: MapLibreMap,
  editor: () => AreaEditor | null,
  latest: () => Pick<FilledMapProps, 'selectedId' | 'onSelect' | 'onOpen' | 'onToggleCamera'>,
): void {
  const hit = (e: MapMouseEvent, layers: string[]) => {
    const { x, y } = e.point;
    const box: [[number, number], [number, number]] = [
      [x - CLICK_SLOP_PX, y - CLICK_SLOP_PX],
      [x + CLICK_SLOP_PX, y + CLICK_SLOP_PX],
    ];
    return map.queryRenderedFeatures(box, { layers: layers.filter((l) => map.getLayer(l)) });
  };
  map.on('click', (e) => {
    if (editor()?.busy) return;
    const point = hit(e, [LAYERS.selected, LAYERS.points])[0];
    if (point) {
      const id = point.layer.id === LAYERS.selected ? latest().selectedId : Number(point.id);
      if (id !== null && Number.isFinite(id)) latest().onSelect(id);
      return;
    }
    const cluster = hit(e, [LAYERS.clusters])[0];
    if (cluster) {
      const source = map.getSource<GeoJSONSource>(SOURCES.detections);
      const clusterId = Number(cluster.properties.cluster_id);
      void source?.getClusterExpansionZoom(clusterId).then((zoom) => {
        const [lon, lat] = (cluster.geometry as GeoJSON.Point).coordinates as [number, number];
        map.easeTo({ center: [lon, lat], zoom: zoom + 0.5 });
      });
      return;
    }
    const camera = hit(e, [LAYERS.cameras])[0];
    if (camera) latest().onToggleCamera(String(camera.properties.id));
  });
  map.on('dblclick', (e) => {
    if (editor()?.busy) return;
    const point = hit(e, [LAYERS.selected, LAYERS.points])[0];
    if (!point) return;
    e.preventDefault(); // open, don't zoom
    const id = point.layer.id === LAYERS.selected ? latest().selectedId : Number(point.id);
    if (id !== null && Number.isFinite(id)) latest().onOpen?.(id);
  });
  for (const layer of [LAYERS.points, LAYERS.clusters, LAYERS.cameras, LAYERS.selected]) {
    map.on('mouseenter', layer, () => {
      if (!editor()?.busy) map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', layer, () => {
      if (!editor()?.busy) map.getCanvas().style.cursor = '';
    });
  }
}
