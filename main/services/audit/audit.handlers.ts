import { join } from 'node:path';
import { z } from 'zod';
import { isAlprAccess } from '../../core/audit/redact';
import { auditEntry } from './entries';
import { trainingStatus } from '../../core/access/training';
import { trainingCourses } from '../../store/repos/training';
import { inTransaction } from '../../store/db';
import { pageAudit } from '../../store/repos/audit';
import { record } from './log';
import { acknowledge, alerts } from './alerts';
import { exportAudit } from './export';
import { verifyStoreChainParallel } from './verify';
import type { HandlerTable } from '../kernel/handler';
import { id, noArgs, text } from '../kernel/schemas';
import { profileOf, storeOf, type Context } from '../kernel/context';

type Methods = 'audit.list' | 'audit.verify' | 'audit.export' | 'audit.alerts' | 'audit.acknowledge';

const auditors = { kind: 'session', roles: ['administrator', 'records_custodian'] } as const;

/**
 * Whether the viewer may see the ALPR data elements in the log (plates, patterns, detection ids): only someone
 * who reviews the log acting under a purpose of their own, with current training (a custodian under an audit;
 * an administrator once the audit issue gives them audit purposes). Everyone else sees the log redacted.
 */
function seesAlprData(ctx: Context): boolean {
  const s = ctx.session;
  if (!s || s.purposeId === null) return false;
  const profile = profileOf(ctx);
  return trainingStatus(
    trainingCourses(storeOf(ctx), s.userId),
    { validity: profile.training.validity.period, requiredTopics: profile.training.topics.required },
    ctx.now(),
    profile.timeZone,
  ).current;
}

export const auditHandlers: HandlerTable<Methods> = {
  'audit.list': {
    args: z.strictObject({
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    access: auditors,
    run: (ctx, a) => {
      const db = storeOf(ctx);
      const full = seesAlprData(ctx);
      const entries = pageAudit(db, a.beforeSeq ?? null, a.limit ?? 100).map((link) => auditEntry(link, full));
      // Reading the log is itself an access: who looked at which records, and whether they saw ALPR data.
      inTransaction(db, () =>
        record(ctx, db, 'audit.list', 'ok', {
          beforeSeq: a.beforeSeq ?? null,
          fromSeq: entries.length ? entries[entries.length - 1]!.seq : null,
          toSeq: entries.length ? entries[0]!.seq : null,
          count: entries.length,
          alprDataShown: full && entries.some((e) => isAlprAccess(e.action, e.purpose !== null)),
        }),
      );
      return entries;
    },
  },
  'audit.verify': {
    args: noArgs,
    access: auditors,
    run: async (ctx) => {
      const db = storeOf(ctx);
      const verdict = await verifyStoreChainParallel(db, ctx.storePath, ctx.dataKey!);
      const anchor = ctx.anchorCheck ? await ctx.anchorCheck() : null;
      const store = storeOf(ctx);
      record(
        ctx,
        store,
        'audit.verify',
        verdict.ok && (!anchor || !['missing', 'differs'].includes(anchor.status)) ? 'ok' : 'failed',
        {
          ...(verdict.ok ? { count: verdict.count, headHash: verdict.headHash } : { problem: verdict.problem.message }),
          anchor: anchor ? { status: anchor.status, message: anchor.message } : null,
        },
      );
      return { ...verdict, anchor };
    },
  },
  'audit.export': {
    args: z.strictObject({ format: z.enum(['ndjson', 'csv']) }),
    access: auditors,
    run: (ctx, { format }) => {
      const db = storeOf(ctx);
      const stamp = ctx.nowIso().replace(/[:.]/g, '-');
      const path = join(ctx.exportDir, `canvass-access-log-${stamp}.${format}`);
      const records = exportAudit(db, format, path);
      record(ctx, db, 'audit.export', 'ok', { format, path, records });
      return { path, records };
    },
  },
  'audit.alerts': {
    args: z.strictObject({ open: z.boolean().optional() }),
    access: auditors,
    run: (ctx, a) => alerts(storeOf(ctx), a.open ?? false),
  },
  'audit.acknowledge': {
    args: z.strictObject({ id, note: text(3, 1000, 'What was done about it') }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => {
      acknowledge(ctx, storeOf(ctx), a.id, a.note);
      return null;
    },
  },
};
