import type { AnchorCheckInfo } from '../../../preload/contract';
import { compareWithAnchor } from '../../core/audit/anchor';
import type { AnchorRequest, ChainPoint } from '../../core/sync/protocol';
import { inTransaction } from '../../store/db';
import { auditHead } from '../../store/repos/audit';
import { getIntegrityValue, hashOfRecord, sealsAfter, setIntegrityValue } from '../../store/repos/integrity';
import { raiseAlert } from '../audit';
import type { Context } from '../kernel/context';
import { AgencyClient } from './client';
import { verifiedEnrollment, type Enrollment } from './enrollment';
import { SyncError } from './errors';
import { trustOf } from './http';

/**
 * The access log's chain head on the agency server, promptly, whenever the workstation is online — not only
 * when someone syncs (docs/sync-protocol.md, "Anchors"). Every commit that moves the chain schedules a push of
 * the head (and of new forward-secure seals) with the workstation credential; an unreachable server is tried
 * again with backoff. A server anchor this log does not hold is a rolled-back or truncated log: an alert naming
 * the missing range, reported to the server too, which keeps it beside the new anchor.
 */
type State = {
  timer: NodeJS.Timeout | null;
  inFlight: boolean;
  again: boolean;
  snapshot: Snapshot | null;
  acknowledged: ChainPoint | null;
  sealsSent: { series: string; epoch: number } | null;
  retryMs: number;
  sealsRefused: boolean;
  stopped: boolean;
};

type Snapshot = { enrollment: Enrollment; request: AnchorRequest };

const DEBOUNCE_MS = 250;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;
const TIMEOUT_MS = 10_000;

const states = new WeakMap<Context, State>();

function stateOf(ctx: Context): State {
  let s = states.get(ctx);
  if (!s)
    states.set(
      ctx,
      (s = {
        timer: null,
        inFlight: false,
        again: false,
        snapshot: null,
        acknowledged: null,
        sealsSent: null,
        retryMs: RETRY_MIN_MS,
        sealsRefused: false,
        stopped: false,
      }),
    );
  return s;
}

/** Listens for the chain moving; called once per Context (kernel/api.ts). */
export function startAnchoring(ctx: Context): () => void {
  const onCommit = () => {
    const s = stateOf(ctx);
    // The head is read now, while the store is open: a sign-out right after still gets its record anchored.
    s.snapshot = snapshot(ctx, s) ?? s.snapshot;
    schedule(ctx, s, DEBOUNCE_MS);
  };
  ctx.events.on('audit.committed', onCommit);
  ctx.anchorCheck = () => checkAgainstServer(ctx);
  return () => {
    // Closing (sign-out, then quit): a head not yet sent goes now, once, without retries.
    ctx.events.off('audit.committed', onCommit);
    const s = stateOf(ctx);
    s.stopped = true;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    if (s.snapshot && !s.inFlight) void push(ctx, s);
  };
}

function snapshot(ctx: Context, s: State): Snapshot | null {
  const db = ctx.store;
  const enrollment = verifiedEnrollment(ctx);
  if (!db || !enrollment) return null;
  const head = auditHead(db);
  s.acknowledged ??= parsePoint(getIntegrityValue(db, 'anchor.acknowledged'));
  const series = getIntegrityValue(db, 'seal.series');
  const sent = s.sealsSent?.series === series ? s.sealsSent : parseSent(getIntegrityValue(db, 'anchor.sealsSent'));
  const seals =
    series && !s.sealsRefused
      ? sealsAfter(db, series, sent?.series === series ? sent.epoch : -1, 1000).map((x) => ({ ...x, series }))
      : [];
  return {
    enrollment,
    request: {
      workstation: { id: enrollment.workstationId, secret: enrollment.workstationSecret },
      head: { seq: head.seq, hash: head.hash, at: ctx.nowIso() },
      continues: s.acknowledged,
      seals,
    },
  };
}

function schedule(ctx: Context, s: State, delayMs: number): void {
  if (s.stopped) return;
  if (s.inFlight) {
    s.again = true;
    return;
  }
  if (s.timer) clearTimeout(s.timer);
  s.timer = setTimeout(() => {
    s.timer = null;
    void push(ctx, s);
  }, delayMs);
  s.timer.unref();
}

