import type { CommonVehiclesArgs, GeoArea, SceneArgs } from '../../../../../preload/contract';
import { localToIso } from '../searchState';

/**
 * The scenes of a series as the form holds them (pure, unit-tested): each a place (drawn on the map, or a point
 * typed with a radius) and a time with a margin either side, turned into `search.commonVehicles`'s terms.
 */
export type SceneDraft = {
  key: number;
  label: string;
  place: GeoArea | null;
  /** `datetime-local`, the workstation's zone. */
  at: string;
  /** Minutes either side of `at`. */
  margin: number;
};

export const MAX_SCENES = 6;
export const MIN_SCENES = 2;

let nextKey = 1;
export function newScene(): SceneDraft {
  return { key: nextKey++, label: '', place: null, at: '', margin: 60 };
}

export type ScenesProblem = { scene: number | null; message: string };

export function sceneName(s: SceneDraft, i: number): string {
  return s.label.trim() || `Scene ${i + 1}`;
}

/** The analysis's terms, or what is missing (which scene, in words). */
export function toCommonVehiclesArgs(
  scenes: readonly SceneDraft[],
  minScenes: number,
  similar: boolean,
): { ok: true; args: CommonVehiclesArgs } | { ok: false; problem: ScenesProblem } {
  if (scenes.length < MIN_SCENES) return { ok: false, problem: { scene: null, message: 'Add at least two scenes.' } };
  const out: SceneArgs[] = [];
  for (const [i, s] of scenes.entries()) {
    const name = sceneName(s, i);
    if (!s.place)
      return { ok: false, problem: { scene: i, message: `${name}: draw its place on the map or type a point.` } };
    const at = localToIso(s.at);
    if (!at) return { ok: false, problem: { scene: i, message: `${name}: give the time of the incident.` } };
    if (!(s.margin > 0))
      return { ok: false, problem: { scene: i, message: `${name}: the margin is at least a minute.` } };
    const t = Date.parse(at);
    out.push({
      ...(s.label.trim() ? { label: s.label.trim() } : {}),
      area: s.place,
      from: new Date(t - s.margin * 60_000).toISOString(),
      to: new Date(t + s.margin * 60_000).toISOString(),
    });
  }
  const k = Math.min(Math.max(MIN_SCENES, minScenes), scenes.length);
  return { ok: true, args: { scenes: out, minScenes: k, similar } };
}
