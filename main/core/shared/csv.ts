/**
 * CSV as exports write it (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.
 * Readable columns go through `sheetSafe` first: one line each, and a cell a spreadsheet would run as a formula
 * (= + - @ or a tab first) is prefixed with ' so opening the export in Excel runs nothing.
 */
export type CsvValue = string | number | null;

export function csvField(value: CsvValue): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** A readable cell: line breaks folded to spaces, a leading formula character neutralised. */
export function sheetSafe(s: string | null | undefined): string | null {
  if (s == null) return null;
  const flat = String(s).replace(/[\r\n]+/g, ' ');
  return /^[=+\-@\t]/.test(flat) ? `'${flat}` : flat;
}