async function push(ctx: Context, s: State): Promise<void> {
  const snap = s.snapshot;
  if (!snap) return;
  s.inFlight = true;
  s.again = false;
  const client = new AgencyClient(snap.enrollment.serverUrl, { ...trustOf(snap.enrollment), timeoutMs: TIMEOUT_MS });
  let retry = false;
  try {
    const answer = await client.anchor({ ...snap.request, continues: s.acknowledged });
    if (answer.ok) {
      s.retryMs = RETRY_MIN_MS;
      s.acknowledged = answer.value.anchor ? { seq: answer.value.anchor.seq, hash: answer.value.anchor.hash } : null;
      s.sealsSent = answer.value.seals;
      if (s.snapshot === snap) s.snapshot = null;
      remember(ctx, s);
    } else {
      retry = mismatch(ctx, s, snap, answer.anchor);
    }
  } catch (err) {
    if (err instanceof SyncError && err.code === 'SEAL_INVALID' && !s.sealsRefused) {
      s.sealsRefused = true;
      const db = ctx.store;
      if (db)
        raiseAlert(
          ctx,
          db,
          'audit.seal_state',
          `The agency server refused this workstation's audit seals: ${err.message}`,
          {},
        );
      if (s.snapshot) s.snapshot.request.seals = [];
      retry = true;
      s.retryMs = 0;
    } else if (!(err instanceof SyncError) || err.retryable || err.code === 'TIMEOUT' || err.code === 'UNREACHABLE') {
      retry = true;
    }
  } finally {
    client.close();
    s.inFlight = false;
  }
  if (retry) {
    const wait = s.retryMs;
    s.retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, s.retryMs * 2));
    schedule(ctx, s, wait);
  } else if (s.again) {
    s.snapshot = snapshot(ctx, s) ?? s.snapshot;
    schedule(ctx, s, 0);
  }
}

/** Writes what the server acknowledged into the store when it is open (a later run starts from there). */
function remember(ctx: Context, s: State): void {
  const db = ctx.store;
  if (!db) return;
  inTransaction(db, () => {
    if (s.acknowledged) setIntegrityValue(db, 'anchor.acknowledged', JSON.stringify(s.acknowledged));
    if (s.sealsSent) setIntegrityValue(db, 'anchor.sealsSent', JSON.stringify(s.sealsSent));
  });
}

/**
 * The server holds an anchor the push did not continue. If this log holds it, the local note was stale: go on
 * from it. If not, the log lost records or was rolled back: an alert names the range, and the next push reports
 * the divergence so the server keeps it beside the new anchor. Returns whether to push again.
 */
function mismatch(ctx: Context, s: State, snap: Snapshot, anchor: ChainPoint): boolean {
  const db = ctx.store;
  if (!db) return false; // judged at the next opening, when the log can be read
  const head = auditHead(db);
  const verdict = compareWithAnchor(anchor, head, (seq) => hashOfRecord(db, seq), 'the agency server');
  if (verdict.status === 'matches' || verdict.status === 'continues') {
    s.acknowledged = anchor;
    s.retryMs = 0;
    return true;
  }
  raiseAlert(ctx, db, 'audit.anchor_mismatch', verdict.message, {
    serverSeq: anchor.seq,
    serverHash: anchor.hash,
    localHeadSeq: head.seq,
    ...(verdict.status === 'missing' ? { missingFrom: verdict.missingFrom, missingTo: verdict.missingTo } : {}),
    ...(verdict.status === 'differs' ? { differsAt: verdict.at } : {}),
  });
  s.snapshot = snapshot(ctx, s) ?? snap;
  s.snapshot.request.divergence = { anchor, localHash: hashOfRecord(db, anchor.seq) };
  s.acknowledged = null;
  s.retryMs = 0;
  return true;
}

/** The log against the anchor the agency server holds now (audit.verify). */
async function checkAgainstServer(ctx: Context): Promise<AnchorCheckInfo> {
  const db = ctx.store;
  const e = verifiedEnrollment(ctx);
  if (!db || !e)
    return {
      status: 'not-enrolled',
      message: 'This workstation is not enrolled with an agency server: no anchor to compare with.',
    };
  const client = new AgencyClient(e.serverUrl, { ...trustOf(e), timeoutMs: TIMEOUT_MS });
  try {
    const answer = await client.anchor({
      workstation: { id: e.workstationId, secret: e.workstationSecret },
      head: null,
      continues: null,
      seals: [],
    });
    const anchor = answer.ok ? answer.value.anchor : answer.anchor;
    if (!anchor)
      return { status: 'unanchored', message: 'The agency server holds no chain head of this workstation yet.' };
    const server = { seq: anchor.seq, hash: anchor.hash };
    return { ...compareWithAnchor(server, auditHead(db), (seq) => hashOfRecord(db, seq), 'the agency server'), server };
  } catch (err) {
    return {
      status: 'unreachable',
      message: `The agency server could not be asked for its anchor: ${(err as Error).message}`,
    };
  } finally {
    client.close();
  }
}

function parsePoint(raw: string | null): ChainPoint | null {
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as ChainPoint;
    return typeof p.seq === 'number' && typeof p.hash === 'string' ? { seq: p.seq, hash: p.hash } : null;
  } catch {
    return null;
  }
}

function parseSent(raw: string | null): { series: string; epoch: number } | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as { series: string; epoch: number };
  } catch {
    return null;
  }
}
