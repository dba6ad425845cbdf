import { z } from 'zod';
import type { Role } from '../../core/access/roles';
import type { HandlerTable } from '../kernel/handler';
import { isoDay, noArgs, text } from '../kernel/schemas';
import { holds, placeHold, releaseLegalHold } from './holds';
import { cancelPurge, openCertificate, preview, purgeStatus, runs, startPurge, tighten } from './purge';
import { publishTransparency } from './publish';
import { transparencyReport } from './transparency';

/**
 * Retention's methods. The purge and its settings are the administrator's; holds are placed and released by an
 * administrator or an evidence technician (issue 21). None shows a plate: counts, dates and ids.
 */
const ADMIN: readonly Role[] = ['administrator'];
const HOLDERS: readonly Role[] = ['administrator', 'evidence_technician'];

const keepDays = z.number().int().min(1).max(36_500).nullable().optional();

export const retentionHandlers: HandlerTable<
  | 'retention.preview'
  | 'retention.tighten'
  | 'retention.purge'
  | 'retention.purgeCancel'
  | 'retention.purgeStatus'
  | 'retention.runs'
  | 'retention.holds'
  | 'retention.placeHold'
  | 'retention.releaseHold'
  | 'retention.transparencyReport'
  | 'retention.publishTransparency'
  | 'retention.openCertificate'
> = {
  'retention.preview': { args: noArgs, access: { kind: 'session', roles: ADMIN }, run: (ctx) => preview(ctx) },
  'retention.tighten': {
    args: z.strictObject({ keepDays: z.strictObject({ detection: keepDays, image: keepDays, hit: keepDays }) }),
    access: { kind: 'session', roles: ADMIN },
    run: (ctx, a) => tighten(ctx, a.keepDays),
  },
  'retention.purge': {
    args: noArgs,
    access: { kind: 'session', roles: ADMIN },
    run: (ctx) => startPurge(ctx, 'request'),
  },
  'retention.purgeCancel': {
    args: z.strictObject({ runId: z.number().int().positive() }),
    access: { kind: 'session', roles: ADMIN },
    run: (ctx, a) => cancelPurge(ctx, a.runId),
  },
  'retention.purgeStatus': { args: noArgs, access: { kind: 'session', roles: ADMIN }, run: (ctx) => purgeStatus(ctx) },
  'retention.runs': { args: noArgs, access: { kind: 'session', roles: ADMIN }, run: (ctx) => runs(ctx) },
  'retention.holds': {
    args: z.strictObject({ includeReleased: z.boolean() }),
    access: { kind: 'session', roles: HOLDERS },
    run: (ctx, a) => holds(ctx, a.includeReleased),
  },
  'retention.placeHold': {
    args: z.strictObject({
      kind: z.enum(['case', 'court_order', 'records']),
      caseNumber: z.string().trim().min(1).max(40).optional(),
      detectionIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
      authority: text(3, 300, 'The authority (the order, its number and court, or who asked)'),
      reason: text(3, 1000, 'The reason'),
      reviewOn: isoDay,
    }),
    access: { kind: 'session', roles: HOLDERS },
    run: (ctx, a) => placeHold(ctx, a),
  },
  'retention.releaseHold': {
    args: z.strictObject({
      holdId: z.number().int().positive(),
      reason: text(10, 1000, 'The reason for releasing the hold'),
    }),
    access: { kind: 'session', roles: HOLDERS },
    run: (ctx, a) => releaseLegalHold(ctx, a.holdId, a.reason),
  },
  'retention.transparencyReport': {
    args: z.strictObject({ from: isoDay, to: isoDay }),
    access: { kind: 'session', roles: ADMIN },
    run: (ctx, a) => transparencyReport(ctx, a.from, a.to),
  },
  'retention.publishTransparency': {
    args: z.strictObject({ documentId: z.string().trim().min(1).max(120) }),
    access: { kind: 'session', roles: ADMIN },
    run: (ctx, a) => publishTransparency(ctx, a.documentId),
  },
  'retention.openCertificate': {
    args: z.strictObject({ runId: z.number().int().positive() }),
    access: { kind: 'session', roles: ADMIN },
    run: (ctx, a) => openCertificate(ctx, a.runId),
  },
};
