import type { DetectionData, HitData, HotlistData, HotlistEntryData, UserData } from '../../../main/core/sync/protocol';
import type { Disposition, RejectReason } from '../../../main/core/hotlists/hitStates';
import { featuresToMask } from '../../../main/core/plates/vehicle';
import { addDays, localDate } from '../../../main/core/access/training';
import { buildCameras, patrolPosition, type CameraSpec } from './city';
import { Rng, Weighted } from './prng';
import { makePlate, makeVehicle, misread, type Vehicle, type VehicleKind } from './vehicles';

/**
 * The synthetic city's data, generated from a seed. Detections stream in time order one local hour at a
 * time, so ten million of them never sit in memory: each hour is regenerated from (seed, hour) alone.
 * The generator keeps the ground truth (true plates behind misreads, scenario vehicles and their detection
 * ids) for tests.
 */
export type DatasetOptions = {
  seed: number;
  /**
   * How many detections the whole window holds, scenario detections included (exact unless the set is so
   * small that an hour's share is smaller than the scenario passes planted in it; those are added).
   */
  detections: number;
  /** The end of the window (epoch ms); detections lie in [end - days, end). */
  endMs: number;
  days?: number;
  /** Share of reads with one OCR-confused character (default 3 %). */
  misreadRate?: number;
};

export type GeneratedDetection = {
  id: number;
  data: DetectionData;
  /** Ground truth: the vehicle's real plate, and why this read exists. */
  truth: { plate: string; vehicle: number; misread: boolean; scenario: string | null };
};

export type GeneratedHit = { id: number; data: HitData };
export type GeneratedEntry = { id: number; data: HotlistEntryData };
/** An entry as the generator describes it; the life-cycle fields (approval, removal) take their defaults. */
type EntryInput = Omit<
  HotlistEntryData,
  'body' | 'status' | 'approvedAt' | 'removedBy' | 'removedAt' | 'removalReason' | 'requestKey'
> &
  Partial<HotlistEntryData>;

export type ScenarioTruth = {
  shooting: {
    caseNumber: string;
    at: number;
    cameraId: string;
    place: string;
    witnessDescription: string;
    partialPlate: string;
    suspect: Vehicle;
    suspectDetectionIds: number[];
    decoyPlates: string[];
  };
  burglary: {
    caseNumber: string;
    sites: { address: string; cameraId: string; at: number }[];
    van: Vehicle;
    vanDetectionIds: number[];
    boloEntryId: number;
  };
  clonedPlate: {
    plate: string;
    genuine: Vehicle;
    clone: Vehicle;
    /** Pairs of detections of the same plate too far apart to be one car. */
    pairs: [number, number][];
  };
  /** A stolen car (on the SVS list) seen in the last hours of the window: its hit is a fresh alert. */
  stolenCar: { vehicle: Vehicle; entryId: number; detectionIds: number[] };
  /**
   * A misread hit, as in Green v. City and County of San Francisco: an innocent red Lexus whose plate the camera
   * read with one character wrong, giving the plate of a stolen gray GMC pickup on the SVS list.
   */
  misreadHit: { innocent: Vehicle; stolen: Vehicle; entryId: number; detectionIds: number[] };
  /**
   * For retro-hits: a vehicle seen last week that is on no list, a second vehicle whose plate is a near miss of
   * its plate (two adjacent characters swapped) and a third whose plate looks the same (L read as T).
   */
  retro: { vehicle: Vehicle; near: Vehicle; similar: Vehicle; detectionIds: number[] };
  /** Two cars that travel together: the follower passes the same camera 20–45 s behind the lead, night after night. */
  convoy: {
    lead: Vehicle;
    follower: Vehicle;
    leadDetectionIds: number[];
    followerDetectionIds: number[];
  };
};

export type DemoUser = { id: number; password: string; data: UserData; note: string };

type ScenarioNote =
  | 'suspect'
  | 'decoy'
  | 'van'
  | 'genuine'
  | 'clone'
  | 'stolen'
  | 'innocent'
  | 'seen'
  | 'near'
  | 'similar'
  | 'lead'
  | 'follower'
  | 'passerby';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 'America/Los_Angeles';

/** Relative traffic by local hour: a commute double peak on weekdays, a late flat hump on weekends. */
const WEEKDAY = [
  0.18, 0.1, 0.07, 0.07, 0.12, 0.35, 0.8, 1.45, 1.7, 1.2, 0.95, 1.0, 1.1, 1.05, 1.05, 1.2, 1.5, 1.75, 1.45, 1.0, 0.75,
  0.6, 0.45, 0.3,
];
const WEEKEND = [
  0.3, 0.2, 0.14, 0.1, 0.1, 0.15, 0.25, 0.4, 0.6, 0.85, 1.05, 1.2, 1.25, 1.25, 1.2, 1.15, 1.1, 1.05, 0.95, 0.8, 0.65,
  0.55, 0.45, 0.35,
];

const localParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  hour: 'numeric',
  hourCycle: 'h23',
  weekday: 'short',
});
function localHour(ms: number): { hour: number; weekend: boolean } {
  const parts = localParts.formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const wd = parts.find((p) => p.type === 'weekday')!.value;
  return { hour, weekend: wd === 'Sat' || wd === 'Sun' };
}

/**
 * Local wall-clock time (America/Los_Angeles) `daysBack` local calendar days before the local day of `endMs`,
 * as epoch ms. Scenarios are placed by the agency's calendar, not the UTC one, so the same seed gives the same
 * story whatever hour of the UTC day the dataset ends at.
 */
