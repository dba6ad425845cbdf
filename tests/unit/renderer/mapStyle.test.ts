import { describe, expect, it } from 'vitest';
import { darkenColor, darkPaint, parseColor } from '../../../renderer/src/shared/map/darkStyle';

function lightness(css: string): number {
  const c = parseColor(css)!;
  return (Math.max(c.r, c.g, c.b) + Math.min(c.r, c.g, c.b)) / 2 / 255;
}

describe('the offline basemap in the dark scheme', () => {
  it('reads the colour notations styles use', () => {
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('#11223380')).toEqual({ r: 17, g: 34, b: 51, a: 128 / 255 });
    expect(parseColor('rgba(10, 20, 30, 0.5)')).toEqual({ r: 10, g: 20, b: 30, a: 0.5 });
    expect(parseColor('hsl(0, 0%, 100%)')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('red')).toBeNull();
  });

  it('turns light land dark and keeps lines lighter than the land they sit on', () => {
    const land = darkenColor('#f8f9fa');
    const county = darkenColor('#c9ced6');
    const state = darkenColor('#868e96');
    expect(lightness(land)).toBeLessThan(0.2);
    expect(lightness(county)).toBeGreaterThan(lightness(land));
    expect(lightness(state)).toBeGreaterThan(lightness(county));
  });

  it('keeps transparency and leaves expressions and names it cannot read alone', () => {
    expect(darkenColor('rgba(255, 255, 255, 0.4)')).toMatch(/^rgba\(\d+, \d+, \d+, 0\.4\)$/);
    expect(darkenColor('transparent')).toBe('transparent');
  });

  it('lists only literal colours, per layer and property', () => {
    const changes = darkPaint([
      { id: 'land', type: 'background', paint: { 'background-color': '#f8f9fa' } },
      { id: 'county', type: 'line', paint: { 'line-color': '#c9ced6', 'line-width': 0.5 } },
      { id: 'label', type: 'symbol', paint: { 'text-color': ['get', 'c'] } },
    ]);
    expect(changes.map((c) => [c.layer, c.prop])).toEqual([
      ['land', 'background-color'],
      ['county', 'line-color'],
    ]);
    expect(changes[0]!.light).toBe('#f8f9fa');
  });
});
