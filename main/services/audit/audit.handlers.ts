import { join } from 'node:path';
import { z } from 'zod';
import type { AuditRecord } from '../../core/audit/chain';
import { pageAudit } from '../../store/repos/audit';
import { record } from './log';
import { exportAudit } from './export';
import { verifyStoreChainParallel } from './verify';
import type { HandlerTable } from '../kernel/handler';
import { noArgs } from '../kernel/schemas';
import { storeOf } from '../kernel/context';

type Methods = 'audit.list' | 'audit.verify' | 'audit.export';

const auditors = { kind: 'session', roles: ['administrator', 'records_custodian'] } as const;

export const auditHandlers: HandlerTable<Methods> = {
  'audit.list': {
    args: z.strictObject({
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    access: auditors,
    run: (ctx, a) =>
      pageAudit(storeOf(ctx), a.beforeSeq ?? null, a.limit ?? 100).map((link) => {
        const r = JSON.parse(link.body) as AuditRecord;
        return {
          seq: link.seq,
          at: r.at,
          action: r.action,
          outcome: r.outcome,
          username: r.username,
          agency: r.agency,
          purpose: r.purpose ? [r.purpose.number, r.purpose.purposeLabel].filter(Boolean).join(' — ') : null,
          data: JSON.stringify(r.data),
          hash: link.hash,
        };
      }),
  },
  'audit.verify': {
    args: noArgs,
    access: auditors,
    run: async (ctx) => {
      const db = storeOf(ctx);
      const verdict = await verifyStoreChainParallel(db, ctx.storePath, ctx.dataKey!);
      record(
        ctx,
        db,
        'audit.verify',
        verdict.ok ? 'ok' : 'failed',
        verdict.ok ? { count: verdict.count, headHash: verdict.headHash } : { problem: verdict.problem.message },
      );
      return verdict;
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
};
