/**
 * Hot lists and hits (docs/hotlists.md): the lists, their entries and the approvals they need, the hits they
 * raised and the four verification states each hit is walked through, and the retro-hits found among the
 * detections already in the store. Every view of a list, an entry or a hit is ALPR data: purpose gate and
 * access log.
 */
import type { DescriptorComparison } from '../../main/core/hotlists/descriptors';
import type { CheckedEntryFields, EntryStatus } from '../../main/core/hotlists/entries';
import type {
  Disposition,
  HitAction,
  HitState,
  RejectReason,
  TransitionRequest,
} from '../../main/core/hotlists/hitStates';
import type { Banner } from '../../main/core/hotlists/staleness';
import type { MatchTier } from '../../main/core/plates/plateQuery';
import type { TransitionDetails } from '../../main/core/sync/protocol';
import type { Detection } from './detections';

export type {
  Banner,
  DescriptorComparison,
  Disposition,
  EntryStatus,
  HitAction,
  HitState,
  RejectReason,
  TransitionDetails,
};

export type HotlistInfo = {
  id: string;
  name: string;
  category: string;
  /** General lists come from a source (CA DOJ, NCIC, DMV) and are replaced whole at each refresh. */
  general: boolean;
  source: string;
  refreshedAt: string;
  ageHours: number;
  /** Older than the policy's refresh interval (general lists only). */
  stale: boolean;
  maxAgeHours: number;
  /** An agency-list entry entered without an expiry inactivates itself after this many days (policy). */
  entryExpiryDays: number;
  entries: Record<EntryStatus, number>;
};

export type EntryInfo = {
  id: number;
  listId: string;
  listName: string | null;
  plate: string;
  state: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  reason: string;
  caseNumber: string | null;
  synopsis: string | null;
  enteredBy: string | null;
  enteredByName: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  enteredAt: string;
  approvedAt: string | null;
  expiresOn: string | null;
  status: EntryStatus;
  /** Past its expiry: inactive whatever its status. */
  expired: boolean;
  /** Raises hits today: approved, not removed, not expired. */
  live: boolean;
  removedBy: string | null;
  removedAt: string | null;
  removalReason: string | null;
  /** Entered on this workstation and not yet known to the agency server. */
  local: boolean;
  listStale: boolean;
};

/** What a person types for an entry; the expiry defaults to the policy's (auto-inactivation after N days). */
export type EntryFieldsArgs = {
  plate: string;
  state: string;
  make?: string | null;
  model?: string | null;
  color?: string | null;
  body?: string | null;
  reason: string;
  caseNumber: string;
  synopsis: string;
  expiresOn?: string | null;
};

export type ChangeInfo = {
  key: string;
  kind: 'create' | 'update';
  entryId: number;
  listId: string;
  listName: string | null;
  fields: CheckedEntryFields;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'refused';
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
  /** The agency server's word on a decision it did not accept. */
  refusal: string | null;
  /** The entry as it stands (for an update: what would change). */
  current: EntryInfo | null;
  /** Whether the signed-in person may decide it, and if not, why. */
  canDecide: boolean;
  whyNot: string | null;
  /** Known to the agency server. */
  synced: boolean;
};

export type RetroHitInfo = {
  entryId: number;
  entryPlate: string | null;
  listName: string | null;
  detectionId: number;
  plate: string;
  state: string | null;
  seenAt: string;
  cameraName: string | null;
  tier: MatchTier;
  cost: number;
  explanation: string;
  foundAt: string;
};

export type HitSummary = {
  id: number;
  detectionId: number;
  entryId: number;
  plate: string;
  state: string | null;
  at: string;
  status: HitState;
  closedAt: string | null;
  disposition: Disposition | null;
  rejectReason: RejectReason | null;
  listId: string;
  listName: string | null;
  reason: string | null;
  cameraName: string | null;
  /** An alert nobody on this workstation has opened yet. */
  isNew: boolean;
  /** The kinds of warning the hit carries (stale list, entry removed or expired). */
  banners: Banner['kind'][];
  movedByName: string | null;
  movedAt: string | null;
  /** A transition made here that the agency server has not answered yet. */
  pending: boolean;
};

export type HitCounts = Record<HitState, number> & { closed: number; new: number; all: number };

