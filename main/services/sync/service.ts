import { keptDays } from '../../core/retention/schedule';
import type { QuarantineEntry, SyncFinishedInfo, SyncStatusInfo } from '../../../preload/contract';
import type { SignInResponse } from '../../core/sync/protocol';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { staleGeneralLists } from '../../store/repos/hotlists';
import {
  getSyncSettings,
  getSyncValue,
  lastRun,
  listCursors,
  listQuarantine,
  quarantineCount,
  saveSyncSettings,
  setSyncValue,
  type SyncSettings,
} from '../../store/repos/sync';
import { record, startSealing } from '../audit';
import type { Context } from '../kernel/context';
import { AgencyClient, remoteSignIn } from './client';
import { DEFAULT_WINDOW_DAYS, type SyncProgress, type SyncResult } from './engine';
import { SyncError, toCanvassError } from './errors';
import { checkServerUrl, trustOf } from './http';
import {
  reconcileEnrollment,
  verifiedEnrollment,
  wrapForServer,
  writeEnrollment,
  type EnrollmentRepair,
} from './enrollment';
import { newSealRoot } from '../../store/auditSealState';
import { startSyncWorker, type SyncJob, type WorkerSyncOptions } from './runner';

export function finishedSummary(r: SyncResult): SyncFinishedInfo {
  return { outcome: r.outcome, error: r.error, records: r.records, durationMs: r.durationMs };
}

/** The quarantine for the administrator: what was refused and why (not the raw record, which may hold ALPR data). */
export function quarantineList(ctx: Context, limit = 200): QuarantineEntry[] {
  return listQuarantine(requireStore(ctx), limit).map(({ raw: _raw, ...q }) => q);
}

type Held = {
  job: SyncJob | null;
  /** A sync asked for and waiting to start (for the previous scan, or the server's sign-in). */
  starting: boolean;
  /** The clone scan that follows the last sync on its worker; settled once its findings are stored. */
  clones: Promise<unknown>;
  progress: SyncProgress | null;
  token: { value: string; expiresAt: number; username: string } | null;
};
const held = new WeakMap<Context, Held>();

function state(ctx: Context): Held {
  let h = held.get(ctx);
  if (!h) held.set(ctx, (h = { job: null, starting: false, clones: Promise.resolve(), progress: null, token: null }));
  return h;
}

/** Whether the store says this workstation is enrolled with an agency server (and which). */
export function isEnrolled(ctx: Context): { serverUrl: string } | null {
  const settings = getSyncSettings(requireStore(ctx));
  return settings ? { serverUrl: settings.serverUrl } : null;
}

function requireStore(ctx: Context) {
  if (!ctx.store || !ctx.dataKey) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  return ctx.store;
}

/** An administrator enrolls this workstation with the agency server once; the credential stays in the encrypted store. */
export async function enrollWorkstation(
  ctx: Context,
  args: {
    serverUrl: string;
    username: string;
    password: string;
    name: string;
    pinnedCert?: string | null;
    ca?: string | null;
  },
): Promise<{ workstationId: string; agencyName: string }> {
  const db = requireStore(ctx);
  try {
    checkServerUrl(args.serverUrl);
    const client = new AgencyClient(args.serverUrl, { pinnedCert: args.pinnedCert ?? null, ca: args.ca ?? null });
    try {
      const session = await client.signIn(args.username, args.password, null);
      if (!session.user.roles.includes('administrator'))
        throw new SyncError('FORBIDDEN', 'Only an ALPR administrator can enroll a workstation.');
      // The root of the access log's forward-secure seals: the agency server keeps it to verify them; this
      // workstation seals once with it and keeps only what it evolves into (services/audit/integrity.ts).
      const sealRoot = newSealRoot();
      const enrolled = await client.enroll(args.name, sealRoot);
      // The enrolling session was for this only.
      await client.endSession().catch(() => undefined);
      const settings: SyncSettings = {
        serverUrl: new URL(args.serverUrl).origin,
        workstationId: enrolled.workstationId,
        workstationSecret: enrolled.secret,
        pinnedCert: args.pinnedCert ?? null,
        ca: args.ca ?? null,
        enrolledAt: ctx.nowIso(),
        enrolledBy: args.username,
        // The data key, wrapped under the key the server releases at sign-in: first sign-ins of server users.
        serverWrap: wrapForServer(ctx.dataKey!, enrolled.workstationKey, enrolled.workstationId),
      };
      inTransaction(db, () => {
        saveSyncSettings(db, settings);
        record(ctx, db, 'sync.enroll', 'ok', {
          server: settings.serverUrl,
          workstationId: enrolled.workstationId,
          serverUser: args.username,
        });
      });
      writeEnrollment(
        ctx.storePath,
        { format: 'canvass-enrollment', version: 1, ...settings, serverWrap: settings.serverWrap! },
        ctx.dataKey!,
      );
      confirmEnrollment(ctx, db, ctx.dataKey!);
      startSealing(ctx, db, ctx.dataKey!, sealRoot);
      return { workstationId: enrolled.workstationId, agencyName: enrolled.agencyName };
    } finally {
      client.close();
    }
  } catch (err) {
    inTransaction(db, () =>
      record(ctx, db, 'sync.enroll', 'failed', { server: args.serverUrl, error: (err as Error).message }),
    );
    throw toCanvassError(err);
  }
}