function localTime(endMs: number, daysBack: number, hh: number, mm: number): number {
  const [y, m, d] = addDays(localDate(new Date(endMs), TZ), -daysBack)
    .split('-')
    .map(Number);
  const midnightUtc = Date.UTC(y!, m! - 1, d!);
  // Pacific time is UTC-8 or, in daylight time, UTC-7: take the offset that gives the right local hour.
  for (const offset of [8, 7]) {
    const t = midnightUtc + (hh + offset) * HOUR + mm * 60_000;
    if (localHour(t).hour === hh) return t;
  }
  return midnightUtc + (hh + 8) * HOUR + mm * 60_000;
}

type Commuter = { vehicle: number; depart: number; back: number; minute: number; route: number[] };

export class AgencyDataset {
  readonly seed: number;
  readonly total: number;
  readonly endMs: number;
  readonly startMs: number;
  readonly misreadRate: number;
  readonly cameras: CameraSpec[];
  readonly vehicles: Vehicle[] = [];
  readonly hotlists: { id: string; data: HotlistData }[];
  readonly entries: GeneratedEntry[] = [];
  readonly users: DemoUser[];
  readonly truth: ScenarioTruth;

  private readonly hours: number;
  private readonly hourStarts: number[] = [];
  private readonly hourTotals: number[] = [];
  private readonly hourInfo: { hour: number; weekend: boolean }[] = [];
  private readonly commutersBySlot = new Map<number, Commuter[]>();
  private readonly kinds: { kind: VehicleKind; from: number; to: number }[] = [];
  private readonly cameraTable: Weighted<number>;
  private readonly entryByPlate = new Map<string, GeneratedEntry[]>();
  private readonly scenarioByHour = new Map<
    number,
    {
      at: number;
      vehicle: Vehicle;
      cameraIndex: number;
      scenario: string;
      note: ScenarioNote;
      readAs?: string;
    }[]
  >();
  private readonly hitStatus: Weighted<'alert' | 'tentative' | 'validated' | 'confirmed' | 'closed'>;

  constructor(options: DatasetOptions) {
    this.seed = options.seed;
    this.total = options.detections;
    this.misreadRate = options.misreadRate ?? 0.03;
    const days = options.days ?? Math.max(7, Math.min(90, Math.ceil(options.detections / 4000)));
    this.endMs = Math.floor(options.endMs / HOUR) * HOUR;
    this.startMs = this.endMs - days * DAY;
    this.hours = days * 24;
    this.cameras = buildCameras();
    this.cameraTable = new Weighted(this.cameras.map((c, i) => [i, c.weight] as const));
    this.hitStatus = new Weighted([
      ['alert', 30],
      ['tentative', 15],
      ['validated', 8],
      ['confirmed', 5],
      ['closed', 42],
    ] as const);

    // Hour totals from the daily and weekly rhythm, floored with carry so they sum to exactly `total`.
    const weights: number[] = [];
    for (let h = 0; h < this.hours; h++) {
      const start = this.startMs + h * HOUR;
      const info = localHour(start);
      this.hourStarts.push(start);
      this.hourInfo.push(info);
      weights.push((info.weekend ? WEEKEND : WEEKDAY)[info.hour]!);
    }
    const W = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    let assigned = 0;
    for (const w of weights) {
      acc += w;
      const upTo = Math.floor((this.total * acc) / W);
      this.hourTotals.push(upTo - assigned);
      assigned = upTo;
    }

    // The population: residents and commuters repeat; visitors, out-of-state and commercial cars are many and rarer.
    const population = Math.max(1500, Math.min(300_000, Math.round(this.total / 25)));
    const peak = (this.total * 1.75) / W;
    const commuters = Math.max(50, Math.min(Math.round(population * 0.3), Math.round((0.35 * peak) / 0.46)));
    const split: [VehicleKind, number][] = [
      ['commuter', commuters],
      ['resident', Math.round((population - commuters) * 0.5)],
      ['visitor', Math.round((population - commuters) * 0.3)],
      ['out_of_state', Math.round((population - commuters) * 0.1)],
      ['commercial', Math.round((population - commuters) * 0.1)],
    ];
    let index = 0;
    for (const [kind, n] of split) {
      this.kinds.push({ kind, from: index, to: index + n });
      for (let i = 0; i < n; i++, index++) this.vehicles.push(makeVehicle(this.seed, index, kind));
    }
    const entrances = this.cameras.flatMap((c, i) => (c.role === 'entrance' ? [i] : []));
    const intersections = this.cameras.flatMap((c, i) => (c.role === 'intersection' ? [i] : []));
    const commuterRange = this.kinds[0]!;
    for (let v = commuterRange.from; v < commuterRange.to; v++) {
      const rng = new Rng(this.seed, 'commute', v);
      const route = [rng.pick(entrances), rng.pick(intersections)];
      if (rng.chance(0.4)) route.push(rng.pick(intersections));
      const c: Commuter = { vehicle: v, depart: 6 + rng.int(4), back: 16 + rng.int(4), minute: rng.int(60), route };
      for (const slot of [c.depart, c.back]) {
        const list = this.commutersBySlot.get(slot) ?? [];
        list.push(c);
        this.commutersBySlot.set(slot, list);
      }
    }

    this.hotlists = this.buildHotlists();
    this.truth = this.buildScenarios();
    this.balanceHourTotals();
    this.buildGeneralEntries();
    this.users = this.buildUsers();
  }

