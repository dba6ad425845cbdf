import { describe, expect, it } from 'vitest';
import { DEV_ENVIRONMENT, devSwitches } from '../../../main/app/switches';

/** A packaged build ignores the test and development switches; an unpackaged one honours them. */
describe('test and development switches', () => {
  const given = () => ({
    CANVASS_BASEMAP_DIR: '/tmp/other-basemap',
    CANVASS_OCR_LANG_PATH: '/tmp/other-ocr',
    ELECTRON_RENDERER_URL: 'http://localhost:5173',
    HOME: '/home/det',
  });
  const switchValue = (name: string) => (name === 'canvass-data-dir' ? '/tmp/elsewhere' : '');

  it('a packaged build drops them from its environment and does not read --canvass-data-dir', () => {
    const env: NodeJS.ProcessEnv = given();
    expect(devSwitches(true, env, switchValue)).toEqual({ dataDir: null });
    for (const name of DEV_ENVIRONMENT) expect(env[name]).toBeUndefined();
    expect(env.HOME).toBe('/home/det');
  });

  it('an unpackaged build (development, tests) keeps them', () => {
    const env: NodeJS.ProcessEnv = given();
    expect(devSwitches(false, env, switchValue)).toEqual({ dataDir: '/tmp/elsewhere' });
    expect(env).toEqual(given());
  });
});
