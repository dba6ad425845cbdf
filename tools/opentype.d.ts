/** opentype.js 2 ships no types; only what tools/ocr-glyphs.ts uses. */
declare module 'opentype.js' {
  export type BoundingBox = { x1: number; y1: number; x2: number; y2: number };
  export type Path = { toPathData(decimalPlaces?: number): string; getBoundingBox(): BoundingBox };
  export type Font = {
    unitsPerEm: number;
    getPath(text: string, x: number, y: number, fontSize: number): Path;
    hasChar(c: string): boolean;
  };
  export function parse(buffer: ArrayBuffer): Font;
}
