import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME } from '@mantine/core';
import { contrastRatio, readableOn } from '../../../renderer/src/ui/contrast';
import { spellPlate } from '../../../renderer/src/ui/SpokenPlate';
import { cssVariablesResolver, theme } from '../../../renderer/src/ui/theme';
import { mergeMantineTheme } from '@mantine/core';

const { gray, dark } = DEFAULT_THEME.colors;

describe('contrast (WCAG 2.x)', () => {
  it('measures the textbook pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // Mantine's default dimmed text on white: the 3.3:1 axe reported on every screen (#23).
    expect(contrastRatio(gray[6], '#ffffff')).toBeCloseTo(3.32, 2);
  });

  it('darkens on light surfaces and lightens on dark ones only as far as needed', () => {
    const onWhite = readableOn(gray[6], ['#ffffff']);
    expect(contrastRatio(onWhite, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(onWhite, '#ffffff')).toBeLessThan(6);
    const onDark = readableOn(dark[2], [dark[6], dark[7]]);
    expect(contrastRatio(onDark, dark[6])).toBeGreaterThanOrEqual(4.5);
    expect(readableOn('#000000', ['#ffffff'])).toBe('#000000');
  });
});

describe('the theme’s colour tokens', () => {
  const merged = mergeMantineTheme(DEFAULT_THEME, theme);
  const vars = cssVariablesResolver(merged);
  const lightSurfaces = ['#ffffff', gray[0], gray[1]];
  const darkSurfaces = [dark[5], dark[6], dark[7], dark[8]];

  it('gives dimmed text, placeholders, links and errors 4.5:1 on every surface, in both schemes', () => {
    for (const name of ['dimmed', 'placeholder', 'anchor', 'error']) {
      const light = vars.light[`--mantine-color-${name}`]!;
      const darkValue = vars.dark[`--mantine-color-${name}`]!;
      for (const bg of lightSurfaces) expect(contrastRatio(light, bg), `${name} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      for (const bg of darkSurfaces)
        expect(contrastRatio(darkValue, bg), `${name} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('gives every colour’s text, light-variant text and white-on-filled 4.5:1', () => {
    for (const [name, c] of Object.entries(merged.colors)) {
      if (name === 'dark') continue;
      const text = vars.light[`--mantine-color-${name}-text`]!;
      for (const bg of [...lightSurfaces, c[1]])
        expect(contrastRatio(text, bg), `${name} text on ${bg}`).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio('#ffffff', vars.light[`--mantine-color-${name}-filled`]!),
        `white on ${name}`,
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio('#ffffff', vars.dark[`--mantine-color-${name}-filled`]!),
        `white on ${name} (dark)`,
      ).toBeGreaterThanOrEqual(4.5);
      for (const bg of darkSurfaces) {
        expect(
          contrastRatio(vars.dark[`--mantine-color-${name}-text`]!, bg),
          `${name} text on ${bg}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('spellPlate', () => {
  it('reads a plate one character at a time, zero told from the letter O', () => {
    expect(spellPlate('7ABC123')).toBe('7 A B C 1 2 3');
    expect(spellPlate('O0K')).toBe('letter O zero K');
  });
});