  /** Detections in time order, one hour per yielded chunk, with the hits they raise. Ids start at 1. */
  *detections(): Generator<{ detections: GeneratedDetection[]; hits: GeneratedHit[] }> {
    let nextId = 1;
    let nextHit = 1;
    for (let h = 0; h < this.hours; h++) {
      const chunk = this.generateHour(h, nextId, nextHit);
      nextId += chunk.detections.length;
      nextHit += chunk.hits.length;
      yield chunk;
    }
  }

  /**
   * New traffic after the window (what a camera uploads while a workstation is offline): `count` detections
   * between `afterMs` and `untilMs`, ids from `firstId`, hits from `firstHitId`.
   */
  appended(
    count: number,
    firstId: number,
    firstHitId: number,
    afterMs: number,
    untilMs: number,
    batch: number,
  ): { detections: GeneratedDetection[]; hits: GeneratedHit[] } {
    const rng = new Rng(this.seed, 'append', batch);
    const span = Math.max(60_000, untilMs - afterMs);
    const times = Array.from({ length: count }, () => afterMs + 1 + rng.int(span)).sort((a, b) => a - b);
    const detections: GeneratedDetection[] = [];
    const hits: GeneratedHit[] = [];
    for (const at of times) {
      const v = this.backgroundVehicle(rng, false);
      const d = this.read(
        rng,
        firstId + detections.length,
        at,
        this.vehicles[v]!,
        this.backgroundCamera(rng, v),
        null,
        true,
      );
      detections.push(d);
      this.maybeHit(rng, d, firstHitId + hits.length, hits);
    }
    return { detections, hits };
  }

  private generateHour(
    h: number,
    firstId: number,
    firstHit: number,
  ): { detections: GeneratedDetection[]; hits: GeneratedHit[] } {
    const rng = new Rng(this.seed, 'hour', h);
    const start = this.hourStarts[h]!;
    const info = this.hourInfo[h]!;
    type Pass = {
      at: number;
      vehicle: Vehicle;
      cameraIndex: number;
      scenario: string | null;
      canMisread: boolean;
      readAs?: string;
    };
    const passes: Pass[] = [];
    for (const s of this.scenarioByHour.get(h) ?? []) {
      passes.push({
        at: s.at,
        vehicle: s.vehicle,
        cameraIndex: s.cameraIndex,
        scenario: `${s.scenario}:${s.note}`,
        canMisread: false,
        readAs: s.readAs,
      });
    }
    const budget = Math.max(0, this.hourTotals[h]! - passes.length);
    const commuterPasses: Pass[] = [];
    if (!info.weekend) {
      for (const c of this.commutersBySlot.get(info.hour) ?? []) {
        if (!rng.chance(0.92)) continue;
        let at = start + c.minute * 60_000 + Math.round(rng.normal() * 4 * 60_000);
        const route = info.hour >= 12 ? [...c.route].reverse() : c.route;
        for (const cam of route) {
          at += 60_000 + rng.int(5 * 60_000);
          commuterPasses.push({
            at: clamp(at, start, start + HOUR - 1),
            vehicle: this.vehicles[c.vehicle]!,
            cameraIndex: cam,
            scenario: null,
            canMisread: true,
          });
        }
      }
    }
    const fromCommuters = Math.min(commuterPasses.length, budget);
    for (let i = 0; i < fromCommuters; i++) passes.push(commuterPasses[i]!);
    for (let i = fromCommuters; i < budget; i++) {
      const night = info.hour < 6 || info.hour >= 21;
      const v = this.backgroundVehicle(rng, night);
      passes.push({
        at: start + rng.int(HOUR),
        vehicle: this.vehicles[v]!,
        cameraIndex: this.backgroundCamera(rng, v),
        scenario: null,
        canMisread: true,
      });
    }
    passes.sort((a, b) => a.at - b.at);
    const detections: GeneratedDetection[] = [];
    const hits: GeneratedHit[] = [];
    for (const p of passes) {
      const d = this.read(
        rng,
        firstId + detections.length,
        p.at,
        p.vehicle,
        p.cameraIndex,
        p.scenario,
        p.canMisread,
        p.readAs,
      );
      detections.push(d);
      if (p.scenario) this.noteScenario(d);
      this.maybeHit(rng, d, firstHit + hits.length, hits);
    }
    return { detections, hits };
  }

  private backgroundVehicle(rng: Rng, night: boolean): number {
    const r = rng.next();
    const kind: VehicleKind =
      r < 0.5 ? 'resident' : r < 0.8 ? 'visitor' : r < 0.88 ? 'out_of_state' : night ? 'resident' : 'commercial';
    const range = this.kinds.find((k) => k.kind === kind)!;
    // Residents drive often: a skewed pick makes some of them very familiar to the cameras.
    if (kind === 'resident' && rng.chance(0.3))
      return range.from + rng.int(Math.max(1, Math.floor((range.to - range.from) / 5)));
    return range.from + rng.int(range.to - range.from);
  }

  private backgroundCamera(rng: Rng, vehicle: number): number {
    if (this.vehicles[vehicle]!.kind === 'resident' && rng.chance(0.6)) {
      // A resident's home area: two cameras fixed by the vehicle.
      const home = new Rng(this.seed, 'home', vehicle);
      return rng.chance(0.5) ? home.int(22) : (home.int(22) + 1 + home.int(3)) % 22;
    }
    return this.cameraTable.sample(rng);
  }

