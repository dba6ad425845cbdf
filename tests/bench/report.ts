/** One JSON object per line per figure, as `npm run bench` promises. */
export type Figure = { name: string; value: number; unit: string; baseline: number | null; note?: string };

export function emit(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** A figure (or a group of figures, by prefix) is wanted when the filter is part of its name or names a member of the group. */
export function wanted(filter: string | undefined, name: string): boolean {
  return !filter || name.includes(filter) || filter.startsWith(name);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
