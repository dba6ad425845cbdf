import type { SqlDatabase } from '../../../native/sqlcipher';
import * as m0010 from './0010-initial';
import * as m0020 from './0020-sync';

export type Migration = { version: number; name: string; up: (db: SqlDatabase) => void };

/** In order. Versions step by 10 so a fix can slot in between. */
export const migrations: readonly Migration[] = [
  { version: m0010.version, name: 'initial', up: m0010.updateToSchemaVersion10 },
  { version: m0020.version, name: 'sync', up: m0020.updateToSchemaVersion20 },
];
