import { z } from 'zod';
import { policyProfileSchema } from '../access/policy';
import { ROLES } from '../access/roles';
import { BODY_TYPES, COLORS } from '../plates/vehicle';
import { DISPOSITIONS, HIT_ACTIONS, HIT_STATES, REJECT_REASONS } from '../hotlists/hitStates';
import { ENTRY_STATUSES } from '../hotlists/entries';

/**
 * The agency-server sync protocol, version 1 (docs/sync-protocol.md): the wire records of every pull feed,
 * the page trailer, the push bodies and the typed errors. Both ends import these schemas, so the reference
 * server and the workstation cannot drift; the workstation validates every record once, at the edge.
 */
export const PROTOCOL_VERSION = 'v1';

/** Pulled in this order: policy and users first (they decide who may see the rest), detections before hits. */
export const FEEDS = ['policy', 'users', 'cameras', 'hotlists', 'detections', 'hits'] as const;
export type Feed = (typeof FEEDS)[number];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'an image reference is a lower-case SHA-256');
const plate = z.string().regex(/^[A-Z0-9]{1,8}$/, 'a plate is 1–8 capital letters and digits');
const usState = z.string().regex(/^[A-Z]{2}$/, 'a state is a two-letter postal code');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoTime = z.string().datetime({ offset: true });
const epochMs = z.number().int().min(946_684_800_000).max(4_102_444_800_000);

export const cameraDataSchema = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['fixed', 'mobile']),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  heading: z.string().max(16).nullable(),
});
export type CameraData = z.infer<typeof cameraDataSchema>;

export const detectionDataSchema = z.object({
  plate,
  state: usState.nullable(),
  seenAt: epochMs,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  cameraId: z.string().min(1).max(64),
  heading: z.string().max(16).nullable(),
  make: z.string().max(40).nullable(),
  model: z.string().max(40).nullable(),
  color: z.enum(COLORS).nullable(),
  body: z.enum(BODY_TYPES).nullable(),
  features: z.number().int().min(0).max(255),
  confidence: z.number().min(0).max(1),
  plateImage: sha256.nullable(),
  overviewImage: sha256.nullable(),
});
export type DetectionData = z.infer<typeof detectionDataSchema>;

