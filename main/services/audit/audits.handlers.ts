import { z } from 'zod';
import type { HandlerTable } from '../kernel/handler';
import { id, isoDay, noArgs } from '../kernel/schemas';
import * as audits from './audits';
import { importFlock, imports } from './auditImport';
import { pullAgencyLog } from './agencyLog';

type Methods =
  | 'audit.audits'
  | 'audit.open'
  | 'audit.resume'
  | 'audit.detail'
  | 'audit.screen'
  | 'audit.addFlagged'
  | 'audit.inquiries'
  | 'audit.answer'
  | 'audit.sign'
  | 'audit.file'
  | 'audit.agencyLog'
  | 'audit.import'
  | 'audit.imports';

/** Who conducts audits of use: the ALPR administrator (or a custodian as designee), with current training to read the log. */
const auditing = { kind: 'session', roles: ['administrator', 'records_custodian'], training: true } as const;
const viewing = { kind: 'session', roles: ['administrator', 'records_custodian'] } as const;

const answer = z.enum(['yes', 'no', 'na']);
const checklist = z.strictObject({
  purposeSpecific: answer,
  numberValid: answer,
  scopeProportionate: answer,
  userTrained: answer,
  dataErrors: z
    .array(
      z.strictObject({
        kind: z.enum(['misread', 'wrong_state', 'other']),
        detail: z.string().trim().min(3, { error: 'Describe the data error.' }).max(500),
        correction: z.enum(['corrected', 'reported', 'open']),
      }),
    )
    .max(50),
  finding: z.enum(['compliant', 'finding']),
  findingText: z.string().trim().max(2000),
  remediation: z.string().trim().max(2000),
});
const auditId = z.strictObject({ auditId: id });

export const auditsHandlers: HandlerTable<Methods> = {
  'audit.audits': { args: noArgs, access: viewing, run: (ctx) => audits.audits(ctx) },
  'audit.open': {
    args: z.strictObject({
      number: z.string().trim().min(1, { error: 'Enter the audit number.' }).max(40),
      from: isoDay,
      to: isoDay,
      importId: id.optional(),
    }),
    access: auditing,
    run: (ctx, a) => audits.open(ctx, a),
  },
  'audit.resume': { args: auditId, access: auditing, run: (ctx, a) => audits.resume(ctx, a.auditId) },
  'audit.detail': { args: auditId, access: auditing, run: (ctx, a) => audits.auditDetail(ctx, a.auditId) },
  'audit.screen': { args: auditId, access: auditing, run: (ctx, a) => audits.screenAudit(ctx, a.auditId) },
  'audit.addFlagged': {
    args: z.strictObject({ auditId: id, keys: z.array(z.string().min(1).max(200)).min(1).max(200) }),
    access: auditing,
    run: (ctx, a) => audits.addFlagged(ctx, a.auditId, a.keys),
  },
  'audit.inquiries': { args: auditId, access: auditing, run: (ctx, a) => audits.inquiries(ctx, a.auditId) },
  'audit.answer': {
    args: z.strictObject({ auditId: id, key: z.string().min(1).max(200), answers: checklist }),
    access: auditing,
    run: (ctx, a) => audits.answer(ctx, a.auditId, a.key, a.answers),
  },
  'audit.sign': {
    args: z.strictObject({ auditId: id, recommendations: z.string().trim().max(5000) }),
    access: { kind: 'session', roles: ['administrator'], training: true },
    run: (ctx, a) => audits.sign(ctx, a.auditId, a.recommendations),
  },
  'audit.file': {
    args: auditId,
    access: { kind: 'session', roles: ['records_custodian'] },
    run: (ctx, a) => audits.file(ctx, a.auditId),
  },
  'audit.agencyLog': { args: noArgs, access: auditing, run: (ctx) => pullAgencyLog(ctx) },
  'audit.import': {
    args: z.strictObject({ path: z.string().trim().min(1, { error: 'Enter the path of the export.' }).max(4096) }),
    access: auditing,
    run: (ctx, a) => importFlock(ctx, a.path),
  },
  'audit.imports': { args: noArgs, access: viewing, run: (ctx) => imports(ctx) },
};
