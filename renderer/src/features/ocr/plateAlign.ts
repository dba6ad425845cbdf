/**
 * Original read and re-read side by side, character by character, from the server's diff (OcrCharDiff: a
 * Levenshtein alignment whose `index` is a position in the original). Pure; tests/unit/mapPlateAlign.test.ts.
 */
import type { OcrCharDiff } from '../../../../preload/contract';

export type CellMark = 'same' | 'changed' | 'missing' | 'extra';
/** One column: the original's character and the re-read's ('' where one of them has none). */
export type AlignedCell = { original: string; reread: string; mark: CellMark };

export function alignReads(original: string, reread: string, diff: readonly OcrCharDiff[]): AlignedCell[] {
  const cells: AlignedCell[] = [];
  const byIndex = new Map<number, OcrCharDiff>();
  const extras = new Map<number, OcrCharDiff[]>();
  for (const d of diff) {
    if (d.kind === 'extra') extras.set(d.index, [...(extras.get(d.index) ?? []), d]);
    else byIndex.set(d.index, d);
  }
  let j = 0;
  for (let i = 0; i <= original.length; i++) {
    for (const e of extras.get(i) ?? []) {
      cells.push({ original: '', reread: e.reread, mark: 'extra' });
      j++;
    }
    if (i === original.length) break;
    const d = byIndex.get(i);
    if (d?.kind === 'missing') {
      cells.push({ original: original[i]!, reread: '', mark: 'missing' });
    } else if (d?.kind === 'changed') {
      cells.push({ original: original[i]!, reread: d.reread, mark: 'changed' });
      j++;
    } else {
      cells.push({ original: original[i]!, reread: reread[j] ?? '', mark: 'same' });
      j++;
    }
  }
  return cells;
}

/** "2 characters differ", "The reads agree": the one-line verdict above the comparison. */
export function diffSummary(diff: readonly OcrCharDiff[]): string {
  if (diff.length === 0) return 'The reads agree';
  return `${diff.length} character${diff.length === 1 ? '' : 's'} differ${diff.length === 1 ? 's' : ''}`;
}
