import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DETECTION_DATA_SELECT, DETECTION_JSON_PAIRS } from '../../../main/store/repos/detectionColumns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { linkMaterial } from '../../../main/core/audit/chain';
import { sealSeries, verifySeals, type HmacHex, type Seal } from '../../../main/core/audit/seal';
import { trainingStatus } from '../../../main/core/access/training';
import {
  anchorRequestSchema,
  auditPushSchema,
  enrollRequestSchema,
  FEEDS,
  pushItemSchema,
  RECORD_KINDS,
  signInRequestSchema,
  type DetectionData,
  type Feed,
  type HitData,
  type HotlistEntryData,
  type PolicyData,
  type RecordKind,
  type ServerErrorCode,
  type SignInResponse,
  type UserData,
  type WireSeal,
} from '../../../main/core/sync/protocol';
import { type AgencyDataset } from '../generator/dataset';
import { renderDetectionImages } from '../generator/images';
import { checkPassword, datasetFor, lastDetection, seedInfo } from './seed';
import { applyHotlistPush, HOTLIST_PUSH_KINDS, PushRejected, type HotlistPushKind, type PushOutcome } from './hotlists';
import { agencyLogPage } from './agencyLog';
import { acceptEvidencePush, evidenceBookings, evidenceKeys, evidenceSchema } from './evidence';
import { acceptHoldPush, HELD_ON_SERVER, holdsSchema, legalHolds } from './holds';
import { acceptAuditMemoPush, auditMemos, auditMemosSchema } from './auditMemos';
import {
  deleteRecord,
  detectionInserter,
  getRecord,
  headRev,
  listRecords,
  nextRevs,
  openAgencyStore,
  putRecord,
  type AgencyStore,
} from './store';

/**
 * The reference agency server: protocol v1 (docs/sync-protocol.md) over node:http on loopback, backed by its
 * own SQLite store. Test hooks (fault injection, purges, new traffic, user changes) exist only when the
 * server is started with `testHooks: true` (`--test-hooks` on the command line).
 */
export type FaultKind = 'drop' | '500' | '503' | '429' | 'malformed-page' | 'corrupt-record' | 'slow' | 'corrupt-image';
export type Fault = {
  kind: FaultKind;
  feed?: Feed | 'images';
  times?: number;
  skip?: number;
  retryAfterS?: number;
  delayMs?: number;
};

export type AgencyServerOptions = {
  dataDir: string;
  port?: number;
  host?: string;
  testHooks?: boolean;
  clock?: () => number;
  tokenTtlMs?: number;
  maxPage?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP on loopback. */
  tls?: { key: string; cert: string };
  /** General hot lists are re-published this often (default 24 h), as the state sources refresh them. */
  hotlistRefreshHours?: number;
  /**
   * Cameras that keep only an overview photo (older fixed units, some mobile ones): their detections' images,
   * rendered on demand, carry no plate crop.
   */
  overviewOnlyCameras?: readonly string[];
};