/**
 * Signs the current user in to the server with the workstation credential, and keeps the short-lived token
 * in memory. The auth service can hand over a token it got at login with `rememberServerToken`.
 */
export async function serverToken(
  ctx: Context,
  password: string | null,
): Promise<{ value: string; expiresAt: number }> {
  const h = state(ctx);
  const session = ctx.session;
  if (!session) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  if (h.token && h.token.username === session.username && h.token.expiresAt - 60_000 > Date.now()) return h.token;
  const settings = getSyncSettings(requireStore(ctx));
  if (!settings)
    throw new CanvassError(
      'CONFLICT',
      'This workstation is not enrolled with an agency server. An ALPR administrator enrolls it once (Sync → Enroll).',
    );
  if (!password)
    throw new CanvassError(
      'SERVER_SIGN_IN_REQUIRED',
      'The agency server needs your password to start a session (it has none for you, or it expired). Enter it to sync.',
    );
  try {
    const res = await remoteSignIn(
      settings.serverUrl,
      session.username,
      password,
      { id: settings.workstationId, secret: settings.workstationSecret },
      trustOf(settings),
    );
    rememberServerToken(ctx, res);
    return h.token!;
  } catch (err) {
    throw toCanvassError(err);
  }
}

export function rememberServerToken(ctx: Context, res: SignInResponse): void {
  state(ctx).token = { value: res.token, expiresAt: Date.parse(res.expiresAt), username: res.user.username };
}

/**
 * Signing out forgets the server session here and ends it on the server (best effort: a server out of reach
 * lets the short-lived token expire on its own).
 */
export function forgetServerToken(ctx: Context): void {
  const h = state(ctx);
  const token = h.token;
  h.token = null;
  // While locked the store is closed: the enrollment it confirmed at its opening says where the server is.
  const settings = ctx.store ? getSyncSettings(ctx.store) : verifiedEnrollment(ctx);
  if (!token || !settings) return;
  const client = new AgencyClient(settings.serverUrl, { ...trustOf(settings), timeoutMs: 5_000 });
  client.token = token.value;
  void client
    .endSession()
    .catch(() => undefined)
    .finally(() => client.close());
}

/**
 * At every opening of the store: enrollment.json must say what the store says (services/sync/enrollment.ts).
 * Returns what was wrong with it, if anything, for the administrator and the log.
 */
export function confirmEnrollment(ctx: Context, db: WritableDB, dataKey: Buffer): EnrollmentRepair {
  return reconcileEnrollment(ctx, db, dataKey, (wrap) => {
    const settings = getSyncSettings(db);
    if (settings) inTransaction(db, () => saveSyncSettings(db, { ...settings, serverWrap: wrap }));
  });
}

/**
 * Starts a sync on the worker; progress goes out as `sync.progress` events on ctx.events. It runs beside the
 * call queue (its handler is parallel): it may wait for the previous sync's clone scan and for the server's
 * sign-in, and other calls must not wait with it. `stillAllowed` re-checks the caller's access after those
 * waits (the session may have locked or ended meanwhile).
 */
