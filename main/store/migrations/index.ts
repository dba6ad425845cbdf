import type { SqlDatabase } from '../../../native/sqlcipher';
import * as m0010 from './0010-initial';

export type Migration = { version: number; name: string; up: (db: SqlDatabase) => void };

/** In order. Versions step by 10 so a fix can slot in between. */
export const migrations: readonly Migration[] = [
  { version: m0010.version, name: 'initial', up: m0010.updateToSchemaVersion10 },
];