export type HitsInbox = { hits: HitSummary[]; counts: HitCounts; truncated: boolean };

export type TransitionInfo = {
  key: string;
  action: HitAction;
  from: HitState;
  to: HitState;
  at: string;
  username: string;
  fullName: string;
  workstation: string | null;
  details: TransitionDetails;
  /** pending: not yet answered by the server; superseded: another workstation moved the hit first (see message). */
  sync: 'pending' | 'accepted' | 'superseded' | 'refused' | 'remote';
  message: string | null;
};

export type HitDetail = {
  hit: HitSummary;
  detection: Detection | null;
  entry: EntryInfo | null;
  list: HotlistInfo | null;
  descriptors: DescriptorComparison;
  /** One sentence: what agrees and what differs. */
  descriptorsText: string;
  banners: Banner[];
  trail: TransitionInfo[];
  /** The next step (the primary button), or null when the hit is closed. */
  next: HitAction | null;
  actions: HitAction[];
  /** A justification for differing descriptors is on the trail already. */
  justified: boolean;
  /** The signed-in person may move it (the investigator role). */
  canAct: boolean;
  /** The policy wants a live-query validation before any stop. */
  validationRequiredBeforeStop: boolean;
};

/** What a person did, saw and recorded with one transition (`from`: the state they saw the hit in). */
export type TransitionArgs = TransitionRequest & { hitId: number };

export type RetroProgress = {
  runId: number;
  listId: string | null;
  listName: string | null;
  phase: 'dictionary' | 'detections' | 'saving' | 'done';
  done: number;
  total: number;
  entries: number;
  found: number;
  status: 'running' | 'finished' | 'cancelled' | 'failed';
  message: string | null;
};

export type HitsArrived = { newAlerts: number; openAlerts: number; at: string };

export type HotlistsContract = {
  'hotlists.lists': () => HotlistInfo[];
  'hotlists.entries': (args: {
    listId?: string;
    plate?: string;
    status?: EntryStatus;
    limit?: number;
    offset?: number;
  }) => { entries: EntryInfo[]; total: number };
  'hotlists.entry': (args: { entryId: number }) => {
    entry: EntryInfo;
    changes: ChangeInfo[];
    retroHits: RetroHitInfo[];
    hits: HitSummary[];
  };
  'hotlists.enter': (args: { listId: string; fields: EntryFieldsArgs }) => ChangeInfo;
  'hotlists.proposeUpdate': (args: { entryId: number; fields: EntryFieldsArgs }) => ChangeInfo;
  'hotlists.remove': (args: { entryId: number; reason: string }) => EntryInfo;
  'hotlists.approvals': () => { pending: ChangeInfo[]; decided: ChangeInfo[] };
  'hotlists.decide': (args: { key: string; decision: 'approve' | 'refuse'; note?: string }) => ChangeInfo;
  'hotlists.retroCheck': (args: { listId: string }) => { runId: number };
  'hotlists.retroCancel': (args: { runId: number }) => { cancelling: boolean };
  'hotlists.retroStatus': () => RetroProgress | null;
  'hits.inbox': (args: { filter?: 'open' | 'closed' | 'all'; limit?: number }) => HitsInbox;
  'hits.get': (args: { hitId: number }) => HitDetail;
  'hits.transition': (args: TransitionArgs) => HitDetail;
  'hits.forDetection': (args: { detectionId: number }) => { hits: HitSummary[]; retro: RetroHitInfo[] };
  'hits.retro': (args: { limit?: number }) => RetroHitInfo[];
};

export const HOTLISTS_METHODS = [
  'hotlists.lists',
  'hotlists.entries',
  'hotlists.entry',
  'hotlists.enter',
  'hotlists.proposeUpdate',
  'hotlists.remove',
  'hotlists.approvals',
  'hotlists.decide',
  'hotlists.retroCheck',
  'hotlists.retroCancel',
  'hotlists.retroStatus',
  'hits.inbox',
  'hits.get',
  'hits.transition',
  'hits.forDetection',
  'hits.retro',
] as const satisfies readonly (keyof HotlistsContract)[];

export type HotlistsEvents = {
  'hotlists.retroProgress': RetroProgress;
  /** After a sync brought new alerts: announced without taking focus. */
  'hits.arrived': HitsArrived;
};