export async function startSync(
  ctx: Context,
  args: { password?: string | null; options?: WorkerSyncOptions; stillAllowed?: () => void } = {},
): Promise<{ started: true }> {
  const h = state(ctx);
  if (h.job || h.starting) throw new CanvassError('CONFLICT', 'A sync is already running.');
  h.starting = true;
  let token: Awaited<ReturnType<typeof serverToken>>;
  let settings: NonNullable<ReturnType<typeof getSyncSettings>>;
  try {
    // The previous sync's clone scan still writes on its worker: the next sync starts after it.
    await h.clones;
    const found = getSyncSettings(requireStore(ctx));
    if (!found)
      throw new CanvassError(
        'CONFLICT',
        'This workstation is not enrolled with an agency server. An ALPR administrator enrolls it once (Sync → Enroll).',
      );
    settings = found;
    token = await serverToken(ctx, args.password ?? null);
    args.stillAllowed?.();
  } finally {
    h.starting = false;
  }
  const db = requireStore(ctx);
  const session = ctx.session!;
  const job = startSyncWorker({
    storePath: ctx.storePath,
    dataKey: ctx.dataKey!,
    serverUrl: settings.serverUrl,
    ...trustOf(settings),
    token: token.value,
    tokenExpiresAt: token.expiresAt,
    userId: session.userId,
    username: session.username,
    agencyName: ctx.agencyName,
    workstation: ctx.workstation,
    options: { prefetchImages: 'hits', windowDays: windowDays(db), ...args.options },
    onToken: (value, expiresAt) => {
      if (expiresAt !== null) h.token = { value, expiresAt, username: session.username };
    },
    onProgress: (p) => {
      h.progress = p;
      ctx.events.emit('sync.progress', p);
    },
  });
  h.job = job;
  h.clones = job.clones;
  h.progress = null;
  job.result
    .then((result: SyncResult) => {
      h.job = null;
      // The policy may have come from the server: refresh what the context caches of it.
      const agency = ctx.store ? getAgency(ctx.store) : null;
      if (agency) {
        ctx.profile = agency.profile;
        ctx.agencyName = agency.name;
      }
      // For the auth service: users the server disabled lose their key wrap here and their session ends.
      if (result.userChanges.length) ctx.events.emit('sync.userChanges', result.userChanges);
      ctx.events.emit('sync.finished', finishedSummary(result));
    })
    .catch((err: unknown) => {
      h.job = null;
      ctx.events.emit('sync.finished', {
        outcome: 'failed',
        error: { code: 'INTERNAL', message: (err as Error).message },
        records: 0,
        durationMs: 0,
      } satisfies SyncFinishedInfo);
    });
  return { started: true };
}

function windowDays(db: ReadableDB): number {
  return Number(getSyncValue(db, 'windowDays') ?? DEFAULT_WINDOW_DAYS);
}

/** The administrator sets how far back this workstation keeps detections and hits (never beyond the policy). */
export function setWindow(ctx: Context, days: number): SyncStatusInfo {
  const db = requireStore(ctx);
  const retention = ctx.profile ? keptDays(ctx.profile, 'detection', ctx.now()) : null;
  if (retention !== null && days > retention) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `The policy keeps detections for ${retention} days at most; choose ${retention} days or fewer.`,
    );
  }
  inTransaction(db, () => {
    setSyncValue(db, 'windowDays', String(days));
    record(ctx, db, 'sync.window', 'ok', { days });
  });
  return syncStatus(ctx);
}

export function cancelSync(ctx: Context): { cancelling: boolean } {
  const job = state(ctx).job;
  job?.cancel();
  return { cancelling: job !== null };
}

/** Waits for the clone scan that follows a sync, so its findings are listed (`search.clonedPlates`). */
export async function waitForCloneScan(ctx: Context): Promise<void> {
  await state(ctx).clones;
}

export function syncStatus(ctx: Context): SyncStatusInfo {
  const db = requireStore(ctx);
  const h = state(ctx);
  const settings = getSyncSettings(db);
  const run = lastRun(db);
  const stats = run?.stats ? (JSON.parse(run.stats) as Partial<SyncResult>) : null;
  return {
    enrolled: settings !== null,
    windowDays: windowDays(db),
    serverUrl: settings?.serverUrl ?? null,
    workstationId: settings?.workstationId ?? null,
    running: h.job !== null,
    progress: h.progress,
    lastRun: run
      ? {
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          outcome: run.outcome,
          username: run.username,
          error: stats?.error?.message ?? null,
          records: stats?.records ?? null,
        }
      : null,
    cursors: listCursors(db).map((c) => ({ feed: c.feed, records: c.records, updatedAt: c.updatedAt })),
    quarantined: quarantineCount(db),
    staleHotlists: staleGeneralLists(db, ctx.now(), ctx.profile?.hotLists.generalRefresh.everyHours ?? 24).map(
      (l) => l.id,
    ),
  };
}
