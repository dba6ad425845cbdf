/** The foundation's plate language: an exact plate, or a prefix ending in `*`. */
export function normalizePlateInput(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]+/g, '');
}

export function plateQueryProblem(q: string): string | null {
  if (!q) return 'Enter a plate, or the start of one followed by *';
  if (!/^[A-Z0-9]*\*?$/.test(q)) {
    return q.includes('*') && !q.endsWith('*')
      ? 'A * may only end the plate, as in 7ABC*'
      : 'Plates use letters and digits only (and a final * for “starts with”)';
  }
  if (q === '*') return 'Give at least one character before the *';
  if (q.length > 10) return 'Plates are at most 8 characters (a prefix up to 9 plus *)';
  return null;
}
