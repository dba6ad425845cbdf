/**
 * The search form's state and its translation into a `DetectionQuery`. Pure: no React, no bridge, so the rules
 * (what a search needs, how the time window is read) are tested and read in one place.
 */
import type { DetectionQuery, GeoArea, VehicleFilter } from '../../../../preload/contract';

export type PlaceMode = 'anywhere' | 'area' | 'cameras';

export type SearchForm = {
  plate: string;
  similar: boolean;
  nearMisses: boolean;
  state: string | null;
  makes: string[];
  models: string[];
  colors: string[];
  bodies: string[];
  features: string[];
  /** `datetime-local` values (YYYY-MM-DDTHH:mm) in the workstation's time zone; '' = open. */
  from: string;
  to: string;
  placeMode: PlaceMode;
  area: GeoArea | null;
  cameras: string[];
  headings: string[];
};

export const EMPTY_FORM: SearchForm = {
  plate: '',
  similar: true,
  nearMisses: true,
  state: null,
  makes: [],
  models: [],
  colors: [],
  bodies: [],
  features: [],
  from: '',
  to: '',
  placeMode: 'anywhere',
  area: null,
  cameras: [],
  headings: [],
};

/** Rows asked for: the workspace shows up to 10,000 at once (the service's cap). */
export const RESULT_LIMIT = 10_000;

export type FormProblem = { field: 'plate' | 'from' | 'to' | 'place'; message: string };

/** The form as a query, or the first thing that stops it being one (said where the person can fix it). */
export function toQuery(form: SearchForm): { ok: true; query: DetectionQuery } | { ok: false; problem: FormProblem } {
  const plate = form.plate.trim();
  const from = form.from ? localToIso(form.from) : null;
  const to = form.to ? localToIso(form.to) : null;
  if (form.from && !from)
    return { ok: false, problem: { field: 'from', message: 'Enter a valid start date and time.' } };
  if (form.to && !to) return { ok: false, problem: { field: 'to', message: 'Enter a valid end date and time.' } };
  if (from && to && from > to)
    return { ok: false, problem: { field: 'to', message: 'The window ends before it starts.' } };
  if (!plate && (!from || !to)) {
    return {
      ok: false,
      problem: {
        field: from ? 'to' : 'from',
        message: 'Without a plate, give the time window a start and an end: Canvass does not list all detections.',
      },
    };
  }
  if (form.placeMode === 'area' && !form.area)
    return {
      ok: false,
      problem: { field: 'place', message: 'Draw a radius or a polygon on the map, or search anywhere.' },
    };
  if (form.placeMode === 'cameras' && form.cameras.length === 0)
    return { ok: false, problem: { field: 'place', message: 'Choose at least one camera, or search anywhere.' } };

  const query: DetectionQuery = { limit: RESULT_LIMIT, similar: form.similar, nearMisses: form.nearMisses };
  if (plate) query.plate = plate;
  if (form.state) query.state = form.state;
  const vehicle = vehicleFilter(form);
  if (vehicle) query.vehicle = vehicle;
  if (from) query.from = from;
  if (to) query.to = to;
  if (form.placeMode === 'area' && form.area) query.area = form.area;
  if (form.placeMode === 'cameras') query.cameras = [...form.cameras];
  if (form.headings.length) query.headings = [...form.headings];
  return { ok: true, query };
}

function vehicleFilter(form: SearchForm): VehicleFilter | null {
  const v: VehicleFilter = {};
  if (form.makes.length) v.make = [...form.makes];
  if (form.models.length) v.model = [...form.models];
  if (form.colors.length) v.color = [...form.colors];
  if (form.bodies.length) v.body = [...form.bodies];
  if (form.features.length) v.features = [...form.features] as VehicleFilter['features'];
  return Object.keys(v).length ? v : null;
}

/* ---- time: datetime-local values are wall-clock times in the workstation's zone ---- */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date as a `datetime-local` value, local time, to the minute. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO instant, or null if it is not a real date and time. */
export function localToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!);
  if (date.getMonth() !== mo! - 1 || date.getDate() !== d!) return null;
  return date.toISOString();
}

export function isoToLocalInput(iso: string): string {
  return toLocalInput(new Date(iso));
}

export type TimePreset = 'last24h' | 'last7d';

/** A quick window ending now. */
export function presetWindow(preset: TimePreset, now = new Date()): { from: string; to: string } {
  const hours = preset === 'last24h' ? 24 : 24 * 7;
  return { from: toLocalInput(new Date(now.getTime() - hours * 3_600_000)), to: toLocalInput(now) };
}

/** ± minutes around a local time (the "±30 min around…" preset). */
export function aroundWindow(localValue: string, minutes: number): { from: string; to: string } | null {
  const iso = localToIso(localValue);
  if (!iso) return null;
  const t = Date.parse(iso);
  return { from: toLocalInput(new Date(t - minutes * 60_000)), to: toLocalInput(new Date(t + minutes * 60_000)) };
}

/** The workstation's zone name, shown beside the time inputs ("America/Los_Angeles"). */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** One line describing an area, for the form. */
export function areaText(area: GeoArea): string {
  if (area.kind === 'radius') {
    const r = area.radiusM >= 1000 ? `${(area.radiusM / 1000).toFixed(2)} km` : `${Math.round(area.radiusM)} m`;
    return `${r} around ${area.lat.toFixed(5)}, ${area.lon.toFixed(5)}`;
  }
  return `Polygon of ${area.points.length} points`;
}

/** The centre of an area (a canvass starts from it). */
export function areaCentre(area: GeoArea): { lat: number; lon: number } {
  if (area.kind === 'radius') return { lat: area.lat, lon: area.lon };
  const n = area.points.length;
  return {
    lat: area.points.reduce((s, p) => s + p[0], 0) / n,
    lon: area.points.reduce((s, p) => s + p[1], 0) / n,
  };
}
