/**
 * Cloned or switched plates, decided per plate from its sightings in order. Pure: the service streams the
 * store through a `CloneScan` (the whole table, or the histories of the plates of new detections), then asks
 * it for findings.
 *
 * Two kinds of evidence:
 * - **speed**: two consecutive sightings of the plate farther apart than a vehicle could drive in the time
 *   between them (straight-line distance at more than `maxKmh`, and at least `minDistanceM` apart so GPS
 *   jitter of patrol cameras does not count);
 * - **description**: the plate carries two makes, body types or colors that are each seen at least
 *   `minSupport` times (one odd read is a camera's mistake, not a second car).
 * A misread of a different plate explains a conflicting description away: if a plate that looks the same
 * (similar-looking characters) is seen mostly with the conflicting value, the odd sightings are that car's.
 * A plate is **flagged** on a description conflict, or on an impossible speed between two sightings whose
 * descriptions differ. Impossible speed alone, on two or more separate days, is listed for **review**: a
 * camera whose clock drifted, or a patrol car's stale GPS fix, produce the same pattern (and so does the
 * agency generator's commuter model, which clamps a route's passes to the end of the hour).
 */
import { distanceM, impliedKmh } from '../shared/geo';
import { foldPlate } from '../plates/plateQuery';

export type Sighting = {
  id: number;
  plate: string;
  state: string | null;
  seenAt: number;
  lat: number;
  lon: number;
  make: string | null;
  color: string | null;
  body: string | null;
};

export type CloneOptions = { maxKmh: number; minDistanceM: number; minSupport: number };
export const CLONE_DEFAULTS: CloneOptions = { maxKmh: 180, minDistanceM: 1000, minSupport: 2 };

type Field = 'make' | 'color' | 'body';
const FIELDS: readonly Field[] = ['make', 'color', 'body'];

export type SpeedPair = {
  a: number;
  b: number;
  /** Time of the second sighting. */
  at: number;
  distanceM: number;
  minutes: number;
  kmh: number;
  differs: Field[];
};
export type DescriptionPair = { a: number; b: number; field: Field; values: [string, string] };

export type CloneFinding = {
  plate: string;
  state: string | null;
  level: 'flagged' | 'review';
  reasons: ('speed' | 'description')[];
  score: number;
  speed: SpeedPair[];
  description: DescriptionPair[];
};

/** A value as it is tallied: makes case-folded; empty and 'unknown' are no value. */
function tallyKey(f: Field, v: string | null): string | null {
  if (v === null) return null;
  const k = f === 'make' ? v.toLowerCase() : v;
  return k === '' || k === 'unknown' ? null : k;
}

/** A value as two sightings are compared for `differs`: 'Unknown' in any case is no value either. */
function knownKey(f: Field, v: string | null): string | null {
  if (v === null || v === '' || v.toLowerCase() === 'unknown') return null;
  return f === 'make' ? v.toLowerCase() : v;
}

/** The descriptors two sightings disagree on, by the rule the scan uses (unknowns agree with anything). */
export function differingDescriptors(a: Record<Field, string | null>, b: Record<Field, string | null>): Field[] {
  return (['make', 'color', 'body'] as const).filter((f) => {
    const [x, y] = [knownKey(f, a[f]), knownKey(f, b[f])];
    return x !== null && y !== null && x !== y;
  });
}

/**
 * Interned descriptions (state, make, color, body), each keyed by one string: the JSON array of the four
 * values, which the store builds in SQL (`json_array(state, make, color, body)`) so the full scan receives
 * one string per row instead of four (measured: a quarter less CPU reading the rows). A plate's sightings
 * mostly repeat one description, so a row is matched against its plate's previous one by one string
 * comparison and only a change is hashed. Two keys for the same values (say, JSON spelled differently) only
 * cost an extra tuple: tallies are summed per value.
 */
