import pkg from '../../../package.json';

/** The Canvass version printed in packages and reports (bundled from package.json at build time). */
export const CANVASS_VERSION: string = pkg.version;
