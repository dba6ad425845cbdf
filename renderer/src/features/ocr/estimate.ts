/**
 * How long a batch re-read will take, said before it starts and while it runs. Before: at the pace the last
 * finished batch on this workstation measured, else a cautious default. While running: at the pace so far.
 */
const RATE_KEY = 'canvass.rereadRate';
/**
 * Plates per second before anything was measured here: one engine reads about 5 a second (docs/ocr.md), and
 * images not yet on the workstation are fetched from the agency server first. Cautious on purpose.
 */
export const DEFAULT_RATE = 2;

export function lastRate(): number {
  try {
    const v = Number(localStorage.getItem(RATE_KEY));
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_RATE;
  } catch {
    return DEFAULT_RATE;
  }
}

export function recordRate(platesPerSecond: number): void {
  if (!Number.isFinite(platesPerSecond) || platesPerSecond <= 0) return;
  try {
    localStorage.setItem(RATE_KEY, String(Math.round(platesPerSecond * 100) / 100));
  } catch {
    // Storage full or refused: the next estimate uses the default.
  }
}

/** "under a minute", "about 4 minutes", "about 1 h 20 min": a person's sense of how long, not a countdown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''}`;
}

/** Seconds for `count` plates at `rate` plates per second. */
export function estimateSeconds(count: number, rate: number): number {
  return count / Math.max(rate, 0.01);
}

/** Seconds left, from the pace so far; null until a few items give a pace worth stating. */
export function remainingSeconds(done: number, total: number, elapsedMs: number): number | null {
  if (done < 3 || elapsedMs <= 0) return null;
  return ((total - done) * elapsedMs) / done / 1000;
}