  private read(
    rng: Rng,
    id: number,
    at: number,
    v: Vehicle,
    cameraIndex: number,
    scenario: string | null,
    canMisread: boolean,
    readAs?: string,
  ): GeneratedDetection {
    const cam = this.cameras[cameraIndex]!;
    let lat = cam.lat;
    let lon = cam.lon;
    let heading = cam.heading;
    if (cam.kind === 'mobile') {
      const pos = patrolPosition(cam.id, at);
      lat = pos.lat;
      lon = pos.lon;
      heading = pos.heading;
    }
    let plate = readAs ?? v.plate;
    let wrong = readAs !== undefined && readAs !== v.plate;
    if (canMisread && rng.chance(this.misreadRate)) {
      const m = misread(rng, plate);
      if (m) {
        plate = m;
        wrong = true;
      }
    }
    const night = this.hourOf(at) < 6 || this.hourOf(at) >= 20;
    const base = wrong ? rng.range(0.55, 0.86) : rng.range(night ? 0.78 : 0.86, 0.995);
    // Scenario passes are the ones a test asserts on: the camera saw the whole vehicle.
    const describe = scenario !== null || rng.chance(0.93);
    return {
      id,
      data: {
        plate,
        state: scenario !== null || rng.chance(0.97) ? v.state : null,
        seenAt: at,
        lat: lat!,
        lon: lon!,
        cameraId: cam.id,
        heading,
        make: describe ? v.make : null,
        model: describe && (scenario !== null || rng.chance(0.85)) ? v.model : null,
        color: describe ? (scenario !== null || rng.chance(0.95) ? v.color : 'unknown') : null,
        body: describe ? v.body : null,
        features: v.features,
        confidence: Math.round(base * 1000) / 1000,
        plateImage: null,
        overviewImage: null,
      },
      truth: { plate: v.plate, vehicle: v.index, misread: wrong, scenario },
    };
  }

  private hourOf(at: number): number {
    const h = Math.floor((at - this.startMs) / HOUR);
    return (this.hourInfo[h] ?? localHour(at)).hour;
  }

  private maybeHit(rng: Rng, d: GeneratedDetection, id: number, out: GeneratedHit[]): void {
    const entries = this.entryByPlate.get(d.data.plate);
    if (!entries) return;
    for (const e of entries) {
      if (e.data.state && d.data.state && e.data.state !== d.data.state) continue;
      if (Date.parse(e.data.enteredAt) > d.data.seenAt) continue;
      let status = this.hitStatus.sample(rng);
      if (d.data.seenAt > this.endMs - 2 * HOUR) status = 'alert';
      // Hits the agency's members already worked before any workstation synced (no trail on record here).
      let state: HitData['status'] = status === 'closed' ? 'confirmed' : status;
      let rejectReason: RejectReason | null = null;
      let disposition: Disposition | null = null;
      if (status === 'closed') {
        if (d.truth.misread) {
          state = 'rejected';
          rejectReason = 'misread';
          disposition = 'no_action';
        } else {
          const outcome = rng.pick(['not_located', 'owner_contacted', 'entry_inactive'] as const);
          if (outcome === 'entry_inactive') {
            state = 'rejected';
            rejectReason = 'entry_inactive';
          }
          disposition = outcome === 'not_located' ? 'not_located' : 'no_action';
        }
      } else if (status === 'confirmed') {
        disposition = rng.pick(['vehicle_recovered', 'citation', 'arrest'] as const);
      }
      const listRefreshedAt = this.listRefreshBefore(e.data.listId, d.data.seenAt);
      out.push({
        id,
        data: {
          detectionId: d.id,
          entryId: e.id,
          listId: e.data.listId,
          plate: d.data.plate,
          state: d.data.state,
          at: d.data.seenAt,
          status: state,
          rejectReason,
          disposition,
          closedAt: disposition ? new Date(d.data.seenAt + 25 * 60_000).toISOString() : null,
          listRefreshedAt,
          movedBy: null,
          movedAt: null,
          lastKey: null,
        },
      });
      id++;
    }
  }

  /** General lists are refreshed daily, the last time three hours before the end of the window. */
  private listRefreshBefore(listId: string, at: number): string | null {
    const list = this.hotlists.find((l) => l.id === listId);
    if (!list?.data.general) return null;
    const last = Date.parse(list.data.refreshedAt);
    const back = Math.max(0, Math.ceil((last - at) / DAY));
    return new Date(last - back * DAY).toISOString();
  }

  /** Scenario detections already in `truth`: iterating `detections()` again yields the same ids, noted once. */
  private readonly noted = new Set<number>();

  private noteScenario(d: GeneratedDetection): void {
    if (this.noted.has(d.id)) return;
    this.noted.add(d.id);
    const s = d.truth.scenario!;
    if (s === 'stolen:stolen') this.truth.stolenCar.detectionIds.push(d.id);
    if (s === 'misread:innocent') this.truth.misreadHit.detectionIds.push(d.id);
    if (s === 'retro:seen') this.truth.retro.detectionIds.push(d.id);
    if (s === 'shooting:suspect') this.truth.shooting.suspectDetectionIds.push(d.id);
    if (s === 'burglary:van') this.truth.burglary.vanDetectionIds.push(d.id);
    if (s === 'convoy:lead') this.truth.convoy.leadDetectionIds.push(d.id);
    if (s === 'convoy:follower') this.truth.convoy.followerDetectionIds.push(d.id);
    if (s === 'cloned:genuine' || s === 'cloned:clone') {
      const pairs = this.truth.clonedPlate.pairs;
      const last = pairs[pairs.length - 1];
      if (last && last[1] === 0) last[1] = d.id;
      else pairs.push([d.id, 0]);
    }
  }

