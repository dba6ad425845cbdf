/**
 * Drawing and editing the search area with plain MapLibre events and GeoJSON layers (no draw plugin):
 * - radius: press for the centre and drag out the radius (a plain click gives a 300 m circle); afterwards drag
 *   the centre to move it or the rim handle to resize it;
 * - polygon: click corners, double-click or Enter to finish, Backspace removes the last corner, Esc cancels;
 *   afterwards drag any corner, drag an edge's midpoint handle to insert a corner there, and delete a corner
 *   with a right-click or by clicking it and pressing Delete (never below three corners).
 * The area being dragged is drawn straight into the sources for smoothness and handed to `onAreaChange` once,
 * when the gesture ends.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { GeoArea } from '../../../../preload/contract';
import { areaFeatures, draftFeatures, handleFeatures } from './features';
import {
  distanceM,
  insertCorner,
  nearestWithin,
  polygonProblem,
  removeCorner,
  snapRadius,
  type LonLat,
} from './geometry';
import { SOURCES } from './layers';
import type { DrawMode } from './DetectionMap';

const GRAB_PX = 11;
const DEFAULT_RADIUS_M = 300;

type Drag =
  | { kind: 'new-radius'; startX: number; startY: number }
  | { kind: 'centre'; offsetLat: number; offsetLon: number }
  | { kind: 'rim' }
  | { kind: 'vertex'; index: number };

export type AreaEditorCallbacks = {
  onAreaChange: (area: GeoArea | null) => void;
  onDrawModeChange: (mode: DrawMode) => void;
  /** A message for the person: a polygon with too few corners, etc. */
  onHint: (hint: string | null) => void;
  /** The radius or corner count while dragging, for the live readout. */
  onDraft: (area: GeoArea | null) => void;
};

