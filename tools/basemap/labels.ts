/** Label points for polygons: a point inside the largest part, near its middle. Planar lon/lat math is enough here. */
import type { Geometry, Position } from 'geojson';

type Ring = Position[];

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j]![0]! * r[i]![1]! - r[i]![0]! * r[j]![1]!;
  return a / 2;
}

function ringCentroid(r: Ring): Position {
  let x = 0;
  let y = 0;
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j]![0]! * r[i]![1]! - r[i]![0]! * r[j]![1]!;
    x += (r[j]![0]! + r[i]![0]!) * f;
    y += (r[j]![1]! + r[i]![1]!) * f;
    a += f;
  }
  return a === 0 ? r[0]! : [x / (3 * a), y / (3 * a)];
}

function inside(p: Position, rings: Ring[]): boolean {
  let odd = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i] as [number, number];
      const [xj, yj] = r[j] as [number, number];
      if (yi > p[1]! !== yj > p[1]! && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/** The middle of the widest inside span along a horizontal line through y. */
function widestSpanAt(y: number, rings: Ring[]): { mid: Position; width: number } | null {
  const xs: number[] = [];
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i] as [number, number];
      const [xj, yj] = r[j] as [number, number];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  xs.sort((a, b) => a - b);
  let best: { mid: Position; width: number } | null = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (!best || w > best.width) best = { mid: [(xs[i]! + xs[i + 1]!) / 2, y], width: w };
  }
  return best;
}

export function labelPoint(g: Geometry): Position | null {
  const polys: Ring[][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  if (!polys.length) return null;
  const largest = polys.reduce((a, b) => (Math.abs(ringArea(b[0]!)) > Math.abs(ringArea(a[0]!)) ? b : a));
  const c = ringCentroid(largest[0]!);
  if (inside(c, largest)) return c;
  // A C- or L-shaped part: try lines through the centroid and around it, keep the widest span.
  const ys = largest[0]!.map((p) => p[1]!);
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  let best: { mid: Position; width: number } | null = null;
  for (let k = 1; k < 12; k++) {
    const span = widestSpanAt(lo + ((hi - lo) * k) / 12, largest);
    if (span && (!best || span.width > best.width)) best = span;
  }
  return best?.mid ?? c;
}
