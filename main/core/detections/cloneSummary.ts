/**
 * A plate's clone-scan summary as the store keeps it (search_clone_plates and search_clone_recent, 0170/0190):
 * one JSON array, its fields by position, so a summary is ~100 bytes instead of ~320 of named fields and nested
 * key strings. Summaries written before 0190 are JSON objects (`PlateSummary` as is); both decode.
 *
 *   [n, at, lat, lon, id, last, prev, ordered, entries, speed]
 *   entries: [state, make, color, body, n, firstId, ...] six per description, in order of first sighting
 *   speed:   [a, b, at, distanceM, minutes, kmh, differs, ...] seven per pair, `differs` a bit mask of FIELDS
 */
import { descriptionKey, type PlateSummary, type SpeedPair } from './clones';

const FIELDS = ['make', 'color', 'body'] as const;
type Values = [string | null, string | null, string | null, string | null];

/**
 * Spelled by hand (a full scan encodes every plate's): a description key is already the JSON array of its four
 * values, so its text between the brackets is the entry's first four values as they are, without a parse.
 */
export function encodeSummary(s: PlateSummary): string {
  let entries = '';
  for (const [key, n, firstId] of s.entries) entries += `${entries ? ',' : ''}${key.slice(1, -1)},${n},${firstId}`;
  const speed: number[] = [];
  for (const p of s.speed) {
    let mask = 0;
    for (const f of p.differs) mask |= 1 << FIELDS.indexOf(f);
    speed.push(p.a, p.b, p.at, p.distanceM, p.minutes, p.kmh, mask);
  }
  const head = JSON.stringify([s.n, s.at, s.lat, s.lon, s.id, s.last, s.prev, s.ordered ? 1 : 0]);
  return `${head.slice(0, -1)},[${entries}],${JSON.stringify(speed)}]`;
}

/** The summary, or null for none (a plate left without rows, stored as `null` before 0190). */
export function decodeSummary(text: string): PlateSummary | null {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) return v as PlateSummary | null; // before 0190
  const [n, at, lat, lon, id, last, prev, ordered, e, sp] = v as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    (string | number | null)[],
    number[],
  ];
  const entries: PlateSummary['entries'] = [];
  for (let k = 0; k < e.length; k += 6) {
    const [state, make, color, body] = e.slice(k, k + 4) as Values;
    entries.push([descriptionKey(state, make, color, body), e[k + 4] as number, e[k + 5] as number]);
  }
  const speed: SpeedPair[] = [];
  for (let k = 0; k < sp.length; k += 7)
    speed.push({
      a: sp[k]!,
      b: sp[k + 1]!,
      at: sp[k + 2]!,
      distanceM: sp[k + 3]!,
      minutes: sp[k + 4]!,
      kmh: sp[k + 5]!,
      differs: FIELDS.filter((_, j) => sp[k + 6]! & (1 << j)),
    });
  return { n, at, lat, lon, id, last, prev, entries, speed, ordered: ordered === 1 };
}
