/**
 * The dark variant of the offline basemap: the shipped style is a neutral light one, so its colours are
 * mirrored in lightness (white land → near-black, grey lines → lighter grey) with hue and saturation kept.
 * Only literal colours are touched; expressions are left alone. Pure, unit-tested (tests/unit/mapStyle.test.ts).
 */

type Rgba = { r: number; g: number; b: number; a: number };

const COLOR_PROPS = [
  'background-color',
  'fill-color',
  'fill-outline-color',
  'line-color',
  'text-color',
  'text-halo-color',
  'circle-color',
  'circle-stroke-color',
  'icon-color',
  'icon-halo-color',
] as const;

export function parseColor(value: string): Rgba | null {
  const s = value.trim().toLowerCase();
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m) {
    let hex = m[1]!;
    if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
    const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: alpha };
  }
  m = /^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { ...hslToRgb(+m[1]! / 360, +m[2]! / 100, +m[3]! / 100), a: alpha };
  }
  return null;
}

function rgbToHsl({ r, g, b }: Rgba): [number, number, number] {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === R ? (G - B) / d + (G < B ? 6 : 0) : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return [h / 6, s, l];
}

function hslToRgb(h: number, s: number, l: number): { r: number; g: number; b: number } {
  if (s === 0) return { r: Math.round(l * 255), g: Math.round(l * 255), b: Math.round(l * 255) };
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const f = (t: number) => {
    const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (u < 1 / 6) return p + (q - p) * 6 * u;
    if (u < 1 / 2) return q;
    if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
    return p;
  };
  return { r: Math.round(f(h + 1 / 3) * 255), g: Math.round(f(h) * 255), b: Math.round(f(h - 1 / 3) * 255) };
}

/**
 * Lightness mirrored into the dark range: 1 → 0.11 (the app's dark body), 0 → 0.86, so the lightest fills
 * become the darkest and lines keep their contrast against them. Saturation is damped hard: a beige land
 * turns into brown otherwise, and full-strength hues glare on a dark screen.
 */
export function darkenColor(value: string): string {
  const c = parseColor(value);
  if (!c) return value;
  const [h, s, l] = rgbToHsl(c);
  const dark = 0.86 - l * 0.75;
  const { r, g, b } = hslToRgb(h, s * 0.35, dark);
  return c.a >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Number(c.a.toFixed(3))})`;
}

type StyleLayer = { id: string; paint?: Record<string, unknown> } & Record<string, unknown>;

/** For each layer, the paint properties whose literal colour changes in the dark variant. */
export function darkPaint(
  layers: readonly StyleLayer[],
): { layer: string; prop: string; light: string; dark: string }[] {
  const out: { layer: string; prop: string; light: string; dark: string }[] = [];
  for (const layer of layers) {
    for (const prop of COLOR_PROPS) {
      const value = layer.paint?.[prop];
      if (typeof value !== 'string') continue;
      const dark = darkenColor(value);
      if (dark !== value) out.push({ layer: layer.id, prop, light: value, dark });
    }
  }
  return out;
}
