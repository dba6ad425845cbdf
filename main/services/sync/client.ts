import { agencyLogPageSchema, type AgencyLogPage } from '../../core/audit/agencyLog';
import { createHash } from 'node:crypto';
import {
  anchorMismatchSchema,
  anchorResponseSchema,
  auditPushResponseSchema,
  enrollResponseSchema,
  pageTrailerSchema,
  parseRecordValue,
  pushItemResponseSchema,
  serverErrorSchema,
  signInResponseSchema,
  type AnchorRequest,
  type AnchorResponse,
  type ChainPoint,
  type EnrollResponse,
  type Feed,
  type OutboxKind,
  type PageTrailer,
  type SignInResponse,
  type WireRecord,
} from '../../core/sync/protocol';
import type { ChainLink } from '../../core/audit/chain';
import { SyncError } from './errors';
import { HttpClient, type HttpOptions, type HttpResponse, type LinesResponse } from './http';

/** A page as the engine sees it: valid records, malformed lines with their reasons, and the trailer. */
export type Page = {
  records: WireRecord[];
  rejected: { line: string; reason: string; id: string | null; kind: string | null }[];
  trailer: PageTrailer;
  bytes: number;
  serverMs: number;
};

/** Protocol v1, client side (docs/sync-protocol.md). Every answer is validated here, at the edge. */
export class AgencyClient {
  readonly http: HttpClient;
  token: string | null = null;
  /** When the token ends (epoch ms), if known: the client refreshes it shortly before. */
  tokenExpiresAt: number | null = null;

  constructor(serverUrl: string, options: HttpOptions = {}) {
    this.http = new HttpClient(serverUrl, options);
  }

  close(): void {
    this.http.close();
  }

  async about(signal?: AbortSignal): Promise<{ protocol: string; agency: string | null }> {
    return json(await this.http.request('GET', '/v1', { signal })) as { protocol: string; agency: string | null };
  }

  async signIn(
    username: string,
    password: string,
    workstation: { id: string; secret: string } | null,
    signal?: AbortSignal,
  ): Promise<SignInResponse> {
    const res = await this.http.request('POST', '/v1/session', { body: { username, password, workstation }, signal });
    const parsed = signInResponseSchema.safeParse(json(res));
    if (!parsed.success)
      throw new SyncError(
        'MALFORMED_PAGE',
        'The agency server answered sign-in with something Canvass does not understand.',
      );
    this.token = parsed.data.token;
    this.tokenExpiresAt = Date.parse(parsed.data.expiresAt);
    return parsed.data;
  }

  async refresh(signal?: AbortSignal): Promise<SignInResponse> {
    const res = await this.http.request('POST', '/v1/session/refresh', { token: this.token, signal });
    const parsed = signInResponseSchema.parse(json(res));
    this.token = parsed.token;
    this.tokenExpiresAt = Date.parse(parsed.expiresAt);
    return parsed;
  }

  /** Refreshes the session token when it ends within two minutes, so a long sync outlives a short-lived token. */
  async ensureFresh(signal?: AbortSignal): Promise<void> {
    if (this.token && this.tokenExpiresAt !== null && this.tokenExpiresAt - Date.now() < 120_000)
      await this.refresh(signal);
  }

  /** `sealKey`: the root of the access log's forward-secure seals, which the server keeps to verify them. */
  async enroll(name: string, sealKey?: string, signal?: AbortSignal): Promise<EnrollResponse> {
    const res = await this.http.request('POST', '/v1/workstations', {
      body: sealKey ? { name, sealKey } : { name },
      token: this.token,
      signal,
    });
    return enrollResponseSchema.parse(json(res));
  }

  /** Ends the server session (sign-out). */
  async endSession(signal?: AbortSignal): Promise<void> {
    const res = await this.http.request('DELETE', '/v1/session', { token: this.token, signal });
    json(res);
    this.token = null;
    this.tokenExpiresAt = null;
  }

