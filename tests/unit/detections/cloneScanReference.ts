/**
 * The cloned-plate scan as it was first written (an object per plate, a map from plate to track), kept as the
 * reference the typed-array `CloneScan` must agree with finding for finding (tests/unit/searchClones.test.ts).
 */
import { distanceM, impliedKmh } from '../../../main/core/shared/geo';
import { foldPlate } from '../../../main/core/plates/plateQuery';
import { CLONE_DEFAULTS, type CloneOptions, type Sighting } from '../../../main/core/detections/clones';

type Field = 'make' | 'color' | 'body';
const FIELDS: readonly Field[] = ['make', 'color', 'body'];

function known(field: Field, v: string | null): string | null {
  if (v === null || v === '' || v.toLowerCase() === 'unknown') return null;
  return field === 'make' ? v.toLowerCase() : v;
}

/** One value of one field with how often it was seen and the first sighting that showed it. */
type TallyEntry = { f: Field; v: string; n: number; id: number };

type SpeedPair = {
  a: number;
  b: number;
  /** Time of the second sighting. */
  at: number;
  distanceM: number;
  minutes: number;
  kmh: number;
  differs: Field[];
};
type DescriptionPair = { a: number; b: number; field: Field; values: [string, string] };

type CloneFinding = {
  plate: string;
  state: string | null;
  level: 'flagged' | 'review';
  reasons: ('speed' | 'description')[];
  score: number;
  speed: SpeedPair[];
  description: DescriptionPair[];
};

/** One instance of each descriptor string (the store hands out a new string per row). */
const interned = new Map<string, string>();
function intern(v: string | null): string | null {
  if (v === null) return null;
  const have = interned.get(v);
  if (have !== undefined) return have;
  if (interned.size < 10_000) interned.set(v, v);
  return v;
}

/** What one plate's sightings add up to; fed in time order. `add` keeps nothing of the sighting object itself. */
class PlateTrack {
  readonly plate: string;
  state: string | null = null;
  sightings = 0;
  // The latest sighting, kept in the track's own fields rather than as the row object: retaining 10 M row
  // objects until each plate's next sighting made the full scan mostly garbage collection.
  private lastId = 0;
  private lastAt = -Infinity;
  private lastLat = 0;
  private lastLon = 0;
  private lastState: string | null = null;
  private lastMake: string | null = null;
  private lastColor: string | null = null;
  private lastBody: string | null = null;
  // A flat list, not a map per field: most plates show one value per field, and a full scan holds ~500,000 tracks.
  private readonly tally: TallyEntry[] = [];
  readonly speed: SpeedPair[] = [];

  constructor(plate: string) {
    this.plate = plate;
  }

  add(s: Sighting, o: CloneOptions): void {
    this.sightings++;
    if (s.state && this.state === null) this.state = s.state;
    // Hot path of the full scan (10 M rows): no closures, no per-field lookups by name.
    if (s.make !== null) this.count('make', s.make.toLowerCase(), s.id);
    if (s.color !== null) this.count('color', s.color, s.id);
    if (s.body !== null) this.count('body', s.body, s.id);
    const had = this.lastAt !== -Infinity;
    // Reads of the same plate from different states are different plates. Sightings normally arrive in time
    // order; one that arrives late is still compared with the previous one (the speed is symmetric).
    if (had && !(this.lastState && s.state && this.lastState !== s.state)) {
      const d = distanceM(this.lastLat, this.lastLon, s.lat, s.lon);
      const ms = Math.abs(s.seenAt - this.lastAt);
      if (d >= o.minDistanceM) {
        const kmh = impliedKmh(d, ms);
        if (kmh > o.maxKmh && this.speed.length < 20) {
          const previous = { make: this.lastMake, color: this.lastColor, body: this.lastBody };
          const differs = FIELDS.filter((f) => {
            const a = known(f, previous[f]);
            const b = known(f, s[f]);
            return a !== null && b !== null && a !== b;
          });
          this.speed.push({
            a: this.lastId,
            b: s.id,
            at: Math.max(s.seenAt, this.lastAt),
            distanceM: Math.round(d),
            minutes: ms / 60_000,
            kmh,
            differs,
          });
        }
      }
    }
    if (s.seenAt >= this.lastAt) {
      this.lastId = s.id;
      this.lastAt = s.seenAt;
      this.lastLat = s.lat;
      this.lastLon = s.lon;
      // Interned only when the value changes: a plate's values rarely do, and each lookup hashes a new string.
      if (s.state !== this.lastState) this.lastState = intern(s.state);
      if (s.make !== this.lastMake) this.lastMake = intern(s.make);
      if (s.color !== this.lastColor) this.lastColor = intern(s.color);
      if (s.body !== this.lastBody) this.lastBody = intern(s.body);
    }
  }