  private buildHotlists(): { id: string; data: HotlistData }[] {
    const refreshedAt = new Date(this.endMs - 3 * HOUR).toISOString();
    return [
      {
        id: 'SVS',
        data: {
          name: 'Stolen Vehicle System (CA DOJ)',
          category: 'SVS',
          general: true,
          source: 'CA DOJ via CLETS',
          refreshedAt,
        },
      },
      {
        id: 'SLR',
        data: {
          name: 'Stolen License Plates (CA DOJ)',
          category: 'SLR',
          general: true,
          source: 'CA DOJ via CLETS',
          refreshedAt,
        },
      },
      {
        id: 'SFR',
        data: {
          name: 'Felony Vehicles (CA DOJ / NCIC)',
          category: 'SFR',
          general: true,
          source: 'CA DOJ / NCIC',
          refreshedAt,
        },
      },
      {
        id: 'DMV',
        data: {
          name: 'DMV Suspended/Revoked Registrations',
          category: 'DMV',
          general: true,
          source: 'California DMV',
          refreshedAt,
        },
      },
      {
        id: 'BOLO',
        data: {
          name: 'SMPD local BOLO',
          category: 'BOLO',
          general: false,
          source: 'San Mateo PD (synthetic)',
          refreshedAt,
        },
      },
    ];
  }

  private addEntry(input: EntryInput): GeneratedEntry {
    const data: HotlistEntryData = {
      body: null,
      status: 'active',
      approvedAt: null,
      removedBy: null,
      removedAt: null,
      removalReason: null,
      requestKey: null,
      ...input,
    };
    const e = { id: this.entries.length + 1, data };
    this.entries.push(e);
    const list = this.entryByPlate.get(data.plate) ?? [];
    list.push(e);
    this.entryByPlate.set(data.plate, list);
    return e;
  }

  private buildGeneralEntries(): void {
    const rng = new Rng(this.seed, 'hotlists');
    const enteredAt = new Date(this.startMs - 30 * DAY).toISOString();
    const odds: [string, number, string][] = [
      ['SVS', 0.0015, 'Stolen vehicle'],
      ['SLR', 0.0005, 'Stolen plate'],
      ['SFR', 0.0003, 'Felony vehicle: armed robbery suspect'],
      ['DMV', 0.006, 'Registration suspended'],
    ];
    for (const v of this.vehicles) {
      for (const [listId, p, reason] of odds) {
        if (!rng.chance(p)) continue;
        const withVehicle = listId !== 'SLR';
        this.addEntry({
          listId,
          plate: v.plate,
          state: v.state,
          make: withVehicle ? v.make : null,
          model: withVehicle ? v.model : null,
          color: withVehicle ? v.color : null,
          reason,
          caseNumber: listId === 'DMV' ? null : `${listId}-${100000 + rng.int(900000)}`,
          synopsis: null,
          enteredBy: null,
          approvedBy: null,
          enteredAt,
          expiresOn: null,
        });
      }
    }
    for (let i = 0; i < 6; i++) {
      const v = this.vehicles[rng.int(this.vehicles.length)]!;
      this.addEntry({
        listId: 'BOLO',
        plate: v.plate,
        state: v.state,
        make: v.make,
        model: v.model,
        color: v.color,
        reason: rng.pick([
          'Missing person: at-risk adult driver',
          'Vehicle of interest: vandalism series',
          'Domestic violence suspect, restraining order',
        ]),
        caseNumber: `26-${String(10000 + rng.int(80000))}`,
        synopsis: 'Local BOLO entered by patrol; contact the case agent before any stop.',
        enteredBy: 'sgt.okafor',
        approvedBy: 'admin.ramirez',
        enteredAt: new Date(this.startMs + rng.int(this.endMs - this.startMs)).toISOString(),
        expiresOn: null,
      });
    }
  }

  /**
   * An hour holding more scenario passes than its share of `total` (a small data set, several scenes in one hour)
   * takes the excess from the hours with the most room, so the data set still holds exactly `total` detections.
   */
  private balanceHourTotals(): void {
    let excess = 0;
    for (let h = 0; h < this.hours; h++) {
      const scenes = this.scenarioByHour.get(h)?.length ?? 0;
      if (scenes > this.hourTotals[h]!) {
        excess += scenes - this.hourTotals[h]!;
        this.hourTotals[h] = scenes;
      }
    }
    const room = (h: number) => this.hourTotals[h]! - (this.scenarioByHour.get(h)?.length ?? 0);
    const byRoom = Array.from({ length: this.hours }, (_, h) => h).sort((a, b) => room(b) - room(a) || a - b);
    for (let i = 0; excess > 0 && room(byRoom[0]!) > 0; i = (i + 1) % byRoom.length) {
      const h = byRoom[i]!;
      if (room(h) <= 0) continue;
      this.hourTotals[h]! -= 1;
      excess -= 1;
    }
  }