export class AreaEditor {
  private area: GeoArea | null = null;
  private mode: DrawMode = 'none';
  private drag: Drag | null = null;
  private corners: [number, number][] = [];
  private pointer: LonLat | null = null;
  /** A finished polygon's corner chosen (clicked) for Delete. */
  private selectedCorner: number | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly cb: () => AreaEditorCallbacks,
  ) {
    map.on('mousedown', this.onDown);
    map.on('mousemove', this.onMove);
    map.on('mouseup', this.onUp);
    map.on('click', this.onClick);
    map.on('dblclick', this.onDblClick);
    map.on('contextmenu', this.onContextMenu);
    map.getCanvasContainer().addEventListener('keydown', this.onKey);
  }

  destroy(): void {
    this.map.off('mousedown', this.onDown);
    this.map.off('mousemove', this.onMove);
    this.map.off('mouseup', this.onUp);
    this.map.off('click', this.onClick);
    this.map.off('dblclick', this.onDblClick);
    this.map.off('contextmenu', this.onContextMenu);
    this.map.getCanvasContainer().removeEventListener('keydown', this.onKey);
  }

  /** True while a gesture or a polygon is in progress: clicks then belong to drawing, not to selection. */
  get busy(): boolean {
    return this.drag !== null || this.mode !== 'none';
  }

  setArea(area: GeoArea | null): void {
    if (this.drag) return; // our own gesture is the truth until it ends
    this.area = area;
    if (area?.kind !== 'polygon' || (this.selectedCorner ?? 0) >= area.points.length) this.selectedCorner = null;
    this.render();
  }

  setMode(mode: DrawMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.corners = [];
    this.pointer = null;
    this.cb().onHint(
      mode === 'radius'
        ? 'Press at the centre and drag out the radius. A click alone draws 300 m.'
        : mode === 'polygon'
          ? 'Click each corner. Double-click or press Enter to finish, Backspace removes a corner, Esc cancels.'
          : null,
    );
    this.map.getCanvas().style.cursor = mode === 'none' ? '' : 'crosshair';
    // Double-click zoom would fight the polygon's double-click to finish.
    if (mode === 'polygon') this.map.doubleClickZoom.disable();
    else this.map.doubleClickZoom.enable();
    // The canvas takes the keys (Enter, Backspace, Esc) that finish or cancel a drawing.
    if (mode !== 'none') this.map.getCanvas().focus({ preventScroll: true });
    this.render();
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(id);
  }

  private render(): void {
    this.source(SOURCES.area)?.setData(areaFeatures(this.area));
    this.source(SOURCES.handles)?.setData(handleFeatures(this.mode === 'none' ? this.area : null, this.selectedCorner));
    this.source(SOURCES.draft)?.setData(draftFeatures(this.corners, this.mode === 'polygon' ? this.pointer : null));
  }

  /** The handle under the pointer: index into handleFeatures(area). */
  private grabbed(e: MapMouseEvent): { role: 'centre' | 'rim' | 'vertex' | 'midpoint'; index: number } | null {
    if (!this.area) return null;
    const handles = handleFeatures(this.area).features;
    const screen = handles.map((f) => this.map.project(f.geometry.coordinates as LonLat));
    const i = nearestWithin(screen, e.point, GRAB_PX);
    if (i < 0) return null;
    const p = handles[i]!.properties;
    const role = p.role === 'centre' || p.role === 'rim' || p.role === 'midpoint' ? p.role : 'vertex';
    return { role, index: p.index };
  }

  private readonly onDown = (e: MapMouseEvent): void => {
    if (e.originalEvent.button !== 0) return;
    if (this.mode === 'none') {
      const hit = this.grabbed(e);
      if (!hit || !this.area) {
        if (this.selectedCorner !== null) {
          this.selectedCorner = null;
          this.render();
        }
        return;
      }
      e.preventDefault(); // no drag-pan while moving a handle
      this.cb().onHint(null);
      if (hit.role === 'centre' && this.area.kind === 'radius') {
        this.drag = {
          kind: 'centre',
          offsetLat: this.area.lat - e.lngLat.lat,
          offsetLon: this.area.lon - e.lngLat.lng,
        };
      } else if (hit.role === 'rim') {
        this.drag = { kind: 'rim' };
      } else if (hit.role === 'midpoint' && this.area.kind === 'polygon') {
        // The new corner starts at the edge's middle and follows the pointer from there.
        const index = hit.index + 1;
        this.area = {
          kind: 'polygon',
          points: insertCorner(this.area.points, hit.index, [e.lngLat.lat, e.lngLat.lng]),
        };
        this.drag = { kind: 'vertex', index };
        this.selectedCorner = index;
        this.render();
      } else {
        this.drag = { kind: 'vertex', index: hit.index };
        this.selectedCorner = hit.index;
        this.render();
        // The canvas takes Delete for the chosen corner.
        this.map.getCanvas().focus({ preventScroll: true });
      }
      return;
    }
    if (this.mode === 'radius') {
      e.preventDefault();
      this.area = { kind: 'radius', lat: e.lngLat.lat, lon: e.lngLat.lng, radiusM: 0 };
      this.drag = { kind: 'new-radius', startX: e.point.x, startY: e.point.y };
      this.render();
    }
  };

  private readonly onMove = (e: MapMouseEvent): void => {
    if (!this.drag) {
      if (this.mode === 'polygon') {
        this.pointer = [e.lngLat.lng, e.lngLat.lat];
        this.render();
      } else if (this.mode === 'none') {
        this.map.getCanvas().style.cursor = this.grabbed(e) ? 'move' : '';
      }
      return;
    }
    const a = this.area;
    if (!a) return;
    const { lat, lng } = e.lngLat;
    if (this.drag.kind === 'new-radius' || this.drag.kind === 'rim') {
      if (a.kind !== 'radius') return;
      this.area = { ...a, radiusM: snapRadius(distanceM(a.lat, a.lon, lat, lng)) };
    } else if (this.drag.kind === 'centre') {
      if (a.kind !== 'radius') return;
      this.area = { ...a, lat: lat + this.drag.offsetLat, lon: lng + this.drag.offsetLon };
    } else if (a.kind === 'polygon') {
      const index = this.drag.index;
      this.area = { kind: 'polygon', points: a.points.map((p, i) => (i === index ? [lat, lng] : p)) };
    }
    this.cb().onDraft(this.area);
    this.render();
  };

  private readonly onUp = (e: MapMouseEvent): void => {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    let a = this.area;
    if (drag.kind === 'new-radius' && a?.kind === 'radius') {
      const moved = Math.hypot(e.point.x - drag.startX, e.point.y - drag.startY);
      if (moved < 6) a = { ...a, radiusM: DEFAULT_RADIUS_M };
      this.area = a;
      this.setMode('none');
      this.cb().onDrawModeChange('none');
    }
    this.cb().onDraft(null);
    this.render();
    this.cb().onAreaChange(a);
  };

  private readonly onClick = (e: MapMouseEvent): void => {
    if (this.mode !== 'polygon') return;
    const last = this.corners[this.corners.length - 1];
    if (last) {
      // The two clicks of a double-click land on one spot: one corner, not two.
      const p = this.map.project([last[1], last[0]]);
      if (Math.hypot(p.x - e.point.x, p.y - e.point.y) < 4) return;
    }
    const first = this.corners[0];
    if (first && this.corners.length >= 3) {
      const p = this.map.project([first[1], first[0]]);
      if (Math.hypot(p.x - e.point.x, p.y - e.point.y) < GRAB_PX) {
        this.finishPolygon();
        return;
      }
    }
    this.corners.push([e.lngLat.lat, e.lngLat.lng]);
    this.cb().onDraft({ kind: 'polygon', points: [...this.corners] });
    this.render();
  };

  private readonly onDblClick = (e: MapMouseEvent): void => {
    if (this.mode !== 'polygon') return;
    e.preventDefault();
    this.finishPolygon();
  };

  private readonly onContextMenu = (e: MapMouseEvent): void => {
    if (this.mode !== 'none' || this.area?.kind !== 'polygon') return;
    const hit = this.grabbed(e);
    if (!hit || hit.role !== 'vertex') return;
    e.preventDefault();
    this.deleteCorner(hit.index);
  };

  /** Removes a finished polygon's corner, or says why not (it keeps three corners and an area). */
  deleteCorner(index: number): void {
    if (this.area?.kind !== 'polygon') return;
    const result = removeCorner(this.area.points, index);
    if (!result.ok) {
      this.cb().onHint(result.reason);
      return;
    }
    this.cb().onHint(null);
    const area: GeoArea = { kind: 'polygon', points: result.points };
    this.area = area;
    this.selectedCorner = null;
    this.render();
    this.cb().onAreaChange(area);
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    if (this.mode === 'none') {
      if (this.selectedCorner === null) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        this.deleteCorner(this.selectedCorner);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        this.selectedCorner = null;
        this.render();
      }
      return;
    }
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.setMode('none');
      this.cb().onDrawModeChange('none');
      this.cb().onDraft(null);
    } else if (e.key === 'Enter' && this.mode === 'polygon') {
      e.preventDefault();
      this.finishPolygon();
    } else if (e.key === 'Backspace' && this.mode === 'polygon') {
      e.preventDefault();
      this.corners.pop();
      this.cb().onDraft(this.corners.length ? { kind: 'polygon', points: [...this.corners] } : null);
      this.render();
    }
  };

  /** Ends polygon drawing: a usable polygon becomes the area; too few corners keeps drawing with a hint. */
  finishPolygon(): void {
    const problem = polygonProblem(this.corners);
    if (problem) {
      this.cb().onHint(`${problem} Keep clicking corners, or press Esc to cancel.`);
      return;
    }
    const area: GeoArea = { kind: 'polygon', points: [...this.corners] };
    this.area = area;
    this.setMode('none');
    this.cb().onDrawModeChange('none');
    this.cb().onDraft(null);
    this.render();
    this.cb().onAreaChange(area);
  }
}