class Descriptions {
  readonly key: string[] = [];
  readonly state: (string | null)[] = [];
  readonly tally: [(string | null)[], (string | null)[], (string | null)[]] = [[], [], []];
  readonly known: [(string | null)[], (string | null)[], (string | null)[]] = [[], [], []];
  private readonly codes = new Map<string, number>();

  code(key: string): number {
    const have = this.codes.get(key);
    if (have !== undefined) return have;
    const [state, ...values] = JSON.parse(key) as [string | null, string | null, string | null, string | null];
    const c = this.key.length;
    this.codes.set(key, c);
    this.key.push(key);
    this.state.push(state);
    values.forEach((v, k) => {
      this.tally[k]!.push(tallyKey(FIELDS[k]!, v));
      this.known[k]!.push(knownKey(FIELDS[k]!, v));
    });
    return c;
  }

  differs(a: number, b: number): Field[] {
    const out: Field[] = [];
    for (let k = 0; k < 3; k++) {
      const x = this.known[k]![a]!;
      const y = this.known[k]![b]!;
      if (x !== null && y !== null && x !== y) out.push(FIELDS[k]!);
    }
    return out;
  }
}

/** The description key of a sighting, as `json_array(state, make, color, body)` spells it. */
export function descriptionKey(
  state: string | null,
  make: string | null,
  color: string | null,
  body: string | null,
): string {
  return JSON.stringify([state, make, color, body]);
}

/**
 * Plate → dense number, for the full scan's 10 M lookups. A plate of up to 8 characters of 0-9 and A-Z is
 * its own key as a number (base 37, exact below 2^53), so the open-addressing table compares numbers in one
 * typed array instead of chasing a Map entry and its key string (profiled: the Map lookup was a third of the
 * scan). Any other plate gets a negative key through a Map.
 */
class PlateIndex {
  readonly plates: string[] = [];
  private table = new Float64Array(2 << 16); // [key, number + 1] pairs; key 0 is empty
  private mask = (1 << 16) - 1;
  private readonly others = new Map<string, number>();

  /** The plate's number, or -1 when it is new and `create` is false. */
  find(plate: string, create: boolean): number {
    const key = this.key(plate, create);
    if (key === 0) return -1;
    const t = this.table;
    let h = hash(key) & this.mask;
    for (;;) {
      const k = t[2 * h]!;
      if (k === key) return t[2 * h + 1]! - 1;
      if (k === 0) break;
      h = (h + 1) & this.mask;
    }
    if (!create) return -1;
    const n = this.plates.length;
    this.plates.push(plate);
    t[2 * h] = key;
    t[2 * h + 1] = n + 1;
    if (2 * this.plates.length > this.mask) this.rehash();
    return n;
  }

  private key(plate: string, create: boolean): number {
    const n = plate.length;
    let k = 0;
    if (n > 0 && n <= 8) {
      for (let j = 0; j < n; j++) {
        const c = plate.charCodeAt(j);
        if (c >= 48 && c <= 57) k = k * 37 + (c - 47);
        else if (c >= 65 && c <= 90) k = k * 37 + (c - 54);
        else return this.other(plate, create);
      }
      return k;
    }
    return this.other(plate, create);
  }

  private other(plate: string, create: boolean): number {
    let k = this.others.get(plate);
    if (k === undefined) {
      if (!create) return 0;
      this.others.set(plate, (k = -(this.others.size + 1)));
    }
    return k;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let s = 0; s < old.length; s += 2) {
      const key = old[s]!;
      if (key === 0) continue;
      let h = hash(key) & this.mask;
      while (this.table[2 * h] !== 0) h = (h + 1) & this.mask;
      this.table[2 * h] = key;
      this.table[2 * h + 1] = old[s + 1]!;
    }
  }
}