  private addScenarioPass(
    at: number,
    vehicle: Vehicle,
    cameraId: string,
    scenario: string,
    note: ScenarioNote,
    readAs?: string,
  ): void {
    if (at < this.startMs || at >= this.endMs) return;
    const h = Math.floor((at - this.startMs) / HOUR);
    const cameraIndex = this.cameras.findIndex((c) => c.id === cameraId);
    const list = this.scenarioByHour.get(h) ?? [];
    list.push({ at, vehicle, cameraIndex, scenario, note, ...(readAs ? { readAs } : {}) });
    this.scenarioByHour.set(h, list);
  }

  private special(
    seed: string,
    index: number,
    patch: Partial<Vehicle> & { plateTemplate?: string; platePrefix?: string },
  ): Vehicle {
    const rng = new Rng(this.seed, 'scenario', seed);
    let plate = makePlate(rng, patch.plateTemplate ?? '9AAA000');
    if (patch.platePrefix) plate = patch.platePrefix + plate.slice(patch.platePrefix.length);
    const { plateTemplate: _t, platePrefix: _p, ...rest } = patch;
    return {
      index,
      plate,
      state: 'CA',
      make: 'Toyota',
      model: 'Camry',
      body: 'sedan',
      color: 'black',
      features: 0,
      kind: 'visitor',
      ...rest,
    };
  }