type Principal = {
  userId: number;
  username: string;
  roles: string[];
  workstationId: string | null;
  scope: 'enroll' | 'sync';
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

class AnchorMismatch extends HttpError {
  constructor(
    readonly anchor: { seq: number; hash: string },
    message: string,
  ) {
    super(409, 'ANCHOR_MISMATCH', message);
  }
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const sealHmac: HmacHex = (keyHex, text) =>
  createHmac('sha256', Buffer.from(keyHex, 'hex')).update(text, 'utf8').digest('hex');

export class AgencyServer {
  readonly db: AgencyStore;
  url = '';
  /** Milliseconds spent inside request handlers: the server's own share of a sync. */
  serverMs = 0;
  requests = 0;
  private http: Server | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly faults: (Fault & { seen: number; fired: number })[] = [];
  private maintenance: { retryAfterS: number } | null = null;
  private dataset: AgencyDataset | null = null;
  private appendBatches = 0;
  private readonly clock: () => number;
  private readonly tokenTtlMs: number;
  private readonly maxPage: number;

  constructor(private readonly options: AgencyServerOptions) {
    this.db = openAgencyStore(options.dataDir);
    evidenceSchema(this.db);
    holdsSchema(this.db);
    auditMemosSchema(this.db);
    this.clock = options.clock ?? Date.now;
    this.tokenTtlMs = options.tokenTtlMs ?? 15 * 60_000;
    this.maxPage = options.maxPage ?? 50_000;
  }

  async listen(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server: Server = this.options.tls ? createTlsServer(this.options.tls, handler) : createServer(handler);
    server.keepAliveTimeout = 30_000;
    this.http = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const every = (this.options.hotlistRefreshHours ?? 24) * 3_600_000;
    this.refreshStaleLists(every);
    this.refreshTimer = setInterval(() => this.refreshStaleLists(every), Math.min(every, 3_600_000));
    this.refreshTimer.unref();
    const { port, address } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    this.url = `${this.options.tls ? 'https' : 'http'}://${host}:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    const server = this.http;
    this.http = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.db.close();
  }

  // ---- Test hooks (also reachable over HTTP with testHooks) ----

  injectFault(fault: Fault): void {
    this.faults.push({ times: 1, skip: 0, ...fault, seen: 0, fired: 0 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  setMaintenance(retryAfterS: number | null): void {
    this.maintenance = retryAfterS === null ? null : { retryAfterS };
  }

  /** New traffic: `count` detections after the newest one, up to now, with the hits they raise. */
  appendDetections(count: number): { firstId: number; lastId: number } {
    const info = seedInfo(this.db);
    if (!info) throw new Error('the agency store is not seeded');
    this.dataset ??= datasetFor(info);
    const last = lastDetection(this.db);
    const { detections, hits } = this.dataset.appended(
      count,
      last.id + 1,
      last.hitId + 1,
      last.seenAt,
      Math.max(this.clock(), last.seenAt + 60_000),
      ++this.appendBatches + last.id,
    );
    const insert = detectionInserter(this.db);
    this.db.transaction(() => {
      const first = nextRevs(this.db, 'detections', detections.length);
      detections.forEach((d, i) => insert({ id: d.id, rev: first + i, version: 1, data: d.data }));
      for (const h of hits) {
        // The list as the server holds it now raised the hit: a stale list's hit says so.
        const list = getRecord<{ general: boolean; refreshedAt: string }>(this.db, 'hotlist', h.data.listId)?.data;
        const data = { ...h.data, listRefreshedAt: list?.general ? list.refreshedAt : null };
        putRecord(this.db, 'hit', 'hits', h.id, data, h.data.at);
      }
    })();
    return { firstId: last.id + 1, lastId: last.id + count };
  }

  /**
   * A camera reads `vehicle` now (or at `at`): one new detection, and a fresh alert for each live entry of its plate,
   * raised from the lists as the server holds them (a stale list's hit says so). For tests of hits.
   */
  appendSighting(
    vehicle: Pick<DetectionData, 'plate' | 'state' | 'make' | 'model' | 'color' | 'body' | 'features'>,
    cameraId: string,
    at = this.clock(),
  ): { detectionId: number; hitIds: number[] } {
    const last = lastDetection(this.db);
    const camera = getRecord<{ lat: number; lon: number; heading: string | null }>(this.db, 'camera', cameraId)?.data;
    if (!camera) throw new Error(`no camera ${cameraId}`);
    const id = last.id + 1;
    const data: DetectionData = {
      ...vehicle,
      seenAt: at,
      lat: camera.lat,
      lon: camera.lon,
      cameraId,
      heading: camera.heading,
      confidence: 0.97,
      plateImage: null,
      overviewImage: null,
    };
    const hitIds: number[] = [];
    this.db.transaction(() => {
      detectionInserter(this.db)({ id, rev: nextRevs(this.db, 'detections'), version: 1, data });
      for (const e of listRecords<HotlistEntryData>(this.db, 'hotlist_entry')) {
        if (e.data.plate !== vehicle.plate || e.data.status !== 'active') continue;
        const list = getRecord<{ general: boolean; refreshedAt: string }>(this.db, 'hotlist', e.data.listId)?.data;
        const hitId = last.hitId + 1 + hitIds.length;
        const hit: HitData = {
          detectionId: id,
          entryId: Number(e.id),
          listId: e.data.listId,
          plate: vehicle.plate,
          state: vehicle.state,
          at,
          status: 'alert',
          rejectReason: null,
          disposition: null,
          closedAt: null,
          listRefreshedAt: list?.general ? list.refreshedAt : null,
          movedBy: null,
          movedAt: null,
          lastKey: null,
        };
        putRecord(this.db, 'hit', 'hits', hitId, hit, at);
        hitIds.push(hitId);
      }
    })();
    return { detectionId: id, hitIds };
  }

  /** A retention purge: detections (and their hits) seen before `beforeMs` become tombstones. */
  purgeBefore(beforeMs: number): number {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare(
          `SELECT id, version FROM detections WHERE deleted = 0 AND seen_at < ? AND NOT ${HELD_ON_SERVER} ORDER BY id`,
        )
        .all(beforeMs) as { id: number; version: number }[];
      if (ids.length === 0) return 0;
      let rev = nextRevs(this.db, 'detections', ids.length);
      const stmt = this.db.prepare(
        `UPDATE detections SET deleted = 1, rev = ?, version = ?, plate = NULL, state = NULL, lat = NULL, lon = NULL, camera_id = NULL,
           heading = NULL, make = NULL, model = NULL, color = NULL, body = NULL, features = NULL, confidence = NULL,
           plate_image = NULL, overview_image = NULL WHERE id = ?`,
      );
      for (const r of ids) stmt.run(rev++, r.version + 1, r.id);
      const hits = this.db
        .prepare("SELECT id FROM records WHERE kind = 'hit' AND deleted = 0 AND at < ?")
        .all(beforeMs) as { id: string }[];
      for (const h of hits) deleteRecord(this.db, 'hit', 'hits', h.id);
      return ids.length;
    })();
  }

  updateUser(
    username: string,
    patch: { disabled?: boolean; trainingCompletedOn?: string; classification?: string },
  ): UserData {
    const row = this.db.prepare('SELECT user_id AS id FROM credentials WHERE username = ?').get(username) as
      { id: number } | undefined;
    if (!row) throw new Error(`no user ${username}`);
    const rec = getRecord<UserData>(this.db, 'user', row.id)!;
    const data = { ...rec.data };
    if (patch.disabled !== undefined) data.disabled = patch.disabled;
    if (patch.classification !== undefined) data.classification = patch.classification;
    if (patch.trainingCompletedOn) {
      const id = Math.max(0, ...data.training.map((t) => t.id)) + 1;
      data.training = [
        ...data.training,
        {
          id,
          course: 'SMPD ALPR refresher (Policy 462)',
          completedOn: patch.trainingCompletedOn,
          instructor: 'Sgt. R. Okafor',
        },
      ];
    }
    this.db.transaction(() => putRecord(this.db, 'user', 'users', row.id, data))();
    return data;
  }

  /** A daily refresh of a general hot list: the newest list replaces the old, so dropped entries become tombstones. */
  refreshHotlist(listId: string, keep: (entry: { id: string }) => boolean): { removed: number } {
    let removed = 0;
    this.db.transaction(() => {
      for (const e of listRecords<{ listId: string }>(this.db, 'hotlist_entry')) {
        if (e.data.listId === listId && !keep(e)) {
          deleteRecord(this.db, 'hotlist_entry', 'hotlists', e.id);
          removed++;
        }
      }
      const list = getRecord<Record<string, unknown>>(this.db, 'hotlist', listId);
      if (list)
        putRecord(this.db, 'hotlist', 'hotlists', listId, {
          ...list.data,
          refreshedAt: new Date(this.clock()).toISOString(),
        });
    })();
    return { removed };
  }

  /** Re-publishes general lists whose last refresh is older than `maxAgeMs` (the newest list replaces the old). */
  refreshStaleLists(maxAgeMs: number): string[] {
    const refreshed: string[] = [];
    for (const l of listRecords<{ general: boolean; refreshedAt: string }>(this.db, 'hotlist')) {
      if (l.data.general && this.clock() - Date.parse(l.data.refreshedAt) >= maxAgeMs) {
        this.refreshHotlist(l.id, () => true);
        refreshed.push(l.id);
      }
    }
    return refreshed;
  }

  /** The chain a workstation has pushed, as the server holds it. */
  auditChain(workstationId: string): { seq: number; body: string; prevHash: string; hash: string }[] {
    return this.db
      .prepare('SELECT seq, body, prev_hash AS prevHash, hash FROM audit_links WHERE workstation_id = ? ORDER BY seq')
      .all(workstationId) as { seq: number; body: string; prevHash: string; hash: string }[];
  }

  /** Evidence keys the workstations registered, and the packages they booked (with how many custody entries). */
  evidence(): { keys: ReturnType<typeof evidenceKeys>; bookings: ReturnType<typeof evidenceBookings> } {
    return { keys: evidenceKeys(this.db), bookings: evidenceBookings(this.db) };
  }

  /** Audit memoranda pushed by workstations: signed, then filed. */
  auditMemos(): ReturnType<typeof auditMemos> {
    return auditMemos(this.db);
  }

  /** Legal holds pushed by workstations (retention). */
  legalHolds(): ReturnType<typeof legalHolds> {
    return legalHolds(this.db);
  }

  pushes(): { key: string; kind: string; body: unknown; status: string }[] {
    return (
      this.db.prepare('SELECT key, kind, body, status FROM pushes ORDER BY rowid').all() as {
        key: string;
        kind: string;
        body: string;
        status: string;
      }[]
    ).map((p) => ({ ...p, body: JSON.parse(p.body) }));
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    this.requests++;
    try {
      const url = new URL(req.url ?? '/', 'http://agency.invalid');
      const path = url.pathname;
      if (!this.http) throw new HttpError(503, 'MAINTENANCE', 'The agency server is shutting down.', 5);
      if (this.maintenance && !path.startsWith('/v1/_test/')) {
        throw new HttpError(
          503,
          'MAINTENANCE',
          'The agency server is down for maintenance.',
          this.maintenance.retryAfterS,
        );
      }
      if (req.method === 'GET' && path === '/v1') return this.json(res, 200, this.about(), started);
      if (req.method === 'POST' && path === '/v1/session')
        return this.json(res, 200, this.signIn(await readJson(req)), started);
      if (req.method === 'POST' && path === '/v1/session/refresh')
        return this.json(res, 200, this.refresh(this.principal(req)), started);
      if (req.method === 'DELETE' && path === '/v1/session') {
        this.db.prepare('DELETE FROM sessions WHERE token = ?').run(bearer(req));
        return this.json(res, 200, { ok: true }, started);
      }
      if (req.method === 'POST' && path === '/v1/workstations')
        return this.json(res, 201, this.enroll(this.principal(req), await readJson(req)), started);
      const feed = /^\/v1\/feeds\/([a-z]+)$/.exec(path);
      if (req.method === 'GET' && feed) {
        const who = this.principal(req, 'sync');
        return await this.page(res, feed[1]!, url.searchParams, who, started);
      }
      const image = /^\/v1\/images\/([0-9a-f]{64})$/.exec(path);
      if (req.method === 'GET' && image) {
        this.principal(req, 'sync');
        return this.image(res, image[1]!, started);
      }
      const render = /^\/v1\/detections\/(\d+)\/images$/.exec(path);
      if (req.method === 'POST' && render) {
        this.principal(req, 'sync');
        return this.json(res, 200, await this.renderImages(Number(render[1])), started);
      }
      if (req.method === 'POST' && path === '/v1/audit')
        return this.json(res, 200, this.pushAudit(this.principal(req, 'sync'), await readJson(req)), started);
      if (req.method === 'POST' && path === '/v1/audit/anchor')
        return this.json(res, 200, this.anchor(await readJson(req)), started);
      const anchors = /^\/v1\/audit\/anchors\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && anchors) {
        const who = this.principal(req);
        if (!who.roles.includes('administrator'))
          throw new HttpError(403, 'FORBIDDEN', 'Only an ALPR administrator reads the anchors of a workstation.');
        return this.json(res, 200, this.anchorsOf(decodeURIComponent(anchors[1]!)), started);
      }
      if (req.method === 'GET' && path === '/v1/audit/agency') {
        const who = this.principal(req);
        if (!who.roles.some((r) => r === 'administrator' || r === 'records_custodian'))
          throw new HttpError(
            403,
            'FORBIDDEN',
            'Only an ALPR administrator or the custodian of records reads the agency-wide log.',
          );
        const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 5000) || 5000, 1), 20_000);
        return this.json(res, 200, agencyLogPage(this.db, url.searchParams.get('after') ?? '', limit), started);
      }
      if (req.method === 'POST' && path === '/v1/push')
        return this.json(res, 200, this.pushItem(this.principal(req, 'sync'), await readJson(req)), started);
      if (req.method === 'GET' && path === '/v1/evidence/keys') {
        this.principal(req);
        return this.json(res, 200, { keys: evidenceKeys(this.db) }, started);
      }
      if (path.startsWith('/v1/_test/') && this.options.testHooks)
        return this.json(res, 200, this.testHook(req.method ?? '', path, await readJson(req)), started);
      throw new HttpError(404, 'NOT_FOUND', `There is no ${req.method} ${path} in protocol v1.`);
    } catch (err) {
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(500, 'INTERNAL', 'The agency server failed to answer; try again later.');
      if (!this.db.open) return void res.destroy();
      if (!(err instanceof HttpError)) process.stderr.write(`agency server: ${(err as Error).stack}\n`);
      const headers: Record<string, string> = {};
      if (e.retryAfterS !== undefined) headers['retry-after'] = String(e.retryAfterS);
      const extra = err instanceof AnchorMismatch ? { anchor: { seq: err.anchor.seq, hash: err.anchor.hash } } : {};
      this.json(res, e.status, { error: { code: e.code, message: e.message }, ...extra }, started, headers);
    }
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    started: number,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    this.finish(res, status, 'application/json', Buffer.from(text), started, headers);
  }

  private finish(
    res: ServerResponse,
    status: number,
    type: string,
    body: Buffer,
    started: number,
    headers: Record<string, string> = {},
  ): void {
    const ms = performance.now() - started;
    this.serverMs += ms;
    res.writeHead(status, {
      'content-type': type,
      'content-length': String(body.length),
      'server-timing': `app;dur=${ms.toFixed(2)}`,
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  }

  private about(): unknown {
    const policy = getRecord<PolicyData>(this.db, 'policy', 'agency');
    return {
      protocol: 'v1',
      agency: policy?.data.agencyName ?? null,
      ori: policy?.data.ori ?? null,
      time: new Date(this.clock()).toISOString(),
      feeds: FEEDS,
    };
  }

  private userState(username: string): { id: number; data: UserData; salt: string; hash: string } | null {
    const cred = this.db
      .prepare('SELECT user_id AS id, salt, hash FROM credentials WHERE username = ?')
      .get(username) as { id: number; salt: string; hash: string } | undefined;
    if (!cred) return null;
    const rec = getRecord<UserData>(this.db, 'user', cred.id);
    return rec ? { ...cred, data: rec.data } : null;
  }

  /** The server's own refusals, the same ones the workstation applies offline. */
  private refuseIfInactive(u: { data: UserData }): void {
    if (u.data.disabled)
      throw new HttpError(
        403,
        'ACCOUNT_DISABLED',
        `The account ${u.data.username} is disabled on the agency server. Ask the ALPR administrator.`,
      );
    const { profile } = getRecord<PolicyData>(this.db, 'policy', 'agency')!.data;
    if (!profile.classifications.some((c) => c.id === u.data.classification)) {
      throw new HttpError(
        403,
        'FORBIDDEN',
        `The job classification of ${u.data.username} (${u.data.classification}) is not one the agency's ALPR policy lets use the system. Ask the ALPR administrator.`,
      );
    }
    const status = trainingStatus(
      u.data.training.map((t) => ({ completedOn: t.completedOn, topics: t.topics ?? [] })),
      { validity: profile.training.validity.period, requiredTopics: profile.training.topics.required },
      new Date(this.clock()),
      profile.timeZone,
    );
    if (!status.current) {
      throw new HttpError(
        403,
        'TRAINING_EXPIRED',
        status.lastCompletedOn === null
          ? `No ALPR training is on record for ${u.data.username}. Ask the ALPR administrator to record your training.`
          : status.missingTopics.length > 0
            ? `The ALPR training of ${u.data.username} does not cover: ${status.missingTopics.join('; ')}.`
            : `ALPR training of ${u.data.username} expired on ${status.expiresOn} — ask the ALPR administrator to record your refresher.`,
      );
    }
  }

  private signIn(body: unknown): SignInResponse {
    const parsed = signInRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new HttpError(
        400,
        'BAD_REQUEST',
        'Sign-in needs a username, a password and the workstation credential (or null).',
      );
    const { username, password, workstation } = parsed.data;
    const u = this.userState(username);
    if (!u || !checkPassword(password, u.salt, u.hash))
      throw new HttpError(401, 'WRONG_CREDENTIALS', 'The username or password is wrong.');
    this.refuseIfInactive(u);
    let scope: 'enroll' | 'sync' = 'sync';
    let workstationId: string | null = null;
    let workstationKey: string | null = null;
    if (workstation) {
      const ws = this.db
        .prepare('SELECT secret_hash AS h, store_key AS k FROM workstations WHERE id = ?')
        .get(workstation.id) as { h: string; k: string } | undefined;
      if (!ws || ws.h !== sha256Hex(workstation.secret)) {
        throw new HttpError(
          401,
          'WORKSTATION_NOT_ENROLLED',
          'This workstation is not enrolled with the agency server (or its enrollment was revoked). Ask the ALPR administrator to enroll it.',
        );
      }
      workstationId = workstation.id;
      workstationKey = ws.k || null;
    } else if (u.data.roles.includes('administrator')) {
      scope = 'enroll';
    } else {
      throw new HttpError(
        403,
        'WORKSTATION_NOT_ENROLLED',
        'This workstation is not enrolled with the agency server. An ALPR administrator must enroll it first.',
      );
    }
    return { ...this.issue(u.id, u.data, workstationId, scope), workstationKey };
  }

  private issue(
    userId: number,
    data: UserData,
    workstationId: string | null,
    scope: 'enroll' | 'sync',
  ): SignInResponse {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock() + this.tokenTtlMs;
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(this.clock());
    this.db
      .prepare('INSERT INTO sessions (token, user_id, workstation_id, scope, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(token, userId, workstationId, scope, expiresAt);
    const version = getRecord<UserData>(this.db, 'user', userId)!.version;
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      scope,
      workstationKey: null,
      user: { id: userId, username: data.username, fullName: data.fullName, roles: data.roles, version },
    };
  }

  private refresh(p: Principal): SignInResponse {
    const u = this.userState(p.username)!;
    return this.issue(p.userId, u.data, p.workstationId, p.scope);
  }

  private principal(req: IncomingMessage, scope?: 'sync'): Principal {
    const token = bearer(req);
    const row = token
      ? (this.db
          .prepare(
            'SELECT user_id AS userId, workstation_id AS workstationId, scope, expires_at AS exp FROM sessions WHERE token = ?',
          )
          .get(token) as
          { userId: number; workstationId: string | null; scope: 'enroll' | 'sync'; exp: number } | undefined)
      : undefined;
    if (!row || row.exp < this.clock())
      throw new HttpError(
        401,
        'UNAUTHENTICATED',
        'Sign in to the agency server again: the session is missing or expired.',
      );
    const rec = getRecord<UserData>(this.db, 'user', row.userId);
    if (!rec) throw new HttpError(401, 'UNAUTHENTICATED', 'The account no longer exists on the agency server.');
    this.refuseIfInactive({ data: rec.data });
    if (scope === 'sync' && row.scope !== 'sync')
      throw new HttpError(403, 'WORKSTATION_NOT_ENROLLED', 'Enroll this workstation before syncing.');
    return {
      userId: row.userId,
      username: rec.data.username,
      roles: rec.data.roles,
      workstationId: row.workstationId,
      scope: row.scope,
    };
  }

  private enroll(p: Principal, body: unknown): unknown {
    if (!p.roles.includes('administrator'))
      throw new HttpError(403, 'FORBIDDEN', 'Only an ALPR administrator can enroll a workstation.');
    const parsed = enrollRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', 'Enrollment needs a workstation name.');
    const id = `ws-${randomBytes(6).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const storeKey = randomBytes(32).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO workstations (id, name, secret_hash, enrolled_by, enrolled_at, store_key, seal_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        parsed.data.name,
        sha256Hex(secret),
        p.userId,
        new Date(this.clock()).toISOString(),
        storeKey,
        parsed.data.sealKey ?? null,
      );
    const policy = getRecord<PolicyData>(this.db, 'policy', 'agency')!.data;
    return { workstationId: id, secret, workstationKey: storeKey, agencyName: policy.agencyName, ori: policy.ori };
  }

  private takeFault(target: Feed | 'images'): (Fault & { seen: number; fired: number }) | null {
    for (const f of this.faults) {
      if (f.feed && f.feed !== target) continue;
      if (target === 'images' && f.kind !== 'corrupt-image' && !f.feed) continue;
      if (f.fired >= (f.times ?? 1)) continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      f.fired++;
      return f;
    }
    return null;
  }

  private async page(
    res: ServerResponse,
    feedName: string,
    q: URLSearchParams,
    _who: Principal,
    started: number,
  ): Promise<void> {
    if (!(FEEDS as readonly string[]).includes(feedName))
      throw new HttpError(404, 'NOT_FOUND', `There is no feed “${feedName}”.`);
    const feed = feedName as Feed;
    const limit = Math.min(this.maxPage, Math.max(1, Number(q.get('limit') ?? 1000) || 1000));
    const since = q.get('since') === null ? 0 : Number(q.get('since'));
    const after = decodeCursor(q.get('after'), feed);
    const fault = this.takeFault(feed);
    if (fault?.kind === '500')
      throw new HttpError(500, 'INTERNAL', 'Injected failure: the agency server failed to answer.');
    if (fault?.kind === '503')
      throw new HttpError(
        503,
        'MAINTENANCE',
        'Injected: the agency server is down for maintenance.',
        fault.retryAfterS ?? 1,
      );
    if (fault?.kind === '429')
      throw new HttpError(429, 'RATE_LIMITED', 'Too many requests; slow down.', fault.retryAfterS ?? 1);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 5_000));

    const lines: string[] = [];
    let next = after;
    this.db.transaction(() => {
      const head = headRev(this.db, feed);
      let lastRev = after;
      if (feed === 'detections') {
        // SQLite builds each line (json_object keeps the key order): the server stays a small share of a sync.
        const rows = this.db
          .prepare(
            `SELECT rev, CASE WHEN deleted = 1
                THEN json_object('kind', 'detection', 'id', id, 'version', version, 'deleted', json('true'))
                ELSE json_object('kind', 'detection', 'id', id, 'version', version, 'data', json_object(${DETECTION_JSON_PAIRS})) END
             FROM detections WHERE rev > ? AND rev <= ? AND (deleted = 1 OR seen_at >= ?) ORDER BY rev LIMIT ?`,
          )
          .raw()
          .all(after, head, since, limit) as [number, string][];
        for (const r of rows) {
          lastRev = r[0];
          lines.push(r[1]);
        }
      } else {
        const rows = this.db
          .prepare(
            'SELECT kind, id, rev, version, deleted, data FROM records WHERE feed = ? AND rev > ? AND rev <= ? AND (at IS NULL OR deleted = 1 OR at >= ?) ORDER BY rev LIMIT ?',
          )
          .all(feed, after, head, since, limit) as {
          kind: RecordKind;
          id: string;
          rev: number;
          version: number;
          deleted: number;
          data: string | null;
        }[];
        for (const r of rows) {
          lastRev = r.rev;
          const id = RECORD_KINDS[r.kind].id === 'number' ? Number(r.id) : r.id;
          lines.push(
            r.deleted
              ? JSON.stringify({ kind: r.kind, id, version: r.version, deleted: true })
              : `{"kind":${JSON.stringify(r.kind)},"id":${JSON.stringify(id)},"version":${r.version},"data":${r.data}}`,
          );
        }
      }
      const more = lines.length === limit && lastRev < head;
      next = more ? lastRev : head;
      lines.push(
        JSON.stringify({
          page: {
            feed,
            count: lines.length,
            next: encodeCursor(feed, next),
            more,
            remaining: Math.max(0, head - next),
          },
        }),
      );
    })();

    if (fault?.kind === 'corrupt-record' && lines.length > 1) {
      const i = Math.floor((lines.length - 1) / 2);
      lines[i] = lines[i]!.replace(/"plate":"[A-Z0-9]+"/, '"plate":"NOT A PLATE!"').replace(
        /"version":(\d+)/,
        '"version":"$1x"',
      );
    }
    let body = Buffer.from(lines.join('\n') + '\n');
    if (fault?.kind === 'malformed-page')
      body = Buffer.from(
        lines
          .slice(0, -1)
          .join('\n')
          .slice(0, Math.floor(body.length / 2)) + '\n{"page": {"feed": trunc',
      );
    if (fault?.kind === 'drop') {
      const ms = performance.now() - started;
      this.serverMs += ms;
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 3)));
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    this.finish(res, 200, 'application/x-ndjson', body, started);
  }

  /**
   * Images on demand (large sets are seeded without them): renders the plate crop and overview of one
   * detection, stores them, and gives the detection a new version carrying their SHA-256 references, which
   * it returns (and which the feed will deliver again, harmlessly).
   */
  private async renderImages(id: number): Promise<unknown> {
    const row = this.db.prepare('SELECT deleted, overview_image AS o FROM detections WHERE id = ?').get(id) as
      { deleted: number; o: string | null } | undefined;
    if (!row || row.deleted)
      throw new HttpError(404, 'NOT_FOUND', `The agency server holds no detection ${id} (it may have been purged).`);
    if (row.o === null) {
      const data = this.detectionData(id);
      const truth = this.db.prepare('SELECT true_plate AS t FROM truth WHERE detection_id = ?').get(id) as
        { t: string } | undefined;
      const [rendered, overview] = await renderDetectionImages(truth?.t ?? data.plate, data);
      const plate = this.options.overviewOnlyCameras?.includes(data.cameraId) ? null : rendered;
      this.db.transaction(() => {
        for (const img of plate ? [plate, overview] : [overview]) {
          this.db
            .prepare('INSERT OR IGNORE INTO images (sha256, kind, mime, bytes) VALUES (?, ?, ?, ?)')
            .run(img.sha256, img.kind, img.mime, img.bytes);
        }
        const rev = nextRevs(this.db, 'detections');
        this.db
          .prepare(
            'UPDATE detections SET plate_image = ?, overview_image = ?, version = version + 1, rev = ? WHERE id = ? AND overview_image IS NULL',
          )
          .run(plate?.sha256 ?? null, overview.sha256, rev, id);
      })();
    }
    const version = (this.db.prepare('SELECT version FROM detections WHERE id = ?').get(id) as { version: number })
      .version;
    return { record: { kind: 'detection', id, version, data: this.detectionData(id) } };
  }

  private detectionData(id: number): DetectionData {
    const r = this.db.prepare(`SELECT ${DETECTION_DATA_SELECT} FROM detections WHERE id = ?`).get(id) as DetectionData;
    return { ...r };
  }

  private image(res: ServerResponse, sha: string, started: number): void {
    const row = this.db.prepare('SELECT mime, bytes FROM images WHERE sha256 = ?').get(sha) as
      { mime: string; bytes: Buffer } | undefined;
    if (!row) throw new HttpError(404, 'NOT_FOUND', `The agency server has no image ${sha}.`);
    let bytes = row.bytes;
    const fault = this.takeFault('images');
    if (fault?.kind === 'corrupt-image') {
      bytes = Buffer.from(bytes);
      const mid = bytes.length >> 1;
      bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    }
    // A slow link to the agency (`{ kind: 'slow', feed: 'images' }`): the image arrives after the delay.
    if (fault?.kind === 'slow') {
      const delayed = bytes;
      setTimeout(
        () => this.finish(res, 200, row.mime, delayed, started, { 'x-content-sha256': sha }),
        fault.delayMs ?? 5_000,
      );
      return;
    }
    this.finish(res, 200, row.mime, bytes, started, { 'x-content-sha256': sha });
  }

  /** Appends a workstation's audit links after checking each continues the chain the server already holds. */
  private pushAudit(p: Principal, body: unknown): unknown {
    const parsed = auditPushSchema.safeParse(body);
    if (!parsed.success)
      throw new HttpError(400, 'BAD_REQUEST', 'An audit push is { links: [{ seq, body, prevHash, hash }] }.');
    const ws = p.workstationId!;
    return this.db.transaction(() => {
      const headRow = this.db
        .prepare('SELECT seq, hash FROM audit_links WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1')
        .get(ws) as { seq: number; hash: string } | undefined;
      let head = headRow ?? { seq: 0, hash: '0'.repeat(64) };
      let accepted = 0;
      const insert = this.db.prepare(
        'INSERT INTO audit_links (workstation_id, seq, body, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const now = new Date(this.clock()).toISOString();
      for (const link of parsed.data.links) {
        if (link.seq <= head.seq) {
          const held = this.db
            .prepare('SELECT hash FROM audit_links WHERE workstation_id = ? AND seq = ?')
            .get(ws, link.seq) as { hash: string } | undefined;
          if (held?.hash !== link.hash)
            throw new HttpError(
              409,
              'CHAIN_CONFLICT',
              `Audit record ${link.seq} differs from the one this workstation pushed before: the local log was altered.`,
            );
          continue;
        }
        if (link.seq !== head.seq + 1)
          throw new HttpError(
            409,
            'CHAIN_CONFLICT',
            `Audit records ${head.seq + 1}–${link.seq - 1} are missing from the push.`,
          );
        if (link.prevHash !== head.hash)
          throw new HttpError(409, 'CHAIN_CONFLICT', `Audit record ${link.seq} does not follow record ${head.seq}.`);
        if (sha256Hex(linkMaterial(link.prevHash, link.seq, link.body)) !== link.hash)
          throw new HttpError(409, 'CHAIN_CONFLICT', `Audit record ${link.seq} does not match its hash.`);
        insert.run(ws, link.seq, link.body, link.prevHash, link.hash, now);
        head = { seq: link.seq, hash: link.hash };
        accepted++;
      }
      return { headSeq: head.seq, headHash: head.hash, accepted };
    })();
  }

  /** A workstation, by its credential alone (anchors need no user session). */
  private workstationBy(cred: { id: string; secret: string }): { id: string; sealKey: string | null } {
    const ws = this.db.prepare('SELECT secret_hash AS h, seal_key AS k FROM workstations WHERE id = ?').get(cred.id) as
      { h: string; k: string | null } | undefined;
    if (!ws || ws.h !== sha256Hex(cred.secret))
      throw new HttpError(
        401,
        'WORKSTATION_NOT_ENROLLED',
        'This workstation is not enrolled with the agency server (or its enrollment was revoked).',
      );
    return { id: cred.id, sealKey: ws.k };
  }

  private currentAnchor(ws: string): { seq: number; hash: string; receivedAt: string } | null {
    return (
      (this.db
        .prepare(
          'SELECT seq, hash, received_at AS receivedAt FROM audit_anchors WHERE workstation_id = ? ORDER BY rowid DESC LIMIT 1',
        )
        .get(ws) as { seq: number; hash: string; receivedAt: string } | undefined) ?? null
    );
  }

  /**
   * Keeps the workstation's chain head (docs/sync-protocol.md, "Anchors"): a head that does not continue the
   * anchor held is refused with that anchor, unless the workstation reports what its log holds there (the
   * divergence is kept with the new anchor, for the agency's auditors). Seals are checked against the root key
   * the workstation handed over at enrollment, from the first epoch on.
   */
  private anchor(body: unknown): unknown {
    const parsed = anchorRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new HttpError(400, 'BAD_REQUEST', 'An anchor is { workstation, head, continues, seals }.');
    const { head, continues, seals, divergence } = parsed.data;
    const ws = this.workstationBy(parsed.data.workstation);
    return this.db.transaction(() => {
      const held = this.currentAnchor(ws.id);
      if (head) {
        const same = held && held.seq === head.seq && held.hash === head.hash;
        const continuesHeld = held && continues && continues.seq === held.seq && continues.hash === held.hash;
        const reported =
          held && divergence && divergence.anchor.seq === held.seq && divergence.anchor.hash === held.hash;
        if (held && !same && !continuesHeld && !reported)
          throw new AnchorMismatch(
            held,
            `The agency server holds this workstation's chain head at record ${held.seq}; the head sent does not say it continues it.`,
          );
        if (!same && continuesHeld && head.seq < held.seq)
          throw new AnchorMismatch(held, `A chain head cannot go back from record ${held.seq} to ${head.seq}.`);
        if (!same)
          this.db
            .prepare(
              'INSERT INTO audit_anchors (workstation_id, seq, hash, at, received_at, divergence) VALUES (?, ?, ?, ?, ?, ?)',
            )
            .run(
              ws.id,
              head.seq,
              head.hash,
              head.at,
              new Date(this.clock()).toISOString(),
              reported ? JSON.stringify(divergence) : null,
            );
      }
      const sealed = seals.length ? this.acceptSeals(ws, seals) : this.lastSealOf(ws.id);
      return { anchor: this.currentAnchor(ws.id), seals: sealed };
    })();
  }

  private lastSealOf(ws: string): { series: string; epoch: number } | null {
    return (
      (this.db
        .prepare('SELECT series, epoch FROM audit_seals WHERE workstation_id = ? ORDER BY rowid DESC LIMIT 1')
        .get(ws) as { series: string; epoch: number } | undefined) ?? null
    );
  }

  private acceptSeals(
    ws: { id: string; sealKey: string | null },
    seals: WireSeal[],
  ): { series: string; epoch: number } {
    if (!ws.sealKey)
      throw new HttpError(409, 'SEAL_INVALID', 'This workstation handed over no sealing key at enrollment.');
    const series = sealSeries(sealHmac, ws.sealKey);
    if (seals.some((s) => s.series !== series))
      throw new HttpError(409, 'SEAL_INVALID', 'These seals belong to another series than the one enrolled here.');
    const held = this.db
      .prepare(
        'SELECT epoch, seq, hash, prev_tag AS prevTag, tag, at FROM audit_seals WHERE workstation_id = ? AND series = ? ORDER BY epoch',
      )
      .all(ws.id, series) as Seal[];
    const fresh = seals.filter((s) => s.epoch >= held.length);
    const links = this.db.prepare('SELECT hash FROM audit_links WHERE workstation_id = ? AND seq = ?');
    const verdict = verifySeals(sealHmac, ws.sealKey, [...held, ...fresh], (seq) => {
      const link = links.get(ws.id, seq) as { hash: string } | undefined;
      if (link) return link.hash;
      return [...held, ...fresh].find((s) => s.seq === seq)?.hash ?? null;
    });
    if (!verdict.ok) throw new HttpError(409, 'SEAL_INVALID', verdict.problem.message);
    const insert = this.db.prepare(
      'INSERT INTO audit_seals (workstation_id, series, epoch, seq, hash, prev_tag, tag, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const s of fresh) insert.run(ws.id, series, s.epoch, s.seq, s.hash, s.prevTag, s.tag, s.at);
    return { series, epoch: held.length + fresh.length - 1 };
  }

  /** The anchors and seals the server holds for a workstation, oldest first (what an auditor compares a log with). */
  anchorsOf(workstationId: string): {
    anchors: { seq: number; hash: string; at: string; receivedAt: string; divergence: unknown }[];
    seals: Seal[];
    sealKey: string | null;
  } {
    const anchors = (
      this.db
        .prepare(
          'SELECT seq, hash, at, received_at AS receivedAt, divergence FROM audit_anchors WHERE workstation_id = ? ORDER BY rowid',
        )
        .all(workstationId) as {
        seq: number;
        hash: string;
        at: string;
        receivedAt: string;
        divergence: string | null;
      }[]
    ).map((a) => ({ ...a, divergence: a.divergence ? (JSON.parse(a.divergence) as unknown) : null }));
    const seals = this.db
      .prepare(
        'SELECT epoch, seq, hash, prev_tag AS prevTag, tag, at FROM audit_seals WHERE workstation_id = ? ORDER BY series, epoch',
      )
      .all(workstationId) as Seal[];
    const key = this.db.prepare('SELECT seal_key AS k FROM workstations WHERE id = ?').get(workstationId) as
      { k: string | null } | undefined;
    return { anchors, seals, sealKey: key?.k ?? null };
  }

  private pushItem(p: Principal, body: unknown): unknown {
    const parsed = pushItemSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', 'A push is { key, kind, body }.');
    const { key, kind } = parsed.data;
    const held = this.db.prepare('SELECT rowid AS id, kind FROM pushes WHERE key = ?').get(key) as
      { id: number; kind: string } | undefined;
    if (held) {
      if (held.kind !== kind)
        throw new HttpError(409, 'BAD_REQUEST', `The key ${key} was already used for a ${held.kind}.`);
      return { key, status: 'duplicate', serverId: held.id };
    }
    const now = this.clock();
    return this.db.transaction(() => {
      const evidence = acceptEvidencePush(
        this.db,
        p.workstationId ?? '',
        kind,
        parsed.data.body,
        new Date(now).toISOString(),
      );
      if (!evidence.ok) throw new HttpError(400, 'BAD_REQUEST', evidence.message);
      const hold = acceptHoldPush(this.db, p.workstationId ?? '', kind, parsed.data.body, new Date(now).toISOString());
      if (hold) throw new HttpError(400, 'BAD_REQUEST', hold);
      const memo = acceptAuditMemoPush(
        this.db,
        p.workstationId ?? '',
        kind,
        parsed.data.body,
        new Date(now).toISOString(),
      );
      if (memo) throw new HttpError(400, 'BAD_REQUEST', memo);
      let outcome: PushOutcome = { status: 'accepted', serverId: 0, message: null };
      if ((HOTLIST_PUSH_KINDS as readonly string[]).includes(kind)) {
        const ws = this.db.prepare('SELECT id, name FROM workstations WHERE id = ?').get(p.workstationId) as
          { id: string; name: string } | undefined;
        try {
          outcome = applyHotlistPush(
            { db: this.db, now, workstation: ws ?? { id: p.workstationId ?? '', name: 'unknown workstation' } },
            kind as HotlistPushKind,
            key,
            parsed.data.body,
          );
        } catch (err) {
          if (err instanceof PushRejected) throw new HttpError(400, 'BAD_REQUEST', err.message);
          throw err;
        }
      }
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO pushes (key, kind, workstation_id, user_id, body, status, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          key,
          kind,
          p.workstationId,
          p.userId,
          JSON.stringify(parsed.data.body),
          outcome.status === 'accepted' && kind !== 'hotlist_entry'
            ? 'recorded'
            : outcome.status === 'accepted'
              ? 'awaiting_approval'
              : outcome.status,
          new Date(now).toISOString(),
        );
      return {
        key,
        status: outcome.status,
        serverId: outcome.serverId || Number(lastInsertRowid),
        message: outcome.message,
      };
    })();
  }

  /** Sets a list's refresh time (a test makes a general list stale this way). */
  setListRefreshedAt(listId: string, refreshedAt: string): void {
    const list = getRecord<Record<string, unknown>>(this.db, 'hotlist', listId);
    if (!list) throw new Error(`no hot list ${listId}`);
    this.db.transaction(() => putRecord(this.db, 'hotlist', 'hotlists', listId, { ...list.data, refreshedAt }))();
  }

  private testHook(method: string, path: string, body: unknown): unknown {
    const b = (body ?? {}) as Record<string, unknown>;
    if (method !== 'POST') throw new HttpError(404, 'NOT_FOUND', 'Test hooks are POST.');
    if (path === '/v1/_test/faults') {
      if (b.clear) this.clearFaults();
      else this.injectFault(b as Fault);
      return { ok: true };
    }
    if (path === '/v1/_test/maintenance') {
      this.setMaintenance(b.on ? Number(b.retryAfterS ?? 5) : null);
      return { ok: true };
    }
    if (path === '/v1/_test/append') return this.appendDetections(Number(b.count ?? 100));
    if (path === '/v1/_test/purge') return { purged: this.purgeBefore(Number(b.beforeMs)) };
    const list = /^\/v1\/_test\/hotlists\/([^/]+)$/.exec(path);
    if (list) {
      this.setListRefreshedAt(decodeURIComponent(list[1]!), String(b.refreshedAt));
      return { ok: true };
    }
    const user = /^\/v1\/_test\/users\/([^/]+)$/.exec(path);
    if (user)
      return this.updateUser(
        decodeURIComponent(user[1]!),
        b as { disabled?: boolean; trainingCompletedOn?: string; classification?: string },
      );
    throw new HttpError(404, 'NOT_FOUND', `No test hook ${path}.`);
  }
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024 * 1024) throw new HttpError(400, 'BAD_REQUEST', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not JSON.');
  }
}

/** Cursors are opaque to the client: base64url of the feed and the last revision it has seen. */
export function encodeCursor(feed: Feed, rev: number): string {
  return Buffer.from(JSON.stringify({ v: 1, f: feed, r: rev })).toString('base64url');
}

function decodeCursor(raw: string | null, feed: Feed): number {
  if (raw === null || raw === '') return 0;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { v: number; f: string; r: number };
    if (c.v === 1 && c.f === feed && Number.isInteger(c.r) && c.r >= 0) return c.r;
  } catch {
    /* fall through */
  }
  throw new HttpError(
    400,
    'BAD_REQUEST',
    `That cursor does not belong to the ${feed} feed; start the feed again without one.`,
  );
}

export async function startAgencyServer(options: AgencyServerOptions): Promise<AgencyServer> {
  const server = new AgencyServer(options);
  await server.listen();
  return server;
}
