/**
 * Why each result of an analysis is listed, in a sentence an investigator can put in a report (and the note an
 * "Add to case" offers). Pure, unit-tested in tests/unit/renderer/analysesWhy.test.ts.
 */
import type { CloneEvidence, CloneFlag, CommonVehicle, Companion, Detection } from '../../../../../preload/contract';
import { formatDistance } from '../../../shared/map/geometry';
import { vehicleText } from '../../../ui/format';

/** "1", "1 and 2", "1, 2 and 3". */
export function listWords(items: readonly (string | number)[]): string {
  const s = items.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} and ${s.at(-1)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A common vehicle: which scenes, out of how many, how often, and the look-alike readings counted with it. */
export function commonVehicleWhy(v: CommonVehicle, sceneCount: number, sceneLabels: readonly string[]): string {
  const scenes = listWords(v.scenes.map((i) => sceneLabels[i] ?? `scene ${i + 1}`));
  const others = v.readings.filter((r) => r !== v.plate);
  return [
    `Seen near ${scenes} (${v.scenes.length} of ${sceneCount} scenes)`,
    plural(v.detections.length, 'sighting'),
    ...(others.length ? [`also read as ${listWords(others)} (similar-looking characters)`] : []),
  ].join(' · ');
}

/** The note offered when a common vehicle's sightings go into the case. */
export function commonVehicleNote(v: CommonVehicle, sceneCount: number, sceneLabels: readonly string[]): string {
  return `${v.plate} (${vehicleText(v)}) ${commonVehicleWhy(v, sceneCount, sceneLabels)} — common vehicles`;
}

/** A companion: how many of the target's sightings it shared, at how many cameras, how close. */
export function companionWhy(c: Companion, target: string, targetSightings: number, withinSeconds: number): string {
  return [
    `Passed the same camera within ${withinSeconds} s of ${target} on ${c.occasions} of its ${plural(targetSightings, 'sighting')}`,
    `at ${plural(c.cameras.length, 'camera')}`,
    `closest ${c.closestSeconds} s apart`,
  ].join(' · ');
}

export function companionNote(c: Companion, target: string, targetSightings: number, withinSeconds: number): string {
  return `${c.plate} (${vehicleText(c)}) travelling with ${target}: ${companionWhy(c, target, targetSightings, withinSeconds)} — travelling together`;
}

/**
 * The target's sightings each with the companion's read at the same camera closest in time (within the window),
 * in time order: the occasions they passed together.
 */
export function pairOccasions(
  target: readonly Detection[],
  companion: readonly Detection[],
  withinSeconds: number,
): { target: Detection; companion: Detection; seconds: number }[] {
  const out: { target: Detection; companion: Detection; seconds: number }[] = [];
  for (const t of target) {
    const at = Date.parse(t.seenAt);
    let best: Detection | null = null;
    let gap = Infinity;
    for (const c of companion) {
      if (c.cameraId !== t.cameraId) continue;
      const g = Math.abs(Date.parse(c.seenAt) - at);
      if (g <= withinSeconds * 1000 && g < gap) {
        best = c;
        gap = g;
      }
    }
    if (best) out.push({ target: t, companion: best, seconds: Math.round((Date.parse(best.seenAt) - at) / 1000) });
  }
  return out.sort((a, b) => (a.target.seenAt < b.target.seenAt ? -1 : 1));
}

/** "7.5 km in 2 min: 225 km/h needed" — the impossible-travel figures of a pair. */
export function travelText(e: CloneEvidence): string {
  const minutes = e.minutes < 1 ? `${Math.round(e.minutes * 60)} s` : `${Number(e.minutes.toFixed(1))} min`;
  const speed = e.kmh === null ? 'no time between them' : `${e.kmh.toLocaleString('en-US')} km/h needed`;
  return `${formatDistance(e.distanceM)} in ${minutes}: ${speed}`;
}

/** What differs between the two sightings: "make Toyota ≠ Nissan, color …". */
export function differsText(e: CloneEvidence): string {
  if (e.differs.length === 0) return 'Same description';
  return e.differs
    .map((f) => {
      const k = f as 'make' | 'color' | 'body';
      return `${f} ${e.a[k] ?? '?'} ≠ ${e.b[k] ?? '?'}`;
    })
    .join(', ');
}

/** Why a plate is flagged (or listed for review), in the service's terms. */
export function cloneWhy(f: CloneFlag, maxKmh: number): string {
  const parts: string[] = [];
  if (f.reasons.includes('description')) {
    const d = f.evidence.find((e) => e.differs.length > 0);
    parts.push(`Two vehicles' descriptions, each seen more than once${d ? ` (${differsText(d)})` : ''}`);
  }
  if (f.reasons.includes('speed')) {
    const fastest = f.evidence.filter((e) => e.kmh !== null).sort((a, b) => b.kmh! - a.kmh!)[0];
    parts.push(
      `Sightings too far apart for one vehicle (over ${maxKmh} km/h)${fastest ? `: ${travelText(fastest)}` : ''}`,
    );
  }
  if (f.level === 'review') parts.push('impossible speed alone: a camera clock or GPS fix can look the same');
  return parts.join(' · ');
}

export function cloneNote(f: CloneFlag, e: CloneEvidence): string {
  return `Plate ${f.plate} on two vehicles? ${travelText(e)}; ${differsText(e)} — cloned plates`;
}
