/**
 * Test and development switches, honoured only by an unpackaged build. A packaged Canvass ignores them: the
 * environment variables are removed from the process before anything reads them (worker threads, which copy
 * the environment when they start, never see them either), and the command-line switch is not read.
 * - `--canvass-data-dir`: a second store beside the usual one (the Electron e2e test, a training copy);
 * - `CANVASS_BASEMAP_DIR`, `CANVASS_OCR_LANG_PATH`: other basemap files, other OCR language data;
 * - `ELECTRON_RENDERER_URL`: electron-vite's dev server.
 * No electron import here, so a unit test can hold the rule.
 */
export const DEV_ENVIRONMENT = ['CANVASS_BASEMAP_DIR', 'CANVASS_OCR_LANG_PATH', 'ELECTRON_RENDERER_URL'] as const;

export type Switches = { dataDir: string | null };

export function devSwitches(
  packaged: boolean,
  env: NodeJS.ProcessEnv,
  switchValue: (name: string) => string,
): Switches {
  if (packaged) {
    for (const name of DEV_ENVIRONMENT) delete env[name];
    return { dataDir: null };
  }
  return { dataDir: switchValue('canvass-data-dir') || null };
}
