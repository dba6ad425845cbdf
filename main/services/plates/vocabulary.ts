/**
 * The vehicle pickers' vocabulary (docs/workspace.md, "Reference data"): the makes, models, colours, bodies,
 * states and headings the store holds, most frequent first, counted as syncs bring detections.
 */
import type { SearchVocabulary } from '../../../preload/contract';
import { UNIQUE_FEATURES, type UniqueFeature } from '../../core/plates/vehicle';
import { catchUpVocabularyFor, vocabularyCounts } from '../../store/repos/vocabulary';
import { storeOf, type Context } from '../kernel/context';

export const FEATURE_LABELS: Record<UniqueFeature, string> = {
  roof_rack: 'Roof rack',
  bumper_sticker: 'Bumper sticker',
  damage: 'Visible damage',
  temporary_tag: 'Temporary tag',
  no_plate: 'No plate',
  tinted_windows: 'Tinted windows',
  aftermarket_wheels: 'Aftermarket wheels',
  missing_hubcap: 'Missing hubcap',
};

/** A vocabulary call catches up at most this long itself; the rest continues between calls. */
const CALL_BUDGET_MS = 400;

const catchingUp = new WeakMap<Context, boolean>();
const listening = new WeakSet<Context>();

/**
 * Catches up in the background, one chunk per macrotask so other calls run in between; started after a sync
 * and whenever a call ran out of its budget. Stops when the store closes (sign-out, lock).
 */
function catchUpInBackground(ctx: Context): void {
  if (catchingUp.get(ctx)) return;
  catchingUp.set(ctx, true);
  const step = () => {
    const db = ctx.store;
    if (!db || !ctx.dataKey) return void catchingUp.set(ctx, false);
    let done = true;
    try {
      done = catchUpVocabularyFor(db, 0).caughtUp;
    } catch {
      done = true; // the next call reports the store's state
    }
    if (done) catchingUp.set(ctx, false);
    else setTimeout(step, 25).unref();
  };
  setTimeout(step, 0).unref();
}

export function vocabulary(ctx: Context): SearchVocabulary {
  const db = storeOf(ctx);
  if (!listening.has(ctx)) {
    listening.add(ctx);
    ctx.events.on('sync.finished', () => catchUpInBackground(ctx));
  }
  try {
    if (!catchUpVocabularyFor(db, CALL_BUDGET_MS).caughtUp) catchUpInBackground(ctx);
  } catch {
    // The store is busy (a sync is committing): answer with the counts so far; the loop after the sync catches up.
  }
  const counts = vocabularyCounts(db);
  const of = (field: string) =>
    counts.filter((c) => c.field === field).map((c) => ({ value: c.value, count: c.count }));
  const models = new Map<string, { value: string; count: number }[]>();
  for (const c of counts) {
    if (c.field !== 'model') continue;
    let list = models.get(c.parent);
    if (!list) models.set(c.parent, (list = []));
    list.push({ value: c.value, count: c.count });
  }
  return {
    makes: of('make').map((m) => ({ ...m, models: models.get(m.value) ?? [] })),
    colors: of('color'),
    bodies: of('body'),
    features: (Object.keys(UNIQUE_FEATURES) as UniqueFeature[]).map((id) => ({ id, label: FEATURE_LABELS[id] })),
    states: of('state').map((s) => s.value),
    headings: of('heading').map((h) => h.value),
  };
}
