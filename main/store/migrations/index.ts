import type { SqlDatabase } from '../../../native/sqlcipher';
import * as m0010 from './0010-initial';
import * as m0020 from './0020-sync';
import * as m0030 from './0030-search';
import * as m0040 from './0040-ocr';
import * as m0050 from './0050-settings';
import * as m0060 from './0060-ocr-read-context';
import * as m0070 from './0070-integrity';
import * as m0080 from './0080-training-topics';
import * as m0081 from './0081-designees';
import * as m0100 from './0100-hotlists';
import * as m0110 from './0110-cases';
import * as m0120 from './0120-documents';
import * as m0125 from './0125-evidence';
import * as m0130 from './0130-releases';
import * as m0140 from './0140-audits';
import * as m0150 from './0150-retention';
import * as m0170 from './0170-clone-summaries';
import * as m0180 from './0180-audit-memo-push';
import * as m0185 from './0185-time-place-index';
import * as m0190 from './0190-clone-recent';
import * as m0195 from './0195-featured-time-index';

export type Migration = { version: number; name: string; up: (db: SqlDatabase) => void };

/** In order. Versions step by 10 so a fix can slot in between. */
export const migrations: readonly Migration[] = [
  { version: m0010.version, name: 'initial', up: m0010.updateToSchemaVersion10 },
  { version: m0020.version, name: 'sync', up: m0020.updateToSchemaVersion20 },
  { version: m0030.version, name: 'search', up: m0030.updateToSchemaVersion30 },
  { version: m0040.version, name: 'ocr', up: m0040.updateToSchemaVersion40 },
  { version: m0050.version, name: 'settings', up: m0050.updateToSchemaVersion50 },
  { version: m0060.version, name: 'ocr-read-context', up: m0060.updateToSchemaVersion60 },
  { version: m0070.version, name: 'integrity', up: m0070.updateToSchemaVersion70 },
  { version: m0080.version, name: 'training-topics', up: m0080.updateToSchemaVersion80 },
  { version: m0081.version, name: 'designees', up: m0081.updateToSchemaVersion81 },
  { version: m0100.version, name: 'hotlists', up: m0100.updateToSchemaVersion100 },
  { version: m0110.version, name: 'cases', up: m0110.updateToSchemaVersion110 },
  { version: m0120.version, name: 'documents', up: m0120.updateToSchemaVersion120 },
  { version: m0125.version, name: 'evidence', up: m0125.updateToSchemaVersion125 },
  { version: m0130.version, name: 'releases', up: m0130.updateToSchemaVersion130 },
  { version: m0140.version, name: 'audits', up: m0140.updateToSchemaVersion140 },
  { version: m0150.version, name: 'retention', up: m0150.updateToSchemaVersion150 },
  { version: m0170.version, name: 'clone-summaries', up: m0170.updateToSchemaVersion170 },
  { version: m0180.version, name: 'audit-memo-push', up: m0180.updateToSchemaVersion180 },
  { version: m0185.version, name: 'time-place-index', up: m0185.updateToSchemaVersion185 },
  { version: m0190.version, name: 'clone-recent', up: m0190.updateToSchemaVersion190 },
  { version: m0195.version, name: 'featured-time-index', up: m0195.updateToSchemaVersion195 },
];
