import { createTheme, darken, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import { contrastRatio, readableOn } from './contrast';

/** A deep, calm blue: reads as "institutional" in both schemes without shouting. */
const canvass: MantineColorsTuple = [
  '#eaf2fb',
  '#d3e1f2',
  '#a6c1e4',
  '#769fd6',
  '#4f83ca',
  '#3771c3',
  '#2a67c1',
  '#1d56ab',
  '#134c9a',
  '#004188',
];

export const theme = createTheme({
  primaryColor: 'canvass',
  primaryShade: { light: 8, dark: 5 },
  colors: { canvass },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", "Noto Sans", sans-serif',
  fontFamilyMonospace:
    'ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  headings: {
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", "Noto Sans", sans-serif',
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.375rem', lineHeight: '1.3' },
      h3: { fontSize: '1.125rem', lineHeight: '1.35' },
      h4: { fontSize: '1rem', lineHeight: '1.4' },
    },
  },
  defaultRadius: 'md',
  focusRing: 'auto',
  // Mantine's transitions (modals, drawers, collapses) are skipped for people who ask the OS for less motion.
  respectReducedMotion: true,
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm', allowDeselect: false, checkIconPosition: 'right' } },
    Modal: {
      defaultProps: {
        radius: 'md',
        centered: true,
        overlayProps: { backgroundOpacity: 0.45, blur: 2 },
        closeButtonProps: { 'aria-label': 'Dismiss the dialog' },
      },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Table: { defaultProps: { verticalSpacing: 'xs', horizontalSpacing: 'sm' } },
    Badge: {
      defaultProps: { radius: 'sm' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } },
    },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    // Compact enough that an administrator's 17 sections fit 1366×768 without scrolling the navigation.
    NavLink: { styles: { root: { paddingBlock: 3 }, label: { lineHeight: 1.3 } } },
    // An icon-only close button needs a name (WCAG 4.1.2); screens may give a more precise one.
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss the panel' } } },
  },
});

/**
 * The colour tokens every screen uses, made to pass WCAG 2.1 AA (#23) once, here, rather than per element:
 * Mantine's defaults put dimmed text, light badges/alerts, coloured text and white-on-filled below 4.5:1
 * (e.g. dimmed #868e96 on white is 3.3:1). Each token starts from Mantine's own shade and is darkened (light
 * scheme) or lightened (dark scheme) only as far as 4.5:1 against the surfaces it sits on.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const { gray, dark } = DEFAULT_THEME.colors;
  const white = '#ffffff';
  // gray-0/1: striped and hovered rows; canvass-1: about the selected row's tint (primary-light over white).
  const lightSurfaces = [white, gray[0], gray[1], canvass[1]];
  const darkSurfaces = [dark[5], dark[6], dark[7], dark[8]];
  const light: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(gray[6], lightSurfaces),
    '--mantine-color-placeholder': readableOn(gray[6], lightSurfaces),
  };
  const darkVars: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(dark[2], darkSurfaces),
    '--mantine-color-placeholder': readableOn(dark[2], darkSurfaces),
  };
  for (const [name, c] of Object.entries(t.colors)) {
    if (name === 'dark') continue; // the dark scheme's surfaces, not a text colour
    const lightText = readableOn(c[9], [...lightSurfaces, c[0], c[1]]);
    light[`--mantine-color-${name}-text`] = lightText;
    light[`--mantine-color-${name}-light-color`] = lightText;
    const lightFilled = whiteOn(c[8]);
    light[`--mantine-color-${name}-filled`] = lightFilled;
    light[`--mantine-color-${name}-filled-hover`] = darken(lightFilled, 0.1);
    const darkBadge = darken(c[9], 0.5); // Mantine's light-variant background in the dark scheme
    const darkText = readableOn(c[2], [...darkSurfaces, darkBadge]);
    darkVars[`--mantine-color-${name}-text`] = darkText;
    darkVars[`--mantine-color-${name}-light-color`] = readableOn(c[0], [...darkSurfaces, darkBadge]);
    const darkFilled = whiteOn(c[7]);
    darkVars[`--mantine-color-${name}-filled`] = darkFilled;
    darkVars[`--mantine-color-${name}-filled-hover`] = darken(darkFilled, 0.1);
  }
  light['--mantine-color-anchor'] = light['--mantine-color-canvass-text'] ?? '';
  darkVars['--mantine-color-anchor'] = darkVars['--mantine-color-canvass-text'] ?? '';
  light['--mantine-color-error'] = light['--mantine-color-red-text'] ?? '';
  darkVars['--mantine-color-error'] = darkVars['--mantine-color-red-text'] ?? '';
  return { variables: {}, light, dark: darkVars };
};

/** A filled background white text reads on (4.5:1): the shade itself or darker. */
function whiteOn(shade: string): string {
  return contrastRatio(shade, '#ffffff') >= 4.5 ? shade : readableOn(shade, ['#ffffff']);
}
