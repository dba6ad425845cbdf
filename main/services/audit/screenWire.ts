import type { Flag, FlagKind, Inquiry, ScreenedInquiry, ScreeningPart } from '../../core/audit/screening';
import type { ScreenedStretch } from './screenPeriod';

/**
 * A screened stretch as it crosses to the joining thread (services/audit/screenPeriod.ts): flat arrays of strings
 * instead of a Map of a few hundred thousand small objects and a flagged inquiry each. Structured-cloning the
 * objects cost the sender as long as screening its half of the log, and the receiver more in garbage collection;
 * the flat arrays clone in tens of milliseconds (measured on 100,000 plates and 100,000 flagged inquiries).
 */
export type PackedStretch = {
  part: Omit<ScreeningPart, 'byPlate' | 'flagged'>;
  /** Per plate: how many purposes (`sizes[i]`), then that many identities and reps in the flat arrays. */
  plates: { plates: string[]; sizes: Uint32Array; identities: string[]; reps: string[] };
  /** Per flagged inquiry: its key, time and user (a stand-in until read again), and `sizes[i]` flags. */
  flagged: {
    keys: string[];
    ats: string[];
    usernames: (string | null)[];
    sizes: Uint32Array;
    kinds: FlagKind[];
    reasons: string[];
  };
  drawn: ScreenedStretch['drawn'];
};

export function packStretch({ part, drawn }: ScreenedStretch): PackedStretch {
  const { byPlate, flagged, ...rest } = part;
  const plates: PackedStretch['plates'] = {
    plates: [],
    sizes: new Uint32Array(byPlate.size),
    identities: [],
    reps: [],
  };
  for (const [plate, held] of byPlate) {
    plates.sizes[plates.plates.push(plate) - 1] = held.identities.length;
    for (let i = 0; i < held.identities.length; i++) {
      plates.identities.push(held.identities[i]!);
      plates.reps.push(held.reps[i]!);
    }
  }
  const f: PackedStretch['flagged'] = {
    keys: [],
    ats: [],
    usernames: [],
    sizes: new Uint32Array(flagged.length),
    kinds: [],
    reasons: [],
  };
  flagged.forEach(({ inquiry, flags }, i) => {
    f.keys.push(inquiry.key);
    f.ats.push(inquiry.at);
    f.usernames.push(inquiry.username);
    f.sizes[i] = flags.length;
    for (const flag of flags) {
      f.kinds.push(flag.kind);
      f.reasons.push(flag.reason);
    }
  });
  return { part: rest, plates, flagged: f, drawn };
}

/** The stretch again; its flagged inquiries are stand-ins (`standIns`) that rank and count as the originals. */
export function unpackStretch(p: PackedStretch): ScreenedStretch {
  const byPlate: ScreeningPart['byPlate'] = new Map();
  let at = 0;
  p.plates.plates.forEach((plate, i) => {
    const n = p.plates.sizes[i]!;
    byPlate.set(plate, {
      identities: p.plates.identities.slice(at, at + n),
      reps: p.plates.reps.slice(at, at + n),
    });
    at += n;
  });
  const flagged: ScreenedInquiry[] = [];
  at = 0;
  p.flagged.keys.forEach((key, i) => {
    const flags: Flag[] = [];
    for (let k = 0; k < p.flagged.sizes[i]!; k++, at++)
      flags.push({ kind: p.flagged.kinds[at]!, reason: p.flagged.reasons[at]! });
    flagged.push({ inquiry: standIn(key, p.flagged.ats[i]!, p.flagged.usernames[i]!), flags });
  });
  return { part: { ...p.part, byPlate, flagged }, drawn: p.drawn, standIns: new Set(p.flagged.keys) };
}

/**
 * What ranking and counting read of a flagged inquiry; the rest is filled in when it is shown. Always a Canvass
 * log's inquiry: an imported export is screened as one stretch (`stretchesFor`), never handed over.
 */
function standIn(key: string, at: string, username: string | null): Inquiry {
  const cut = key.lastIndexOf('#');
  return {
    key,
    source: 'canvass',
    workstation: key.slice(0, cut),
    seq: Number(key.slice(cut + 1)),
    at,
    username,
    action: '',
    purpose: null,
    plates: [],
    windowHours: null,
    bounded: false,
    networks: 1,
    resultCount: null,
  };
}
