import { darken, lighten, luminance } from '@mantine/core';

/** WCAG 2.x contrast ratio of two opaque colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * `color`, darkened (on light backgrounds) or lightened (on dark ones) in small steps until it reaches `min`
 * against every background given — WCAG 1.4.3 asks 4.5:1 for text. Returns `color` itself when it already does.
 */
export function readableOn(color: string, backgrounds: readonly string[], min = 4.5): string {
  const onDark = backgrounds.every((bg) => luminance(bg) < 0.2);
  let candidate = color;
  for (let step = 1; step <= 20; step++) {
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= min)) return candidate;
    candidate = onDark ? lighten(color, step * 0.05) : darken(color, step * 0.05);
  }
  return candidate;
}