  private buildScenarios(): ScenarioTruth {
    const days = (this.endMs - this.startMs) / DAY;
    // `daysBack` local days before the window's last day, never before the window: any day up to `days - 1`
    // back holds all of its scenario times inside the window, whatever the hour the window ends at.
    const at = (daysBack: number, hh: number, mm: number) =>
      localTime(this.endMs, Math.min(daysBack, days - 1), hh, mm);
    // 1. A shooting at Hillsdale Blvd and El Camino Real, 22:47 three days before the end of the window.
    const shotAt = at(3, 22, 47);
    const suspect = this.special('suspect', -1, {
      make: 'Honda',
      model: 'Accord',
      color: 'gray',
      body: 'sedan',
      features: featuresToMask(['damage']),
      platePrefix: '8K',
    });
    this.addScenarioPass(shotAt - 6 * 60_000, suspect, 'SMPD-F13', 'shooting', 'suspect');
    this.addScenarioPass(shotAt + 4 * 60_000, suspect, 'SMPD-F03', 'shooting', 'suspect');
    this.addScenarioPass(shotAt + 9 * 60_000, suspect, 'SMPD-F02', 'shooting', 'suspect');
    const decoyPlates: string[] = [];
    const decoys: [Partial<Vehicle> & { platePrefix?: string }, string, number][] = [
      [{ make: 'Honda', model: 'Accord', color: 'gray' }, 'SMPD-F13', -25],
      [{ make: 'Honda', model: 'Civic', color: 'gray', platePrefix: '8K' }, 'SMPD-F13', 14],
      [{ make: 'Toyota', model: 'Camry', color: 'black', platePrefix: '8K' }, 'SMPD-F19', -3],
      [{ make: 'Honda', model: 'Accord', color: 'black', platePrefix: '8K' }, 'SMPD-F05', 60 * 26],
      [{ make: 'Nissan', model: 'Altima', color: 'gray', features: featuresToMask(['damage']) }, 'SMPD-F03', 7],
    ];
    decoys.forEach(([patch, cam, minutes], i) => {
      const v = this.special(`decoy${i}`, -10 - i, { body: 'sedan', ...patch });
      decoyPlates.push(v.plate);
      this.addScenarioPass(shotAt + minutes * 60_000, v, cam, 'shooting', 'decoy');
    });

    // 2. Three residential burglaries, a week apart, each with the same white work van nearby.
    const van = this.special('van', -2, {
      make: 'Ford',
      model: 'Transit',
      body: 'van',
      color: 'white',
      features: featuresToMask(['roof_rack', 'damage']),
      plateTemplate: '9A00000',
      kind: 'commercial',
    });
    const sites = [
      {
        address: '1800 block of Alameda de las Pulgas',
        cameraId: 'SMPD-F15',
        at: at(21, 10, 15),
      },
      {
        address: '500 block of Parrott Dr',
        cameraId: 'SMPD-F21',
        at: at(Math.min(14, days - 3), 13, 40),
      },
      { address: '2100 block of Bermuda Dr', cameraId: 'SMPD-F16', at: at(7, 11, 5) },
    ];
    const exits = ['SMPD-F08', 'SMPD-F03', 'SMPD-F02'];
    sites.forEach((s, i) => {
      this.addScenarioPass(s.at - (12 + i * 4) * 60_000, van, exits[i]!, 'burglary', 'van');
      this.addScenarioPass(s.at - (6 + i) * 60_000, van, s.cameraId, 'burglary', 'van');
      this.addScenarioPass(s.at + (18 + i * 3) * 60_000, van, exits[(i + 1) % 3]!, 'burglary', 'van');
      // A neighbour's car past each scene's camera minutes after the van: a canvass of the scene always finds more
      // than the van, whatever the hour's random traffic (which moves with the window's end).
      const neighbour = this.special(`neighbour${i}`, -40 - i, { kind: 'resident', make: 'Honda', model: 'Accord' });
      this.addScenarioPass(s.at + (9 + i) * 60_000, neighbour, s.cameraId, 'burglary', 'passerby');
    });
    const bolo = this.addEntry({
      listId: 'BOLO',
      plate: van.plate,
      state: 'CA',
      make: 'Ford',
      model: 'Transit',
      color: 'white',
      reason: 'Vehicle of interest: residential burglary series',
      caseNumber: '26-04417',
      synopsis:
        'White Ford Transit with roof rack seen near two daytime residential burglaries (Alameda de las Pulgas, Parrott Dr). Do not stop; notify Det. Alvarez.',
      enteredBy: 'det.alvarez',
      approvedBy: 'admin.ramirez',
      enteredAt: new Date(sites[1]!.at + DAY).toISOString(),
      expiresOn: null,
    });

    // 3. A cloned plate: the genuine black Camry commutes in the north; a black Altima wears its plate in the south.
    const genuine = this.special('genuine', -3, {
      make: 'Toyota',
      model: 'Camry',
      color: 'black',
      body: 'sedan',
      kind: 'resident',
    });
    const clone = {
      ...this.special('clone', -4, {
        make: 'Nissan',
        model: 'Altima',
        color: 'black',
        body: 'sedan',
        features: featuresToMask(['tinted_windows']),
      }),
      plate: genuine.plate,
    };
    // The second time the clone is 7.5 km south two minutes later (~225 km/h): no one car makes it. The first
    // time (six minutes, ~75 km/h) is possible: one pair of sightings alone flags nothing.
    for (const [d, hh, mm, gapMin] of [
      [10, 8, 12, 6],
      [5, 17, 41, 2],
    ] as const) {
      const t = at(d, hh, mm);
      this.addScenarioPass(t, genuine, 'SMPD-F05', 'cloned', 'genuine');
      this.addScenarioPass(t + gapMin * 60_000, clone, 'SMPD-F06', 'cloned', 'clone');
    }

    // 4. Two cars that travel together at night: a silver Charger and, 20–45 s behind it, a black Tahoe, each
    // occasion at two cameras a few minutes apart.
    const lead = this.special('lead', -5, {
      make: 'Dodge',
      model: 'Charger',
      color: 'silver',
      body: 'sedan',
      kind: 'visitor',
    });
    const follower = this.special('follower', -6, {
      make: 'Chevrolet',
      model: 'Tahoe',
      color: 'black',
      body: 'suv',
      features: featuresToMask(['tinted_windows']),
      kind: 'visitor',
    });
    const convoyRng = new Rng(this.seed, 'scenario', 'convoy');
    for (const [d, hh, mm, first, second, gapMin] of [
      [9, 23, 10, 'SMPD-F03', 'SMPD-F13', 4],
      [6, 1, 40, 'SMPD-F19', 'SMPD-F12', 3],
      [4, 2, 25, 'SMPD-F09', 'SMPD-F11', 2],
      [2, 23, 55, 'SMPD-F13', 'SMPD-F16', 3],
    ] as const) {
      const t = at(d, hh, mm);
      for (const [cam, when] of [
        [first, t],
        [second, t + gapMin * 60_000],
      ] as const) {
        this.addScenarioPass(when, lead, cam, 'convoy', 'lead');
        this.addScenarioPass(when + (20 + convoyRng.int(26)) * 1000, follower, cam, 'convoy', 'follower');
      }
    }

    // 4. A stolen car on the SVS list, seen in the window's last hours: a fresh alert to walk to Confirmed.
    const enteredLongAgo = new Date(this.startMs - 30 * DAY).toISOString();
    const stolenCar = this.special('stolen', -30, { make: 'Honda', model: 'Civic', color: 'silver', body: 'sedan' });
    const stolenEntry = this.addEntry({
      listId: 'SVS',
      plate: stolenCar.plate,
      state: 'CA',
      make: 'Honda',
      model: 'Civic',
      color: 'silver',
      body: 'sedan',
      reason: 'Stolen vehicle',
      caseNumber: 'SVS-731904',
      synopsis: null,
      enteredBy: null,
      approvedBy: null,
      enteredAt: enteredLongAgo,
      expiresOn: null,
    });
    this.addScenarioPass(this.endMs - 70 * 60_000, stolenCar, 'SMPD-F03', 'stolen', 'stolen');

    // 5. Green v. City and County of San Francisco: the camera reads an innocent red Lexus's plate with one
    //    character wrong (T for L), which is the plate of a stolen gray GMC pickup.
    const innocent = withL(
      this.special('innocent', -31, { make: 'Lexus', model: 'ES', color: 'red', body: 'sedan', kind: 'resident' }),
    );
    const stolenTruck = {
      ...this.special('truck', -32, { make: 'GMC', model: 'Sierra', color: 'gray', body: 'pickup' }),
      plate: `${innocent.plate[0]}T${innocent.plate.slice(2)}`,
    };
    const truckEntry = this.addEntry({
      listId: 'SVS',
      plate: stolenTruck.plate,
      state: 'CA',
      make: 'GMC',
      model: 'Sierra',
      color: 'gray',
      body: 'pickup',
      reason: 'Stolen vehicle',
      caseNumber: 'SVS-688215',
      synopsis: null,
      enteredBy: null,
      approvedBy: null,
      enteredAt: enteredLongAgo,
      expiresOn: null,
    });
    this.addScenarioPass(this.endMs - 100 * 60_000, innocent, 'SMPD-F05', 'misread', 'innocent', stolenTruck.plate);

    // 6. For retro-hits: a car seen last week (on no list), one whose plate swaps two adjacent characters of
    //    it, and one whose plate reads the same to a camera (L / T).
    const seen = withL(this.special('retro', -33, { make: 'Subaru', model: 'Outback', color: 'green', body: 'wagon' }));
    const near = {
      ...this.special('retro-near', -34, { make: 'Kia', model: 'Soul', color: 'white', body: 'hatchback' }),
      plate: seen.plate.slice(0, 4) + seen.plate[5] + seen.plate[4] + seen.plate.slice(6),
    };
    const similar = {
      ...this.special('retro-similar', -35, { make: 'Ford', model: 'Escape', color: 'blue', body: 'suv' }),
      plate: `${seen.plate[0]}T${seen.plate.slice(2)}`,
    };
    this.addScenarioPass(at(Math.min(7, days - 1), 14, 20), seen, 'SMPD-F08', 'retro', 'seen');
    this.addScenarioPass(at(Math.min(6, days - 1), 9, 5), near, 'SMPD-F08', 'retro', 'near');
    this.addScenarioPass(at(Math.min(5, days - 1), 16, 40), similar, 'SMPD-F02', 'retro', 'similar');

    return {
      stolenCar: { vehicle: stolenCar, entryId: stolenEntry.id, detectionIds: [] },
      misreadHit: { innocent, stolen: stolenTruck, entryId: truckEntry.id, detectionIds: [] },
      retro: { vehicle: seen, near, similar, detectionIds: [] },
      shooting: {
        caseNumber: '26-05102',
        at: shotAt,
        cameraId: 'SMPD-F13',
        place: 'Hillsdale Blvd at El Camino Real',
        witnessDescription:
          'Dark gray or black four-door sedan, possibly a Honda, damage to the rear bumper; plate starts with 8K.',
        partialPlate: '8K*',
        suspect,
        suspectDetectionIds: [],
        decoyPlates,
      },
      burglary: { caseNumber: '26-04417', sites, van, vanDetectionIds: [], boloEntryId: bolo.id },
      clonedPlate: { plate: genuine.plate, genuine, clone, pairs: [] },
      convoy: { lead, follower, leadDetectionIds: [], followerDetectionIds: [] },
    };
  }

