import { z } from 'zod';
import type { ReleasesContract } from '../../../preload/contract';
import { AGENCY_FUNCTIONS, AGENCY_KINDS, LEGAL_BASES } from '../../core/releases/request';
import type { HandlerTable } from '../kernel/handler';
import { ALPR_READERS } from '../kernel/handler';
import { areaSchema, id, isoDay, noArgs, text } from '../kernel/schemas';
import { agencies, saveAgency } from './directory';
import { cancelFulfil, fulfil } from './fulfil';
import { exportLog, logEntries } from './log';
import { receive } from './receive';
import { allRequests, recordRequest, rescreen } from './requests';
import { decide } from './review';
import { storeOf } from '../kernel/context';

/**
 * Who does what (docs/releases.md): the records custodian keeps the directory, records, screens and fulfils; the
 * commander or designee decides (the ALPR administrator's role: the one that oversees the program); fulfilling
 * and opening a received package read ALPR data, so they pass the purpose gate.
 */
const CUSTODIAN = ['records_custodian'] as const;
const APPROVERS = ['administrator'] as const;
const READERS_OF_REQUESTS = ['records_custodian', 'administrator'] as const;

const instant = z.iso.datetime({ offset: true, error: 'Times are ISO 8601, e.g. 2026-11-20T08:00:00Z.' });
const plate = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,10}$/, { error: 'A plate is 1–10 letters and digits.' });

const scopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('case'), caseNumber: text(2, 40, 'The case number') }),
  z.strictObject({ kind: z.literal('plates'), plates: z.array(plate).min(1).max(50), from: instant, to: instant }),
  z.strictObject({ kind: z.literal('area'), area: areaSchema, from: instant, to: instant }),
]);

const agencySchema = z.strictObject({
  id: id.nullable(),
  name: text(2, 200, 'The agency’s name'),
  ori: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}[A-Z0-9]{7}$/, {
      error: 'An ORI is nine characters: the state’s two letters, then seven (e.g. CA0430100).',
    })
    .nullable(),
  kind: z.enum(AGENCY_KINDS),
  state: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: 'A state is its two-letter code, e.g. CA.' }),
  function: z.enum(AGENCY_FUNCTIONS),
  agreement: z.strictObject({ onFile: z.boolean(), expires: isoDay.nullable() }),
});

const recordSchema = z.strictObject({
  agencyId: id,
  requester: z.strictObject({
    name: text(2, 120, 'The requesting person'),
    title: text(2, 120, 'Their title'),
    contact: text(3, 200, 'Their contact'),
  }),
  purpose: text(10, 2000, 'The intended purpose'),
  theirCaseNumber: text(1, 60, 'Their case number'),
  legalBasis: z.enum(LEGAL_BASES),
  scope: scopeSchema,
  attachmentPath: text(2, 4096, 'The written request’s file'),
  certification: z.strictObject({
    lawEnforcementOnly: z.boolean(),
    noImmigrationEnforcement: z.boolean(),
    retentionDays: z.number().int().min(1).max(3650),
    noOnwardSharing: z.boolean(),
    signedBy: text(2, 120, 'Who signed the certification'),
    signedOn: isoDay,
  }),
});

const period = z.strictObject({ from: instant.optional(), to: instant.optional() });

type Methods = keyof ReleasesContract;

export const releasesHandlers: HandlerTable<Methods> = {
  'releases.agencies': {
    args: noArgs,
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx) => agencies(ctx),
  },
  'releases.saveAgency': {
    args: agencySchema,
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx, a) => saveAgency(ctx, a),
  },
  'releases.record': {
    args: recordSchema,
    access: { kind: 'session', roles: CUSTODIAN },
    run: (ctx, a) => recordRequest(ctx, a),
  },
  'releases.list': {
    args: noArgs,
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx) => allRequests(ctx),
  },
  'releases.screen': {
    args: z.strictObject({ id }),
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx, a) => rescreen(ctx, a.id),
  },
  'releases.decide': {
    args: z.strictObject({ id, decision: z.enum(['approve', 'deny']), note: text(3, 1000, 'A note') }),
    access: { kind: 'session', roles: APPROVERS },
    run: (ctx, a) => decide(ctx, a),
  },
  'releases.fulfil': {
    args: z.strictObject({ id, folder: text(1, 4096, 'The folder') }),
    access: { kind: 'alpr', roles: CUSTODIAN },
    run: (ctx, a) => fulfil(ctx, a),
  },
  'releases.fulfilCancel': {
    args: z.strictObject({ id }),
    access: { kind: 'session', roles: CUSTODIAN },
    // Answered while the fulfilment it stops is still running (calls otherwise wait their turn).
    parallel: true,
    run: (ctx, a) => cancelFulfil(ctx, a.id),
  },
  'releases.log': {
    args: period,
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx, a) => logEntries(storeOf(ctx), a),
  },
  'releases.exportLog': {
    args: period,
    access: { kind: 'session', roles: READERS_OF_REQUESTS },
    run: (ctx, a) => exportLog(ctx, a),
  },
  'releases.receive': {
    args: z.strictObject({
      path: text(1, 4096, 'The package folder'),
      fingerprint: z
        .string()
        .trim()
        .regex(/^[0-9A-Fa-f]{64}$/, { error: 'A key fingerprint is 64 hexadecimal characters (SHA-256).' }),
    }),
    access: { kind: 'alpr', roles: ALPR_READERS },
    run: (ctx, a) => receive(ctx, a),
  },
};