function hash(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/**
 * A plate's record: 8 doubles (one cache line), also read as 16 int32s. The full scan touches one record per
 * row at random among ~500,000, so everything a row needs sits together.
 */
const AT = 0;
const LAT = 1;
const LON = 2;
const ID = 3;
// int32 slots, after the first four doubles:
const I_LAST_TUPLE = 8; // description of the latest sighting
const I_PREV_TUPLE = 9; // description of the previous row, whatever its time
const I_PREV_ENTRY = 10; // its tally entry
const I_RUN = 11; // rows of that description since it was last counted into its entry
const I_HEAD = 12; // the plate's tally entries (a list, newest first)
const I_SIGHTINGS = 13;
const I_ORDERED = 14; // 1 while every row came in (time, id) order: the plate's summary can be continued
const STRIDE = 8;

/** One value of one field of one plate: how often it was seen and the first sighting that showed it. */
type Tally = { v: string; n: number; id: number };

/**
 * The tracks of many plates, fed sightings in store order (or one history in time order). Each sighting is
 * compared with its plate's latest one; a late sighting is still compared (the speed is symmetric) but does
 * not become the latest.
 *
 * A plate's tallies are counts per description tuple (entries in a linked list, numbered in order of first
 * sighting); consecutive rows with the same description only bump a run counter in the plate's record. The
 * per-field tallies are derived from the entries only for the plates asked about.
 */
export class CloneScan {
  private readonly index = new PlateIndex();
  private readonly desc = new Descriptions();
  private buf = new ArrayBuffer(STRIDE * 8 * (1 << 16));
  private rec = new Float64Array(this.buf);
  private ri = new Int32Array(this.buf);
  // Per (plate, description tuple) entry.
  private entries = 0;
  private entTuple = new Int32Array(1 << 17);
  private entN = new Int32Array(1 << 17);
  private entFirstId = new Float64Array(1 << 17);
  private entNext = new Int32Array(1 << 17);
  /** Each plate's first row in this scan (time, lat, lon, id; its description): where a later range joins. */
  private first = new Float64Array(4 << 16);
  private firstCode = new Int32Array(1 << 16);
  /** Plates whose rows a later range cannot continue (`append`): the caller replays them. */
  private readonly replays = new Set<number>();
  private flushed = true;
  /** Impossible-speed pairs of the plates that have any. */
  private readonly speed = new Map<number, SpeedPair[]>();
  private byFold: Map<string, number[]> | null = null;
  // Thresholds for the cheap distance bound that skips the exact haversine for most consecutive sightings.
  private readonly minRad: number;
  private readonly maxMetresPerMs: number;

  constructor(readonly options: CloneOptions = CLONE_DEFAULTS) {
    this.minRad = options.minDistanceM / EARTH_M;
    this.maxMetresPerMs = options.maxKmh / 3600;
  }

  get plateCount(): number {
    return this.index.plates.length;
  }

  add(s: Sighting): void {
    this.addRow(s.id, s.plate, s.seenAt, s.lat, s.lon, descriptionKey(s.state, s.make, s.color, s.body));
  }

  /** `add` without a sighting object, the description as its key (`descriptionKey`): the full scan's hot path. */
  addRow(id: number, plate: string, seenAt: number, lat: number, lon: number, description: string): void {
    const desc = this.desc;
    const known = this.index.plates.length;
    const i = this.index.find(plate, true);
    this.flushed = false;
    const r = i * STRIDE;
    const q = 2 * r;
    if (i === known) this.newPlate(i);
    if (this.ri[q + I_SIGHTINGS] === 0) {
      const code = desc.code(description);
      const ri = this.ri;
      const f = 4 * i;
      this.first[f] = seenAt;
      this.first[f + 1] = lat;
      this.first[f + 2] = lon;
      this.first[f + 3] = id;
      this.firstCode[i] = code;
      ri[q + I_PREV_ENTRY] = this.newEntry(i, code, id);
      ri[q + I_PREV_TUPLE] = code;
      ri[q + I_RUN] = 1;
      ri[q + I_SIGHTINGS] = 1;
      ri[q + I_ORDERED] = 1;
      this.setLatest(r, id, seenAt, lat, lon, code);
      return;
    }
    const ri = this.ri;
    ri[q + I_SIGHTINGS]!++;
    const latestAt = this.rec[r + AT]!;
    if (seenAt < latestAt || (seenAt === latestAt && id < this.rec[r + ID]!)) ri[q + I_ORDERED] = 0;
    let code = ri[q + I_PREV_TUPLE]!;
    if (desc.key[code] === description) ri[q + I_RUN]!++;
    else {
      this.entN[ri[q + I_PREV_ENTRY]!]! += ri[q + I_RUN]!;
      // One of the plate's few descriptions by string equality; only a new one is hashed.
      let e = ri[q + I_HEAD]!;
      while (e >= 0 && desc.key[this.entTuple[e]!] !== description) e = this.entNext[e]!;
      if (e >= 0) code = this.entTuple[e]!;
      else e = this.newEntry(i, (code = desc.code(description)), id);
      ri[q + I_PREV_ENTRY] = e;
      ri[q + I_PREV_TUPLE] = code;
      ri[q + I_RUN] = 1;
    }

    const state = desc.state[code];
    const lastState = desc.state[ri[q + I_LAST_TUPLE]!];
    // Reads of the same plate from different states are different plates.
    if (!(lastState && state && lastState !== state)) this.compare(i, id, seenAt, lat, lon, code);
    if (seenAt >= this.rec[r + AT]!) this.setLatest(r, id, seenAt, lat, lon, code);
  }

  private compare(i: number, id: number, seenAt: number, lat: number, lon: number, code: number): void {
    const r = i * STRIDE;
    const lastAt = this.rec[r + AT]!;
    const lastLat = this.rec[r + LAT]!;
    const lastLon = this.rec[r + LON]!;
    const ms = Math.abs(seenAt - lastAt);
    // An upper bound on the great-circle distance (along the meridian, then along a parallel, never shorter):
    // below either threshold with a margin for rounding, the exact figure cannot pass it.
    const bound = (Math.abs(lat - lastLat) + Math.abs(lon - lastLon)) * RAD * 1.000001 + 1e-9;
    if (bound < this.minRad || (ms > 0 && bound * EARTH_M < this.maxMetresPerMs * ms * 0.999999)) return;
    const d = distanceM(lastLat, lastLon, lat, lon);
    if (d < this.options.minDistanceM) return;
    const kmh = impliedKmh(d, ms);
    if (kmh <= this.options.maxKmh) return;
    let pairs = this.speed.get(i);
    if (!pairs) this.speed.set(i, (pairs = []));
    if (pairs.length >= 20) return;
    pairs.push({
      a: this.rec[r + ID]!,
      b: id,
      at: Math.max(seenAt, lastAt),
      distanceM: Math.round(d),
      minutes: ms / 60_000,
      kmh,
      differs: this.desc.differs(this.ri[2 * r + I_LAST_TUPLE]!, code),
    });
  }

  private setLatest(r: number, id: number, seenAt: number, lat: number, lon: number, code: number): void {
    this.rec[r + AT] = seenAt;
    this.rec[r + LAT] = lat;
    this.rec[r + LON] = lon;
    this.rec[r + ID] = id;
    this.ri[2 * r + I_LAST_TUPLE] = code;
  }

  private newPlate(i: number): void {
    if ((i + 1) * STRIDE * 8 > this.buf.byteLength) {
      const buf = new ArrayBuffer(this.buf.byteLength * 2);
      new Float64Array(buf).set(this.rec);
      this.buf = buf;
      this.rec = new Float64Array(buf);
      this.ri = new Int32Array(buf);
      this.first = grow(this.first);
      this.firstCode = grow(this.firstCode);
    }
    this.ri[2 * i * STRIDE + I_HEAD] = -1;
    this.byFold = null;
  }

  private newEntry(i: number, code: number, id: number): number {
    const e = this.entries++;
    if (e >= this.entTuple.length) {
      this.entTuple = grow(this.entTuple);
      this.entN = grow(this.entN);
      this.entFirstId = grow(this.entFirstId);
      this.entNext = grow(this.entNext);
    }
    const q = 2 * i * STRIDE;
    this.entTuple[e] = code;
    this.entN[e] = 0;
    this.entFirstId[e] = id;
    this.entNext[e] = this.ri[q + I_HEAD]!;
    this.ri[q + I_HEAD] = e;
    return e;
  }

  /** Counts the plates' current runs into their entries (before tallies are read). */
  private flush(): void {
    if (this.flushed) return;
    const ri = this.ri;
    for (let i = 0; i < this.index.plates.length; i++) {
      const q = 2 * i * STRIDE;
      this.entN[ri[q + I_PREV_ENTRY]!]! += ri[q + I_RUN]!;
      ri[q + I_RUN] = 0;
    }
    this.flushed = true;
  }

  /** The plate's entries in order of first sighting. */
  private entriesOf(i: number): number[] {
    const ents: number[] = [];
    for (let e = this.ri[2 * i * STRIDE + I_HEAD]!; e >= 0; e = this.entNext[e]!) ents.push(e);
    return ents.reverse();
  }

  /** One field's values for a plate, in order of first sighting, with counts. */
  private tallies(i: number, f: Field): Tally[] {
    const k = FIELDS.indexOf(f);
    const out: Tally[] = [];
    for (const e of this.entriesOf(i)) {
      const v = this.desc.tally[k]![this.entTuple[e]!];
      if (v === null || v === undefined) continue;
      const t = out.find((x) => x.v === v);
      if (t) t.n += this.entN[e]!;
      else out.push({ v, n: this.entN[e]!, id: this.entFirstId[e]! });
    }
    return out;
  }

  /** The state of the plate's first sighting that had one. */
  private firstState(i: number): string | null {
    for (const e of this.entriesOf(i)) {
      const s = this.desc.state[this.entTuple[e]!];
      if (s) return s;
    }
    return null;
  }

  /** The most frequent value of a field for a plate (the first seen among equals), if any. */
  private dominant(i: number, f: Field): string | null {
    let best: string | null = null;
    let n = 0;
    for (const t of this.tallies(i, f))
      if (t.n > n) {
        best = t.v;
        n = t.n;
      }
    return best;
  }

  /** The plates that look the same as plate `i` (same folded key), itself excluded. */
  private neighbours(i: number): number[] {
    const plates = this.index.plates;
    if (!this.byFold) {
      const byFold = new Map<string, number[]>();
      plates.forEach((p, j) => {
        const k = foldPlate(p);
        const l = byFold.get(k);
        if (l) l.push(j);
        else byFold.set(k, [j]);
      });
      this.byFold = byFold;
    }
    return (this.byFold.get(foldPlate(plates[i]!)) ?? []).filter((j) => j !== i);
  }

  private finding(i: number): CloneFinding | null {
    const o = this.options;
    const description: DescriptionPair[] = [];
    let explainers: number[] | null = null;
    for (const f of FIELDS) {
      const values = this.tallies(i, f)
        .filter((t) => t.n >= o.minSupport)
        .sort((a, b) => b.n - a.n);
      if (values.length < 2) continue;
      const top = values[0]!;
      for (const t of values.slice(1)) {
        explainers ??= this.neighbours(i);
        if (explainers.some((j) => this.dominant(j, f) === t.v)) continue;
        description.push({ a: top.id, b: t.id, field: f, values: [top.v, t.v] });
      }
    }
    const speed = this.speed.get(i) ?? [];
    const speedDiffers = speed.some((s) => s.differs.length > 0);
    const speedStrong = speedDiffers || distinctDays(speed) >= 2;
    const reasons: CloneFinding['reasons'] = [];
    if (speedStrong) reasons.push('speed');
    if (description.length) reasons.push('description');
    if (reasons.length === 0) return null;
    return {
      plate: this.index.plates[i]!,
      state: this.firstState(i),
      level: description.length || speedDiffers ? 'flagged' : 'review',
      reasons,
      score: description.length * 2 + (speedStrong ? speed.length : 0),
      speed: speedStrong ? speed : [],
      description,
    };
  }

  /**
   * What the scan knows of a plate, to be stored and continued later (`restore`) instead of replaying the
   * plate's history: its latest sighting, its description tallies in order of first sighting, its speed
   * pairs, and whether its rows came in (time, id) order. Null for a plate the scan has not seen.
   */
  summary(plate: string): PlateSummary | null {
    const i = this.index.find(plate, false);
    if (i < 0) return null;
    this.flush();
    const r = i * STRIDE;
    const q = 2 * r;
    const ents = this.entriesOf(i);
    const rec = this.rec;
    return {
      n: this.ri[q + I_SIGHTINGS]!,
      at: rec[r + AT]!,
      lat: rec[r + LAT]!,
      lon: rec[r + LON]!,
      id: rec[r + ID]!,
      last: ents.findIndex((e) => this.entTuple[e] === this.ri[q + I_LAST_TUPLE]),
      prev: ents.indexOf(this.ri[q + I_PREV_ENTRY]!),
      entries: ents.map((e) => [this.desc.key[this.entTuple[e]!]!, this.entN[e]!, this.entFirstId[e]!]),
      speed: this.speed.get(i) ?? [],
      ordered: this.ri[q + I_ORDERED] === 1,
    };
  }

  /**
   * The scan's state, to be joined to the scan of the rows before it (`append`): sent from a worker thread,
   * its arrays transferable.
   */
  exportState(): ScanState {
    this.flush();
    const plates = this.index.plates.length;
    return {
      plates: this.index.plates,
      rec: this.rec.slice(0, plates * STRIDE),
      first: this.first.slice(0, 4 * plates),
      firstCode: this.firstCode.slice(0, plates),
      entTuple: this.entTuple.slice(0, this.entries),
      entN: this.entN.slice(0, this.entries),
      entFirstId: this.entFirstId.slice(0, this.entries),
      entNext: this.entNext.slice(0, this.entries),
      keys: this.desc.key,
      speed: [...this.speed],
    };
  }

  /**
   * Joins the state of a scan of the rows that follow this one's (a later rowid range), as if its rows had been
   * added here. Exact for a plate whose first row there is not earlier than its latest sighting here (the rule
   * `addRow` follows: from that row on, both scans compare with the same sightings); any other plate is left for
   * the caller to `replay` from its whole history.
   */
  append(s: ScanState): void {
    this.flush();
    const codes = new Int32Array(s.keys.length).fill(-1);
    const code = (c: number) => (codes[c]! >= 0 ? codes[c]! : (codes[c] = this.desc.code(s.keys[c]!)));
    const sri = new Int32Array(s.rec.buffer, s.rec.byteOffset, s.rec.length * 2);
    const speed = new Map(s.speed);
    for (let j = 0; j < s.plates.length; j++) {
      const known = this.index.plates.length;
      const i = this.index.find(s.plates[j]!, true);
      if (i === known) this.newPlate(i);
      if (this.replays.has(i)) continue;
      const r = i * STRIDE;
      const q = 2 * r;
      const sr = j * STRIDE;
      const sq = 2 * sr;
      const f = 4 * j;
      const [at, lat, lon, id] = [s.first[f]!, s.first[f + 1]!, s.first[f + 2]!, s.first[f + 3]!];
      const firstCode = code(s.firstCode[j]!);
      const ri = this.ri;
      if (ri[q + I_SIGHTINGS] === 0) {
        ri[q + I_ORDERED] = sri[sq + I_ORDERED]!;
        this.first.set(s.first.subarray(f, f + 4), 4 * i);
        this.firstCode[i] = firstCode;
      } else {
        if (at < this.rec[r + AT]!) {
          this.replays.add(i);
          continue;
        }
        const after = at > this.rec[r + AT]! || id > this.rec[r + ID]!;
        ri[q + I_ORDERED] = ri[q + I_ORDERED]! & sri[sq + I_ORDERED]! & (after ? 1 : 0);
        const state = this.desc.state[firstCode];
        const lastState = this.desc.state[ri[q + I_LAST_TUPLE]!];
        if (!(lastState && state && lastState !== state)) this.compare(i, id, at, lat, lon, firstCode);
      }
      const pairs = speed.get(j);
      if (pairs) {
        let mine = this.speed.get(i);
        if (!mine) this.speed.set(i, (mine = []));
        for (const p of pairs) if (mine.length < 20) mine.push(p);
      }
      // The later range's descriptions, in order of first sighting, summed into this plate's.
      const later: number[] = [];
      for (let e = sri[sq + I_HEAD]!; e >= 0; e = s.entNext[e]!) later.push(e);
      let prev = -1;
      for (const e of later.reverse()) {
        const c = code(s.entTuple[e]!);
        let m = ri[q + I_HEAD]!;
        while (m >= 0 && this.entTuple[m] !== c) m = this.entNext[m]!;
        if (m < 0) m = this.newEntry(i, c, s.entFirstId[e]!);
        this.entN[m]! += s.entN[e]!;
        if (e === sri[sq + I_PREV_ENTRY]) prev = m;
      }
      const rq = this.ri;
      rq[q + I_PREV_ENTRY] = prev;
      rq[q + I_PREV_TUPLE] = this.entTuple[prev]!;
      rq[q + I_RUN] = 0;
      rq[q + I_SIGHTINGS]! += sri[sq + I_SIGHTINGS]!;
      this.setLatest(
        r,
        s.rec[sr + ID]!,
        s.rec[sr + AT]!,
        s.rec[sr + LAT]!,
        s.rec[sr + LON]!,
        code(sri[sq + I_LAST_TUPLE]!),
      );
    }
  }

  /** The plates `append` could not join: each to be `replay`ed from its whole history in store order. */
  get unjoined(): string[] {
    return [...this.replays].map((i) => this.index.plates[i]!);
  }

  /** Forgets what the scan knows of a plate (its rows are then added again, in store order). */
  replay(plate: string): void {
    const i = this.index.find(plate, false);
    if (i < 0) return;
    const q = 2 * i * STRIDE;
    this.ri.fill(0, q, q + 2 * STRIDE);
    this.ri[q + I_HEAD] = -1;
    this.rec[i * STRIDE + AT] = 0;
    this.speed.delete(i);
    this.replays.delete(i);
    this.flushed = false;
  }

  /** Every plate the scan has seen, for summaries of the whole store. */
  get plates(): readonly string[] {
    return this.index.plates;
  }

  /**
   * Takes a plate up from its summary, as if its rows had been added: the rows that follow must come after its
   * latest sighting (in time, then id), which is what `summary().ordered` and the caller's check promise.
   */
  restore(plate: string, s: PlateSummary): void {
    const known = this.index.plates.length;
    const i = this.index.find(plate, true);
    if (i !== known) throw new Error(`the plate ${plate} is already in the scan`);
    this.newPlate(i);
    this.flushed = false;
    const r = i * STRIDE;
    const q = 2 * r;
    const ents = s.entries.map(([key, n, firstId]) => {
      const e = this.newEntry(i, this.desc.code(key), firstId);
      this.entN[e] = n;
      return e;
    });
    const ri = this.ri;
    ri[q + I_SIGHTINGS] = s.n;
    ri[q + I_ORDERED] = s.ordered ? 1 : 0;
    ri[q + I_PREV_ENTRY] = ents[s.prev]!;
    ri[q + I_PREV_TUPLE] = this.entTuple[ents[s.prev]!]!;
    ri[q + I_RUN] = 0;
    this.setLatest(r, s.id, s.at, s.lat, s.lon, this.entTuple[ents[s.last]!]!);
    if (s.speed.length)
      this.speed.set(
        i,
        s.speed.map((p) => ({ ...p, differs: [...p.differs] })),
      );
  }

  /**
   * The given plates whose description conflicts before look-alikes are consulted: the only ones whose
   * look-alike plates' histories a finding needs (an incremental scan fetches those second).
   */
  conflicted(plates: Iterable<string>): string[] {
    this.flush();
    const out: string[] = [];
    for (const p of plates) {
      const i = this.index.find(p, false);
      if (i < 0) continue;
      if (FIELDS.some((f) => this.tallies(i, f).filter((t) => t.n >= this.options.minSupport).length >= 2)) out.push(p);
    }
    return out;
  }

  /** Findings of the given plates (default all), flagged first, then by score. */
  findings(plates?: Iterable<string>): CloneFinding[] {
    this.flush();
    const out: CloneFinding[] = [];
    const list = plates
      ? [...plates].map((p) => this.index.find(p, false)).filter((i) => i >= 0)
      : this.index.plates.keys();
    for (const i of list) {
      const q = 2 * i * STRIDE;
      // A plate seen once has neither a pair nor a value seen twice; one with a single description and no
      // impossible speed has neither kind of evidence (most plates: asked cheaply before any tally is built).
      if (this.ri[q + I_SIGHTINGS]! < 2) continue;
      if (this.entNext[this.ri[q + I_HEAD]!]! < 0 && !this.speed.has(i)) continue;
      const f = this.finding(i);
      if (f) out.push(f);
    }
    const rank = (f: CloneFinding) => (f.level === 'flagged' ? 0 : 1);
    return out.sort((a, b) => rank(a) - rank(b) || b.score - a.score || a.plate.localeCompare(b.plate));
  }
}

function grow<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

function distinctDays(speed: readonly SpeedPair[]): number {
  return new Set(speed.map((s) => Math.floor(s.at / 86_400_000))).size;
}

/** A scan's state as `CloneScan.exportState` gives it (arrays as the scan keeps them). */
export type ScanState = {
  plates: string[];
  rec: Float64Array;
  first: Float64Array;
  firstCode: Int32Array;
  entTuple: Int32Array;
  entN: Int32Array;
  entFirstId: Float64Array;
  entNext: Int32Array;
  keys: string[];
  speed: [number, SpeedPair[]][];
};

/** A plate's scan state as the store keeps it (search_clone_plates, 0170): see `CloneScan.summary`. */
export type PlateSummary = {
  /** Sightings. */
  n: number;
  /** The latest sighting: time, place, id, and its description (an index into `entries`). */
  at: number;
  lat: number;
  lon: number;
  id: number;
  last: number;
  /** The description entry of the row added last. */
  prev: number;
  /** Description key, count, first sighting's id; in order of first sighting. */
  entries: [key: string, n: number, firstId: number][];
  speed: SpeedPair[];
  /** Every row came in (time, id) order, so later rows can continue the summary. */
  ordered: boolean;
};

/** Whether rows from (seenAt, id) on may continue a summary: they come after its latest sighting. */
export function continuesSummary(s: PlateSummary, seenAt: number, id: number): boolean {
  return s.ordered && (seenAt > s.at || (seenAt === s.at && id > s.id));
}

/** What one clone scan did: its mode, what it read, and the plates it flagged. */
export type CloneScanSummary = {
  mode: 'full' | 'incremental';
  /** Detections read. */
  scanned: number;
  /** Threads that read them: a full scan's rowid ranges each on its own (cloneRanges.ts); 1 for an incremental scan. */
  threads: number;
  /** Plates whose findings were replaced (every plate for a full scan). */
  plates: number;
  flagged: string[];
  review: number;
  durationMs: number;
};
