/**
 * A small deterministic PRNG (sfc32 seeded through splitmix32). Every stream is named by (seed, ...labels),
 * so a chunk of the city (one hour of traffic, one camera's patrol) can be regenerated on its own without
 * replaying everything before it. No Math.random anywhere in the generator.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...labels: (string | number)[]) {
    let h = splitmix32(seed >>> 0);
    for (const label of labels) h = splitmix32(h ^ hashLabel(label));
    this.a = splitmix32(h ^ 0x9e3779b9);
    this.b = splitmix32(this.a ^ 0x85ebca6b);
    this.c = splitmix32(this.b ^ 0xc2b2ae35);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson-ish count with the given mean (normal approximation above 30). */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A table of weighted choices, sampled in O(log n). */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(readonly items: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, w] of items) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }
  sample(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]![0];
  }
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashLabel(label: string | number): number {
  if (typeof label === 'number') return splitmix32(label >>> 0) ^ splitmix32(Math.floor(label / 4294967296));
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
