/**
 * THE API between the renderer and main, declared per domain (one file each, the same domain names as
 * main/core, main/services and renderer/src/features) and assembled here into the one `Contract`. Main
 * implements it as one object typed by `Contract` (a missing handler is a compile error); the preload exposes
 * exactly these methods on `window.canvass`, each over its own channel `canvass:<method>`; nothing generic
 * crosses the bridge.
 *
 * Method names are stable identifiers: the access log records them as actions, so a method keeps its name when
 * the code behind it moves (the analyses are `search.*` although they live in the detections domain).
 *
 * Every method resolves to a `Result`: errors cross as `{ code, message }` a person can act on.
 */
import type { Result } from './shared';
import { ACCESS_METHODS, type AccessContract, type AccessEvents } from './access';
import { AUDIT_METHODS, type AuditContract } from './audit';
import { CASES_METHODS, type CasesContract } from './cases';
import { DETECTIONS_METHODS, type DetectionsContract, type DetectionsEvents } from './detections';
import { HOTLISTS_METHODS, type HotlistsContract, type HotlistsEvents } from './hotlists';
import { DOCUMENTS_METHODS, type DocumentsContract } from './documents';
import { EVIDENCE_METHODS, type EvidenceContract, type EvidenceEvents } from './evidence';
import { MAP_METHODS, type MapContract } from './map';
import { OCR_METHODS, type OcrContract, type OcrEvents } from './ocr';
import { PLATES_METHODS, type PlatesContract } from './plates';
import { RELEASES_METHODS, type ReleasesContract, type ReleasesEvents } from './releases';
import { RETENTION_METHODS, type RetentionContract, type RetentionEvents } from './retention';
import { SYNC_METHODS, type SyncContract, type SyncEvents } from './sync';

export * from './shared';
export * from './access';
export * from './audit';
export * from './cases';
export * from './detections';
export * from './hotlists';
export * from './documents';
export * from './evidence';
export * from './map';
export * from './ocr';
export * from './plates';
export * from './releases';
export * from './retention';
export * from './sync';

export type Contract = AccessContract &
  PlatesContract &
  DetectionsContract &
  OcrContract &
  SyncContract &
  AuditContract &
  MapContract &
  HotlistsContract &
  CasesContract &
  EvidenceContract &
  DocumentsContract &
  ReleasesContract &
  RetentionContract;

export type Method = keyof Contract;
export type Args<M extends Method> = Parameters<Contract[M]> extends [infer A] ? A : undefined;
export type Returns<M extends Method> = ReturnType<Contract[M]>;

/** Events main pushes to the renderer. */
export type Events = AccessEvents &
  SyncEvents &
  OcrEvents &
  HotlistsEvents &
  DetectionsEvents &
  EvidenceEvents &
  ReleasesEvents &
  RetentionEvents;
export type EventName = keyof Events;

/** The runtime list the preload exposes: every method of the contract, once (checked below). */
export const METHODS = [
  ...ACCESS_METHODS,
  ...PLATES_METHODS,
  ...DETECTIONS_METHODS,
  ...OCR_METHODS,
  ...SYNC_METHODS,
  ...AUDIT_METHODS,
  ...MAP_METHODS,
  ...HOTLISTS_METHODS,
  ...CASES_METHODS,
  ...EVIDENCE_METHODS,
  ...DOCUMENTS_METHODS,
  ...RELEASES_METHODS,
  ...RETENTION_METHODS,
] as const satisfies readonly Method[];

export const EVENTS = [
  'session.storeUpgrade',
  'session.locked',
  'session.ended',
  'sync.progress',
  'sync.finished',
  'ocr.progress',
  'ocr.finished',
  'hotlists.retroProgress',
  'hits.arrived',
  'search.cloneScanProgress',
  'evidence.progress',
  'evidence.finished',
  'releases.progress',
  'retention.progress',
  'retention.finished',
] as const satisfies readonly EventName[];

/** A compile error names any method or event a domain declares but does not list (or lists twice over). */
type Unlisted<All, Listed> = Exclude<All, Listed>;
const everyMethodListed: [Unlisted<Method, (typeof METHODS)[number]>] extends [never] ? true : never = true;
const everyEventListed: [Unlisted<EventName, (typeof EVENTS)[number]>] extends [never] ? true : never = true;
void everyMethodListed;
void everyEventListed;

export const CHANNEL_PREFIX = 'canvass:';

/** What the renderer sees on `window.canvass`. */
export type Bridge = {
  [M in Method]: (...args: Parameters<Contract[M]>) => Promise<Result<Returns<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};