  async page(
    feed: Feed,
    after: string | null,
    options: { since?: number | null; limit: number; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<Page> {
    const q = new URLSearchParams({ limit: String(options.limit) });
    if (after) q.set('after', after);
    if (options.since !== undefined && options.since !== null) q.set('since', String(options.since));
    const res = await this.http.requestLines('GET', `/v1/feeds/${feed}?${q}`, {
      token: this.token,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    if (res.status !== 200) throw errorFrom(res);
    return parsePage(feed, res);
  }

  /** Fetches an image and checks its bytes against the SHA-256 that names it. */
  async image(sha256: string, signal?: AbortSignal): Promise<{ bytes: Buffer; mime: string }> {
    const res = await this.http.request('GET', `/v1/images/${sha256}`, { token: this.token, signal, kind: 'image' });
    if (res.status !== 200) throw errorFrom(res);
    const got = createHash('sha256').update(res.body).digest('hex');
    if (got !== sha256)
      throw new SyncError(
        'CORRUPT_IMAGE',
        `Image ${sha256.slice(0, 12)}… arrived damaged (its SHA-256 does not match); it will be fetched again.`,
      );
    return { bytes: res.body, mime: String(res.headers['content-type'] ?? 'application/octet-stream') };
  }

  /** Asks the server to render a detection's images (sets seeded without them); returns the detection's new version. */
  async requestImages(detectionId: number, signal?: AbortSignal): Promise<WireRecord> {
    const res = await this.http.request('POST', `/v1/detections/${detectionId}/images`, { token: this.token, signal });
    const body = json(res) as { record?: unknown };
    const parsed = parseRecordValue(body.record, 'detections');
    if (!parsed.ok)
      throw new SyncError(
        'MALFORMED_PAGE',
        `The agency server answered the image request with a bad record: ${parsed.reason}.`,
      );
    return parsed.record;
  }

  async pushAudit(
    links: ChainLink[],
    signal?: AbortSignal,
  ): Promise<{ headSeq: number; headHash: string; accepted: number }> {
    const res = await this.http.request('POST', '/v1/audit', { body: { links }, token: this.token, signal });
    return auditPushResponseSchema.parse(json(res));
  }

  /**
   * Sends the chain head (and new seals) with the workstation credential. A 409 ANCHOR_MISMATCH comes back as
   * the anchor the server holds, for the caller to compare with its log.
   */
  async anchor(
    body: AnchorRequest,
    signal?: AbortSignal,
  ): Promise<{ ok: true; value: AnchorResponse } | { ok: false; anchor: ChainPoint; message: string }> {
    const res = await this.http.request('POST', '/v1/audit/anchor', { body, signal, kind: 'json' });
    if (res.status === 409) {
      try {
        const m = anchorMismatchSchema.safeParse(JSON.parse(res.body.toString('utf8')));
        if (m.success) return { ok: false, anchor: m.data.anchor, message: m.data.error.message };
      } catch {
        /* not a mismatch: below */
      }
    }
    return { ok: true, value: anchorResponseSchema.parse(json(res)) };
  }

  /** A page of the agency-wide access log after `after` (cursors per workstation): for audits of use. */
  async agencyLog(after: string, limit: number, signal?: AbortSignal): Promise<AgencyLogPage> {
    const q = new URLSearchParams({ after, limit: String(limit) });
    const res = await this.http.request('GET', `/v1/audit/agency?${q}`, { token: this.token, signal, kind: 'page' });
    const parsed = agencyLogPageSchema.safeParse(json(res));
    if (!parsed.success)
      throw new SyncError(
        'MALFORMED_PAGE',
        'The agency server answered the agency-log request with something Canvass does not understand.',
      );
    return parsed.data;
  }

  async pushItem(
    key: string,
    kind: OutboxKind,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: 'accepted' | 'duplicate' | 'refused' | 'superseded'; serverId: number }> {
    const res = await this.http.request('POST', '/v1/push', { body: { key, kind, body }, token: this.token, signal });
    return pushItemResponseSchema.parse(json(res));
  }
}

/**
 * Signs in to the agency server with a user's own credentials. The auth service calls this on a user's
 * first sign-in on an enrolled workstation (and when the server is reachable, on later ones) before it wraps
 * the store key for that user; the server refuses disabled users and expired training with typed errors.
 */
export async function remoteSignIn(
  serverUrl: string,
  username: string,
  password: string,
  workstation: { id: string; secret: string } | null,
  options: HttpOptions & { signal?: AbortSignal } = {},
): Promise<SignInResponse> {
  const client = new AgencyClient(serverUrl, options);
  try {
    return await client.signIn(username, password, workstation, options.signal);
  } finally {
    client.close();
  }
}

function json(res: HttpResponse): unknown {
  if (res.status < 200 || res.status >= 300) throw errorFrom(res);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new SyncError('MALFORMED_PAGE', 'The agency server sent an answer that is not JSON.');
  }
}

export function errorFrom(res: Pick<HttpResponse, 'status' | 'headers' | 'body'>): SyncError {
  const retryAfter = res.headers['retry-after'];
  const retryAfterMs =
    retryAfter === undefined
      ? null
      : Number.isFinite(Number(retryAfter))
        ? Number(retryAfter) * 1000
        : Math.max(0, Date.parse(String(retryAfter)) - Date.now());
  let parsed: ReturnType<typeof serverErrorSchema.safeParse> | null = null;
  try {
    parsed = serverErrorSchema.safeParse(JSON.parse(res.body.toString('utf8')));
  } catch {
    parsed = null;
  }
  if (parsed?.success)
    return new SyncError(parsed.data.error.code, parsed.data.error.message, { status: res.status, retryAfterMs });
  const code =
    res.status === 429
      ? 'RATE_LIMITED'
      : res.status === 503
        ? 'MAINTENANCE'
        : res.status >= 500
          ? 'INTERNAL'
          : 'BAD_REQUEST';
  return new SyncError(code, `The agency server answered ${res.status}.`, { status: res.status, retryAfterMs });
}

/**
 * Reads an NDJSON page line by line: every line one JSON object, the last the trailer. A page whose framing is
 * wrong (a line that is not a JSON object, an empty line, no trailer, a count that disagrees) was cut short or
 * garbled: the whole page is refused (and fetched again). A record that is a JSON object but not a valid record
 * is handed back as rejected, for quarantine; the rest of the page is applied.
 */
export function parsePage(feed: Feed, res: LinesResponse): Page {
  const lines = res.lines;
  const last = lines.length ? lines[lines.length - 1]! : undefined;
  let trailer: PageTrailer | null = null;
  if (last !== undefined) {
    try {
      const t = pageTrailerSchema.safeParse(JSON.parse(last));
      if (t.success) trailer = t.data.page;
    } catch {
      trailer = null;
    }
  }
  if (!trailer)
    throw new SyncError(
      'MALFORMED_PAGE',
      `A page of the ${feed} feed arrived without its trailer (cut short or garbled); fetching it again.`,
    );
  const count = lines.length - 1;
  if (trailer.feed !== feed || trailer.count !== count) {
    throw new SyncError(
      'MALFORMED_PAGE',
      `A page of the ${feed} feed says it holds ${trailer.count} records but carries ${count}; fetching it again.`,
    );
  }
  const records: WireRecord[] = [];
  const rejected: Page['rejected'] = [];
  for (let i = 0; i < count; i++) {
    const line = lines[i]!;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new SyncError(
        'MALFORMED_PAGE',
        `Line ${i + 1} of a page of the ${feed} feed is not one JSON record (the page's framing is wrong); fetching it again.`,
      );
    const r = parseRecordValue(value, feed);
    if (r.ok) records.push(r.record);
    else rejected.push({ line, reason: r.reason, id: r.id, kind: r.kind });
  }
  return { records, rejected, trailer, bytes: res.bytes, serverMs: res.serverMs };
}