  private count(f: Field, v: string, id: number): void {
    if (v === '' || v === 'unknown') return;
    const t = this.tally;
    for (let i = 0; i < t.length; i++) {
      const e = t[i]!;
      if (e.v === v && e.f === f) {
        e.n++;
        return;
      }
    }
    t.push({ f, v: intern(v)!, n: 1, id });
  }

  /** The most frequent value of a field, if any. */
  dominant(f: Field): string | null {
    let best: string | null = null;
    let n = 0;
    for (const t of this.tally)
      if (t.f === f && t.n > n) {
        best = t.v;
        n = t.n;
      }
    return best;
  }

  /**
   * The finding for this plate, or null. `neighbours` returns the tracks of plates that look the same
   * (same folded key), used to explain a conflicting value away as their misread.
   */
  finding(o: CloneOptions, neighbours: (plate: string) => PlateTrack[]): CloneFinding | null {
    const description: DescriptionPair[] = [];
    let explainers: PlateTrack[] | null = null;
    for (const f of FIELDS) {
      const values = this.tally.filter((t) => t.f === f && t.n >= o.minSupport).sort((a, b) => b.n - a.n);
      if (values.length < 2) continue;
      const top = values[0]!;
      for (const t of values.slice(1)) {
        explainers ??= neighbours(this.plate).filter((n) => n.plate !== this.plate);
        if (explainers.some((n) => n.dominant(f) === t.v)) continue;
        description.push({ a: top.id, b: t.id, field: f, values: [top.v, t.v] });
      }
    }
    const speedDiffers = this.speed.some((s) => s.differs.length > 0);
    const speedStrong = speedDiffers || distinctDays(this.speed) >= 2;
    const reasons: CloneFinding['reasons'] = [];
    if (speedStrong) reasons.push('speed');
    if (description.length) reasons.push('description');
    if (reasons.length === 0) return null;
    return {
      plate: this.plate,
      state: this.state,
      level: description.length || speedDiffers ? 'flagged' : 'review',
      reasons,
      score: description.length * 2 + (speedStrong ? this.speed.length : 0),
      speed: speedStrong ? this.speed : [],
      description,
    };
  }
}

function distinctDays(speed: readonly SpeedPair[]): number {
  return new Set(speed.map((s) => Math.floor(s.at / 86_400_000))).size;
}

/** Tracks of many plates with a folded-key index, for the full scan. */
export class ReferenceCloneScan {
  readonly tracks = new Map<string, PlateTrack>();
  private byFold: Map<string, PlateTrack[]> | null = null;
  constructor(readonly options: CloneOptions = CLONE_DEFAULTS) {}

  add(s: Sighting): void {
    let t = this.tracks.get(s.plate);
    if (!t) this.tracks.set(s.plate, (t = new PlateTrack(s.plate)));
    t.add(s, this.options);
  }

  neighbours = (plate: string): PlateTrack[] => {
    if (!this.byFold) {
      this.byFold = new Map();
      for (const t of this.tracks.values()) {
        const k = foldPlate(t.plate);
        const l = this.byFold.get(k);
        if (l) l.push(t);
        else this.byFold.set(k, [t]);
      }
    }
    return this.byFold.get(foldPlate(plate)) ?? [];
  };

  findings(plates?: Iterable<string>): CloneFinding[] {
    const out: CloneFinding[] = [];
    const list = plates
      ? [...plates].map((p) => this.tracks.get(p)).filter((t) => t !== undefined)
      : this.tracks.values();
    for (const t of list) {
      const f = t.finding(this.options, this.neighbours);
      if (f) out.push(f);
    }
    const rank = (f: CloneFinding) => (f.level === 'flagged' ? 0 : 1);
    return out.sort((a, b) => rank(a) - rank(b) || b.score - a.score || a.plate.localeCompare(b.plate));
  }
}