  private buildUsers(): DemoUser[] {
    // Training dates are the agency's local dates (main compares them with its local today, not UTC's).
    const day = (n: number) => localDate(new Date(this.endMs - n * DAY), TZ);
    const course = 'SMPD ALPR operator training (Policy 462)';
    const mk = (
      id: number,
      username: string,
      fullName: string,
      badgeId: string,
      classification: string,
      roles: UserData['roles'],
      trainedDaysAgo: number | null,
      disabled: boolean,
      note: string,
      supervisor: string | null = null,
    ): DemoUser => ({
      id,
      password: `${username.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())}-Canvass-2026!`,
      note,
      data: {
        username,
        fullName,
        badgeId,
        classification,
        roles,
        disabled,
        training:
          trainedDaysAgo === null
            ? []
            : [{ id: id * 10 + 1, course, completedOn: day(trainedDaysAgo), instructor: 'Sgt. R. Okafor' }],
        supervisor,
      },
    });
    return [
      mk(
        1,
        'admin.ramirez',
        'Lt. Ana Ramirez',
        'SM-1102',
        'sworn_officer',
        // The ALPR administrator approves hot-list entries, which is reading ALPR data: a lieutenant who also
        // investigates holds that role too (administration alone opens no ALPR data).
        ['administrator', 'investigator'],
        40,
        false,
        'ALPR administrator (approves new hot-list entries)',
      ),
      mk(
        2,
        'det.alvarez',
        'Det. Marco Alvarez',
        'SM-2231',
        'sworn_officer',
        ['investigator'],
        120,
        false,
        'investigator',
        'sgt.okafor',
      ),
      mk(
        3,
        'et.chen',
        'Mei Chen',
        'SM-E014',
        'crime_analyst',
        ['evidence_technician'],
        200,
        false,
        'evidence technician',
      ),
      mk(
        4,
        'rc.okafor',
        'Daniel Okafor',
        'SM-R007',
        'alpr_administrator_staff',
        ['records_custodian'],
        90,
        false,
        'records custodian',
      ),
      mk(
        5,
        'det.baker',
        'Det. Tom Baker',
        'SM-2240',
        'sworn_officer',
        ['investigator'],
        500,
        false,
        'training expired: refused',
        'sgt.okafor',
      ),
      mk(
        6,
        'ofc.nguyen',
        'Ofc. Linh Nguyen',
        'SM-3310',
        'sworn_officer',
        ['investigator'],
        30,
        true,
        'disabled: refused',
        'sgt.okafor',
      ),
      mk(
        7,
        'sgt.okafor',
        'Sgt. Ruth Okafor',
        'SM-1840',
        'sworn_officer',
        ['investigator'],
        60,
        false,
        'patrol sergeant: supervises the detectives (approves updates of their hot-list entries)',
      ),
      mk(
        8,
        'pe.ortiz',
        'Rosa Ortiz',
        'SM-P118',
        'parking_enforcement',
        ['investigator'],
        60,
        false,
        'job classification the policy does not list: refused',
      ),
    ];
  }
}

/** The vehicle with an L as its plate's second character (an L a camera may read as T). */
function withL(v: Vehicle): Vehicle {
  return { ...v, plate: `${v.plate[0]}L${v.plate.slice(2)}` };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
