/**
 * How plate-like a string of characters is (pure). US plates follow a few letter/digit shapes per state and
 * series: California's standard issue is 1ABC234, many states use ABC1234, Missouri's AB1 C2D, Illinois and
 * Indiana issue all-digit plates. A read that fits a common shape is likelier than one that does not
 * (7ABC123 over 7ABCI23), and a character OCR often confuses (0/O, 1/I, 8/B, 5/S, 2/Z, 6/G) can be swapped
 * to fit the shape, at a price.
 */

/** L = letter, D = digit. Weights are rough shares of US plates seen on the road, not exact. */
export const PLATE_SHAPES: readonly { shape: string; weight: number; example: string }[] = [
  { shape: 'DLLLDDD', weight: 1.0, example: '7ABC123' }, // California
  { shape: 'LLLDDDD', weight: 1.0, example: 'ABC1234' }, // Arizona, Texas, New York, Pennsylvania, Ohio, …
  { shape: 'LLDLDL', weight: 0.7, example: 'AB1C2D' }, // Missouri
  { shape: 'LLLDDD', weight: 0.6, example: 'ABC123' },
  { shape: 'DDDLLL', weight: 0.6, example: '123ABC' },
  { shape: 'DDDDDDD', weight: 0.5, example: '1234567' }, // Illinois, Indiana
  { shape: 'DDDDDD', weight: 0.4, example: '123456' },
  { shape: 'DDDLDDD', weight: 0.4, example: '123A456' }, // Utah, New Jersey style
  { shape: 'LDDLLL', weight: 0.3, example: 'A12BCD' },
  { shape: 'DLLDDD', weight: 0.3, example: '1AB234' },
  { shape: 'LLDDDDD', weight: 0.3, example: 'AB12345' },
  { shape: 'DDLLLD', weight: 0.3, example: '12ABC3' },
  { shape: 'LLLLDDD', weight: 0.3, example: 'ABCD123' },
  { shape: 'DDDLLLL', weight: 0.3, example: '123ABCD' },
  { shape: 'DDLDDDD', weight: 0.3, example: '12A3456' },
  { shape: 'DLDDDDD', weight: 0.25, example: '1A23456' }, // California commercial
  { shape: 'DDDDDLL', weight: 0.2, example: '12345AB' },
];

export function shapeOf(plate: string): string {
  let s = '';
  for (const c of plate) s += c >= '0' && c <= '9' ? 'D' : 'L';
  return s;
}

/**
 * Letter ↔ digit pairs OCR confuses on plate fonts, both ways. A 0 where a letter belongs becomes a D, not an
 * O: most states issue no O (RARE_LETTERS), and a D whose corners the blur rounds is read 0 (DG2Z6U read
 * 0G2Z6U). The O stays reachable the other way (O read where a digit belongs is a 0).
 */
export const LETTER_FOR_DIGIT: Readonly<Record<string, string>> = {
  '0': 'D',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'B',
  '4': 'A',
  '7': 'T',
};
export const DIGIT_FOR_LETTER: Readonly<Record<string, string>> = {
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  J: '1',
  T: '7',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
  A: '4',
};

/**
 * Letters most states leave out of their serial series because they pass for digits (I for 1, O and Q for
 * 0; California, Texas and others issue none of them, nor does the agency generator). A vanity plate may
 * hold them, so they make a read less likely, not impossible.
 */
export const RARE_LETTERS = 'IOQ';

/** How many of `plate`'s characters are letters plates seldom carry (RARE_LETTERS). */
export function rareLetters(plate: string): number {
  let n = 0;
  for (const c of plate) if (RARE_LETTERS.includes(c)) n++;
  return n;
}

/**
 * 0..1: how well `plate` fits the commonest shape of its length. Vanity plates (letters only, or an
 * unusual mix) still score above zero; lengths outside 5–8 score near zero.
 */
export function formatScore(plate: string): number {
  if (!/^[A-Z0-9]+$/.test(plate)) return 0;
  const n = plate.length;
  if (n < 4 || n > 8) return 0.02;
  const s = shapeOf(plate);
  const exact = PLATE_SHAPES.find((p) => p.shape === s);
  if (exact) return exact.weight;
  if (n < 5) return 0.05;
  // Vanity and rare series: anything of 5–7 characters with both kinds, or all letters.
  return 0.12;
}

/**
 * Plausible readings of `plate` that fit a known shape of the same length by swapping confusable
 * characters; each with the number of swaps made. The read itself comes first.
 */
export function shapeFits(plate: string, maxSwaps = 2): { plate: string; swaps: number }[] {
  const out = new Map<string, number>([[plate, 0]]);
  for (const { shape } of PLATE_SHAPES) {
    if (shape.length !== plate.length) continue;
    let fixed = '';
    let swaps = 0;
    let ok = true;
    for (let i = 0; i < plate.length && ok; i++) {
      const c = plate[i]!;
      const isDigit = c >= '0' && c <= '9';
      const wanted =
        shape[i] === 'D' && !isDigit ? DIGIT_FOR_LETTER : shape[i] === 'L' && isDigit ? LETTER_FOR_DIGIT : null;
      if (!wanted) {
        fixed += c;
        continue;
      }
      const swapped = wanted[c];
      if (swapped) {
        fixed += swapped;
        swaps++;
      } else ok = false;
    }
    if (ok && swaps <= maxSwaps && !out.has(fixed)) out.set(fixed, swaps);
  }
  return [...out].map(([p, swaps]) => ({ plate: p, swaps }));
}

/** Character-level similarity of two reads (1 − edit distance / longer length). */
export function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