/** Who made a change, as the server publishes it (the access log on each workstation has the rest). */
const actorSchema = z.object({
  username: z.string().min(1).max(64),
  fullName: z.string().max(200),
  workstation: z.string().max(100).nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * A hit: a detection that matched a hot-list entry, in its verification state (core/hotlists/hitStates.ts).
 * `listRefreshedAt` is when the list that raised it had last been refreshed (a stale list's hit says so);
 * `movedBy`/`movedAt`/`lastKey` name the last transition the server accepted (its outbox key), so a workstation
 * can tell its own transitions from another's.
 */
export const hitDataSchema = z.object({
  detectionId: z.number().int().positive(),
  entryId: z.number().int().positive(),
  listId: z.string().min(1).max(32),
  plate,
  state: usState.nullable(),
  at: epochMs,
  status: z.enum(HIT_STATES),
  rejectReason: z.enum(REJECT_REASONS).nullable().default(null),
  disposition: z.enum(DISPOSITIONS).nullable().default(null),
  closedAt: isoTime.nullable().default(null),
  listRefreshedAt: isoTime.nullable().default(null),
  movedBy: actorSchema.nullable().default(null),
  movedAt: isoTime.nullable().default(null),
  lastKey: z.string().max(100).nullable().default(null),
});
export type HitData = z.infer<typeof hitDataSchema>;

/** What a person recorded with a transition: the side-by-side comparison, the live query, the confirmation. */
export const transitionDetailsSchema = z.object({
  compared: z
    .object({
      characters: z.enum(['match', 'differ']),
      state: z.enum(['match', 'differ', 'unreadable']),
    })
    .nullable()
    .default(null),
  reason: z.enum(REJECT_REASONS).nullable().default(null),
  disposition: z.enum(DISPOSITIONS).nullable().default(null),
  justification: z.string().max(2000).nullable().default(null),
  reference: z.string().max(100).nullable().default(null),
  referenceAt: isoTime.nullable().default(null),
  entryActive: z.boolean().nullable().default(null),
  confirmedBy: z.string().max(200).nullable().default(null),
  confirmedHow: z.string().max(200).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
  /** What the person was shown: the descriptor comparison and the banners, as a small JSON object. */
  observed: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type TransitionDetails = z.infer<typeof transitionDetailsSchema>;

/**
 * One transition of a hit, as the server recorded it: `outcome` says whether it took effect (`accepted`), came
 * after another workstation had moved the hit (`superseded`, with the server's message naming who), or broke a rule
 * the server checks again (`refused`, with why).
 */
export const hitTransitionDataSchema = transitionDetailsSchema.extend({
  hitId: z.number().int().positive(),
  key: z.string().min(8).max(100),
  action: z.enum(HIT_ACTIONS),
  from: z.enum(HIT_STATES),
  to: z.enum(HIT_STATES),
  by: actorSchema,
  at: isoTime,
  outcome: z.enum(['accepted', 'superseded', 'refused']),
  message: z.string().max(500).nullable().default(null),
});
export type HitTransitionData = z.infer<typeof hitTransitionDataSchema>;

export const HOTLIST_CATEGORIES = ['SVS', 'SLR', 'SFR', 'DMV', 'BOLO'] as const;
export type HotlistCategory = (typeof HOTLIST_CATEGORIES)[number];

export const hotlistDataSchema = z.object({
  name: z.string().min(1).max(200),
  category: z.enum(HOTLIST_CATEGORIES),
  /** General lists come from state/federal sources and are replaced whole at each refresh; local lists are the agency's own. */
  general: z.boolean(),
  source: z.string().max(200),
  refreshedAt: isoTime,
});
export type HotlistData = z.infer<typeof hotlistDataSchema>;

/** The fields a person enters for an entry of an agency list (core/hotlists/entries.ts checks them). */
export const entryFieldsSchema = z.object({
  plate,
  state: usState,
  make: z.string().max(40).nullable(),
  model: z.string().max(40).nullable(),
  color: z.enum(COLORS).nullable(),
  body: z.enum(BODY_TYPES).nullable(),
  reason: z.string().min(3).max(200),
  caseNumber: z.string().min(2).max(40),
  synopsis: z.string().min(10).max(1000),
  expiresOn: isoDate,
});
export type EntryFieldsData = z.infer<typeof entryFieldsSchema>;

/**
 * An entry of a list. General lists' entries are active by construction; an agency list's entry is `pending`
 * until the ALPR administrator approves it, and `removed` with who, when and why. `requestKey` is the outbox key
 * of the workstation push that created it, so the workstation that entered it recognises it.
 */
export const hotlistEntryDataSchema = z.object({
  listId: z.string().min(1).max(32),
  plate,
  state: usState.nullable(),
  make: z.string().max(40).nullable(),
  model: z.string().max(40).nullable(),
  color: z.enum(COLORS).nullable(),
  body: z.enum(BODY_TYPES).nullable().default(null),
  reason: z.string().max(200),
  caseNumber: z.string().max(40).nullable(),
  synopsis: z.string().max(1000).nullable(),
  enteredBy: z.string().max(100).nullable(),
  approvedBy: z.string().max(100).nullable(),
  enteredAt: isoTime,
  expiresOn: isoDate.nullable(),
  status: z.enum(ENTRY_STATUSES).default('active'),
  approvedAt: isoTime.nullable().default(null),
  removedBy: z.string().max(100).nullable().default(null),
  removedAt: isoTime.nullable().default(null),
  removalReason: z.string().max(500).nullable().default(null),
  requestKey: z.string().max(100).nullable().default(null),
});
export type HotlistEntryData = z.infer<typeof hotlistEntryDataSchema>;

/**
 * A change of an agency list awaiting (or past) its decision: a new entry (the administrator approves it) or an
 * update of one (the entering member's supervisor approves it). `refusal` is the server's word on the last
 * decision pushed for it that it did not accept (e.g. an approver who is not the supervisor on the server).
 */
export const hotlistChangeDataSchema = z.object({
  key: z.string().min(8).max(100),
  kind: z.enum(['create', 'update']),
  entryId: z.number().int().positive(),
  listId: z.string().min(1).max(32),
  fields: entryFieldsSchema,
  requestedBy: actorSchema,
  requestedAt: isoTime,
  status: z.enum(['pending', 'approved', 'refused']),
  decidedBy: actorSchema.nullable(),
  decidedAt: isoTime.nullable(),
  note: z.string().max(1000).nullable(),
  refusal: z.string().max(500).nullable().default(null),
});
export type HotlistChangeData = z.infer<typeof hotlistChangeDataSchema>;

export const trainingDataSchema = z.object({
  id: z.number().int().positive(),
  course: z.string().min(1).max(200),
  completedOn: isoDate,
  instructor: z.string().min(1).max(200),
  /** Ids of the policy's required topics the course covered (absent: none). */
  topics: z
    .array(z.string().regex(/^[a-z0-9_]{1,64}$/))
    .max(30)
    .optional(),
});

export const userDataSchema = z.object({
  username: z.string().min(1).max(64),
  fullName: z.string().min(1).max(200),
  badgeId: z.string().min(1).max(40),
  classification: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  training: z.array(trainingDataSchema),
  /** The username of the member's supervisor, who approves updates of the member's hot-list entries. */
  supervisor: z.string().min(1).max(64).nullable().default(null),
});
export type UserData = z.infer<typeof userDataSchema>;

export const policyDataSchema = z.object({
  agencyName: z.string().min(2).max(200),
  ori: z.string().max(16).nullable(),
  profile: policyProfileSchema,
});
export type PolicyData = z.infer<typeof policyDataSchema>;

/** The record kinds each feed carries, with their id type and data schema. */
export const RECORD_KINDS = {
  policy: { feed: 'policy', id: 'string', data: policyDataSchema },
  user: { feed: 'users', id: 'number', data: userDataSchema },
  camera: { feed: 'cameras', id: 'string', data: cameraDataSchema },
  hotlist: { feed: 'hotlists', id: 'string', data: hotlistDataSchema },
  hotlist_entry: { feed: 'hotlists', id: 'number', data: hotlistEntryDataSchema },
  hotlist_change: { feed: 'hotlists', id: 'number', data: hotlistChangeDataSchema },
  detection: { feed: 'detections', id: 'number', data: detectionDataSchema },
  hit: { feed: 'hits', id: 'number', data: hitDataSchema },
  hit_transition: { feed: 'hits', id: 'number', data: hitTransitionDataSchema },
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

export type RecordData = {
  policy: PolicyData;
  user: UserData;
  camera: CameraData;
  hotlist: HotlistData;
  hotlist_entry: HotlistEntryData;
  hotlist_change: HotlistChangeData;
  detection: DetectionData;
  hit: HitData;
  hit_transition: HitTransitionData;
};

/** One NDJSON line of a page: a record (id + version + data) or a tombstone (id + version + deleted). */
export type WireRecord<K extends RecordKind = RecordKind> =
  | { kind: K; id: number | string; version: number; data: RecordData[K] }
  | { kind: K; id: number | string; version: number; deleted: true };

/** The last line of every page. A page without it, or whose count disagrees, was cut short: fetch it again. */
export const pageTrailerSchema = z.object({
  page: z.object({
    feed: z.enum(FEEDS),
    count: z.number().int().min(0),
    /** Opaque; send it back as `after` to get the next page. */
    next: z.string().min(1).max(512),
    more: z.boolean(),
    /** Records the server still holds after this page (an estimate for progress and ETA). */
    remaining: z.number().int().min(0),
  }),
});
export type PageTrailer = z.infer<typeof pageTrailerSchema>['page'];

const envelopeSchema = z.object({
  kind: z.enum(Object.keys(RECORD_KINDS) as [RecordKind, ...RecordKind[]]),
  id: z.union([z.number().int().positive(), z.string().min(1).max(64)]),
  version: z.number().int().min(0),
  deleted: z.literal(true).optional(),
  data: z.unknown().optional(),
});

export type ParsedLine =
  { ok: true; record: WireRecord } | { ok: false; reason: string; id: string | null; kind: string | null };

/**
 * Validates one NDJSON line of a feed. Never throws: a malformed record is returned with the reason, so the
 * caller can quarantine it and go on with the page.
 */
export function parseRecordLine(line: string, feed: Feed): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not valid JSON', id: null, kind: null };
  }
  return parseRecordValue(raw, feed);
}

/** Validates one record already parsed from JSON (a page is parsed in one go). */
export function parseRecordValue(raw: unknown, feed: Feed): ParsedLine {
  // Fast path for the record that comes by the million; anything it does not accept goes through zod, which
  // gives the reason. A unit test holds the two to the same verdicts.
  if (isFastDetection(raw, feed)) return { ok: true, record: raw as WireRecord };
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) return { ok: false, reason: describe(env.error), id: idOf(raw), kind: kindOf(raw) };
  const { kind, id, version } = env.data;
  const spec = RECORD_KINDS[kind];
  if (spec.feed !== feed)
    return { ok: false, reason: `a ${kind} record does not belong to the ${feed} feed`, id: String(id), kind };
  if (typeof id !== spec.id) return { ok: false, reason: `a ${kind} id must be a ${spec.id}`, id: String(id), kind };
  if (env.data.deleted) return { ok: true, record: { kind, id, version, deleted: true } };
  const data = spec.data.safeParse(env.data.data);
  if (!data.success) return { ok: false, reason: describe(data.error), id: String(id), kind };
  return { ok: true, record: { kind, id, version, data: data.data } as WireRecord };
}

const PLATE_RE = /^[A-Z0-9]{1,8}$/;
const STATE_RE = /^[A-Z]{2}$/;
const SHA_RE = /^[0-9a-f]{64}$/;
const COLOR_SET: ReadonlySet<unknown> = new Set(COLORS);
const BODY_SET: ReadonlySet<unknown> = new Set(BODY_TYPES);
const DETECTION_KEYS = Object.keys(detectionDataSchema.shape).length;

function isInt(x: unknown, lo: number, hi: number): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;
}
function isNum(x: unknown, lo: number, hi: number): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi;
}
function isStr(x: unknown, min: number, max: number): boolean {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}
function nullOr(x: unknown, test: (x: unknown) => boolean): boolean {
  return x === null || test(x);
}

/** The detection schema, hand-checked: exactly what `detectionDataSchema` accepts, in a fraction of the time. */
export function isFastDetection(raw: unknown, feed: Feed): boolean {
  if (feed !== 'detections' || typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  if (
    r.kind !== 'detection' ||
    !isInt(r.id, 1, Number.MAX_SAFE_INTEGER) ||
    !isInt(r.version, 0, Number.MAX_SAFE_INTEGER) ||
    'deleted' in r
  )
    return false;
  const d = r.data as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  let keys = 0;
  for (const _ in d) keys++;
  return (
    keys === DETECTION_KEYS &&
    typeof d.plate === 'string' &&
    PLATE_RE.test(d.plate) &&
    nullOr(d.state, (x) => typeof x === 'string' && STATE_RE.test(x)) &&
    isInt(d.seenAt, 946_684_800_000, 4_102_444_800_000) &&
    isNum(d.lat, -90, 90) &&
    isNum(d.lon, -180, 180) &&
    isStr(d.cameraId, 1, 64) &&
    nullOr(d.heading, (x) => isStr(x, 0, 16)) &&
    nullOr(d.make, (x) => isStr(x, 0, 40)) &&
    nullOr(d.model, (x) => isStr(x, 0, 40)) &&
    nullOr(d.color, (x) => COLOR_SET.has(x)) &&
    nullOr(d.body, (x) => BODY_SET.has(x)) &&
    isInt(d.features, 0, 255) &&
    isNum(d.confidence, 0, 1) &&
    nullOr(d.plateImage, (x) => typeof x === 'string' && SHA_RE.test(x)) &&
    nullOr(d.overviewImage, (x) => typeof x === 'string' && SHA_RE.test(x))
  );
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function idOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function kindOf(raw: unknown): string | null {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : null;
}

// ---- Sign-in, enrollment and pushes ----

export const signInRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  /** An enrolled workstation proves itself with the credential it got at enrollment. */
  workstation: z.object({ id: z.string().min(1).max(64), secret: z.string().min(16).max(128) }).nullable(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const signInResponseSchema = z.object({
  token: z.string().min(16),
  expiresAt: isoTime,
  /** What the token may do: `enroll` (an administrator without an enrolled workstation) or `sync`. */
  scope: z.enum(['enroll', 'sync']),
  /**
   * For a sign-in with the workstation credential: the workstation's key-release secret (base64url, 32 bytes),
   * under which the workstation keeps a wrap of its store key. It lets a user's first sign-in on that
   * workstation open the store, and only after the server has checked the user. Null otherwise.
   */
  workstationKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .nullable(),
  user: z.object({
    id: z.number().int().positive(),
    username: z.string(),
    fullName: z.string(),
    roles: z.array(z.enum(ROLES)),
    version: z.number().int().min(0),
  }),
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const enrollRequestSchema = z.object({
  name: z.string().min(1).max(100),
  /** The root key of the workstation's forward-secure audit seals (hex): the server keeps it to verify them. */
  sealKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export const enrollResponseSchema = z.object({
  workstationId: z.string().min(1).max(64),
  secret: z.string().min(16).max(128),
  workstationKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  agencyName: z.string(),
  ori: z.string().nullable(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const auditLinkSchema = z.object({
  seq: z.number().int().positive(),
  body: z.string().min(2),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export const auditPushSchema = z.object({ links: z.array(auditLinkSchema).max(5000) });
export const auditPushResponseSchema = z.object({
  headSeq: z.number().int().min(0),
  headHash: z.string(),
  accepted: z.number().int(),
});

// ---- Anchors: the chain head, sent whenever it moves and the workstation is online ----

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const chainPoint = z.object({ seq: z.number().int().min(0), hash: hex64 });
export type ChainPoint = z.infer<typeof chainPoint>;

export const sealSchema = z.object({
  series: z.string().regex(/^[0-9a-f]{32}$/),
  epoch: z.number().int().min(0),
  seq: z.number().int().min(0),
  hash: hex64,
  prevTag: hex64,
  tag: hex64,
  at: z.string().max(40),
});
export type WireSeal = z.infer<typeof sealSchema>;

/**
 * `POST /v1/audit/anchor`, authenticated by the workstation credential alone (no user session: the head goes
 * out whenever the workstation is online). `head: null` asks for the anchor the server holds without moving it.
 * `continues` is the anchor the workstation last saw acknowledged; the server refuses a head that does not
 * continue its own anchor (ANCHOR_MISMATCH, with that anchor) unless the workstation reports the
 * `divergence`: what its log holds at the server's anchor (null: nothing, the records are gone).
 */
export const anchorRequestSchema = z.object({
  workstation: z.object({ id: z.string().min(1).max(64), secret: z.string().min(16).max(128) }),
  head: chainPoint.extend({ at: z.string().max(40) }).nullable(),
  continues: chainPoint.nullable(),
  seals: z.array(sealSchema).max(1000),
  divergence: z.object({ anchor: chainPoint, localHash: hex64.nullable() }).optional(),
});
export type AnchorRequest = z.infer<typeof anchorRequestSchema>;

export const anchorResponseSchema = z.object({
  anchor: chainPoint.extend({ receivedAt: z.string() }).nullable(),
  seals: z.object({ series: z.string(), epoch: z.number().int() }).nullable(),
});
export type AnchorResponse = z.infer<typeof anchorResponseSchema>;

/** The body of a 409 ANCHOR_MISMATCH: the error and the anchor the server holds. */
export const anchorMismatchSchema = z.object({
  error: z.object({ code: z.literal('ANCHOR_MISMATCH'), message: z.string() }),
  anchor: chainPoint,
});

/** Outbox items: anything the workstation hands to the server exactly once, keyed by a client-chosen id. */
export const OUTBOX_KINDS = [
  'hotlist_entry',
  'release_decision',
  'plate_correction',
  'hotlist_update',
  'hotlist_removal',
  'hotlist_approval',
  'hit_transition',
  'evidence_key',
  'evidence_booking',
  'evidence_custody',
  'legal_hold',
  'legal_hold_release',
  'audit_memo',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const pushItemSchema = z.object({
  key: z.string().min(8).max(100),
  kind: z.enum(OUTBOX_KINDS),
  body: z.record(z.string(), z.unknown()),
});

/**
 * The bodies of the hot-list pushes. `by` is the member who acted on the workstation (not necessarily the one
 * whose session runs the sync): the server checks that member's roles and supervisor itself.
 */
const actedSchema = z.object({ by: z.string().min(1).max(64), at: isoTime });
export const PUSH_BODIES = {
  hotlist_entry: actedSchema.extend({ listId: z.string().min(1).max(32), fields: entryFieldsSchema }),
  hotlist_update: actedSchema.extend({ entryId: z.number().int().positive(), fields: entryFieldsSchema }),
  hotlist_removal: actedSchema.extend({ entryId: z.number().int().positive(), reason: z.string().min(5).max(500) }),
  hotlist_approval: actedSchema.extend({
    changeKey: z.string().min(8).max(100),
    decision: z.enum(['approve', 'refuse']),
    note: z.string().max(1000).nullable(),
  }),
  hit_transition: actedSchema.merge(transitionDetailsSchema).extend({
    hitId: z.number().int().positive(),
    action: z.enum(HIT_ACTIONS),
    from: z.enum(HIT_STATES),
    /** The server's version of the hit the first of this workstation's pending transitions started from. */
    baseVersion: z.number().int().min(0),
    /** The previous pending transition of the same hit on this workstation (null for the first). */
    prevKey: z.string().min(8).max(100).nullable(),
  }),
} as const;
export type PushBody<K extends keyof typeof PUSH_BODIES> = z.infer<(typeof PUSH_BODIES)[K]>;

/**
 * `refused`: the server recorded the item and did not apply it (a decision by someone the server does not let
 * make it); `superseded`: a hit transition that came after another workstation's. Either way the item is
 * delivered (the client does not send it again) and the feed brings the server's state and its message.
 */
/**
 * `legal_hold` / `legal_hold_release` (retention): a hold placed on this workstation, with the detections it keeps
 * at placement, so the agency server does not purge them either; and its release, with the reason.
 */
export const legalHoldPushSchema = z.object({
  holdKey: z.string().min(8).max(100),
  kind: z.enum(['case', 'court_order', 'records']),
  caseNumber: z.string().min(1).max(40).nullable(),
  authority: z.string().min(3).max(300),
  reason: z.string().min(3).max(1000),
  reviewOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  placedBy: z.string().min(1).max(64),
  placedAt: isoTime,
  detectionIds: z.array(z.number().int().positive()).max(100_000),
});
export const legalHoldReleasePushSchema = z.object({
  holdKey: z.string().min(8).max(100),
  releasedBy: z.string().min(1).max(64),
  releasedAt: isoTime,
  reason: z.string().min(3).max(1000),
});

/** `evidence_key`: the workstation's evidence key, registered so anyone can check its packages against the agency. */
export const evidenceKeyPushSchema = z.object({
  algorithm: z.literal('ed25519'),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  publicKeyPem: z.string().startsWith('-----BEGIN PUBLIC KEY-----').max(1000),
  createdAt: isoTime,
});

/** `evidence_booking`: a booked package; the server checks the tag manifest's hash and the signature over it. */
export const evidenceBookingPushSchema = z.object({
  itemNumber: z.string().min(3).max(60),
  caseNumber: z.string().min(1).max(40),
  technician: z.string().min(1).max(64),
  bookedAt: isoTime,
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  tagManifest: z.string().min(1).max(100_000),
  tagManifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  files: z.number().int().positive(),
  bytes: z.number().int().positive(),
  folder: z.string().min(1).max(200),
  detectionIds: z.array(z.number().int().positive()).max(5000),
});

/** `evidence_custody`: a chain-of-custody entry of a booked package. */
export const evidenceCustodyPushSchema = z.object({
  itemNumber: z.string().min(3).max(60),
  at: isoTime,
  action: z.string().min(2).max(60),
  fromPerson: z.string().max(120).nullable(),
  toPerson: z.string().min(2).max(120),
  recordedBy: z.string().min(1).max(64),
  recordedAt: isoTime,
  location: z.string().max(200).nullable(),
  note: z.string().max(500).nullable(),
});

export const pushItemResponseSchema = z.object({
  key: z.string(),
  status: z.enum(['accepted', 'duplicate', 'refused', 'superseded']),
  serverId: z.number().int(),
  message: z.string().max(500).nullable().optional(),
});

export const SERVER_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'WRONG_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'TRAINING_EXPIRED',
  'FORBIDDEN',
  'WORKSTATION_NOT_ENROLLED',
  'NOT_FOUND',
  'CHAIN_CONFLICT',
  'ANCHOR_MISMATCH',
  'SEAL_INVALID',
  'TOO_LARGE',
  'RATE_LIMITED',
  'MAINTENANCE',
  'INTERNAL',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export const serverErrorSchema = z.object({
  error: z.object({ code: z.enum(SERVER_ERROR_CODES), message: z.string() }),
});

/**
 * An audit memorandum signed (and, in a second item, filed by the custodian): the audit, its period, what it found and
 * the memo's document id and SHA-256. No plate and no inquiry: the memo itself stays on the workstation.
 */
export const auditMemoPushSchema = z.object({
  number: z.string().min(3).max(40),
  step: z.enum(['signed', 'filed']),
  periodFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  periodTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.enum(['canvass', 'imported']),
  population: z.number().int().min(0),
  reviewed: z.number().int().min(0),
  findings: z.number().int().min(0),
  documentId: z.string().min(1).max(120),
  pdfSha256: z.string().regex(/^[0-9a-f]{64}$/),
  by: z.string().min(1).max(64),
  at: isoTime,
});
export type AuditMemoPush = z.infer<typeof auditMemoPushSchema>;
