import { z } from 'zod';
import { ENTRY_STATUSES } from '../../core/hotlists/entries';
import { DISPOSITIONS, HIT_ACTIONS, HIT_STATES, REJECT_REASONS } from '../../core/hotlists/hitStates';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import { id, noArgs, text } from '../kernel/schemas';
import { approvals, decide, enter, proposeUpdate, remove } from './entries';
import { forDetection, get, inbox, MAX_INBOX, transition } from './hits';
import { entries, entry, lists, recentRetro } from './lists';
import { cancelCheck, checkList, checkStatus } from './retro';

type Methods =
  | 'hotlists.lists'
  | 'hotlists.entries'
  | 'hotlists.entry'
  | 'hotlists.enter'
  | 'hotlists.proposeUpdate'
  | 'hotlists.remove'
  | 'hotlists.approvals'
  | 'hotlists.decide'
  | 'hotlists.retroCheck'
  | 'hotlists.retroCancel'
  | 'hotlists.retroStatus'
  | 'hits.inbox'
  | 'hits.get'
  | 'hits.transition'
  | 'hits.forDetection'
  | 'hits.retro';

/**
 * Every view of a list, an entry or a hit is ALPR data (purpose gate, current training, access log). Lists and
 * entries are also the ALPR administrator's, who approves new entries; entering and updating is the
 * investigators' (a supervisor is an investigator who supervises others); moving a hit is the investigators'.
 */
const hits = { kind: 'alpr', roles: ALPR_READERS } as const;
const lists_ = { kind: 'alpr', roles: [...ALPR_READERS, 'administrator'] } as const;
const editors = { kind: 'alpr', roles: ['investigator', 'administrator'] } as const;
const investigators = { kind: 'alpr', roles: ['investigator'] } as const;
const administrators = { kind: 'alpr', roles: ['administrator'] } as const;

const optional = (max: number, what: string) => text(0, max, what).nullable().optional();
const fields = z.strictObject({
  plate: z.string({ error: 'Enter the plate.' }).max(20, { error: 'A plate is at most 8 characters.' }),
  state: z.string({ error: 'Enter the state of issue.' }).max(10),
  make: optional(40, 'The make'),
  model: optional(40, 'The model'),
  color: optional(20, 'The colour'),
  body: optional(20, 'The body'),
  reason: z.string({ error: 'Say why the vehicle is wanted.' }).max(300),
  caseNumber: z.string({ error: 'Enter the related case number.' }).max(60),
  synopsis: z.string({ error: 'Write a short synopsis.' }).max(2000),
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'An expiry is a date (YYYY-MM-DD).' })
    .nullable()
    .optional(),
});
const listId = z.string().min(1).max(32);
const note = (what: string) => text(0, 2000, what).optional();

export const hotlistsHandlers: HandlerTable<Methods> = {
  'hotlists.lists': { args: noArgs, access: lists_, run: (ctx) => lists(ctx) },
  'hotlists.entries': {
    args: z.strictObject({
      listId: listId.optional(),
      plate: z.string().max(20).optional(),
      status: z.enum(ENTRY_STATUSES).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    access: lists_,
    run: (ctx, a) => entries(ctx, a),
  },
  'hotlists.entry': {
    args: z.strictObject({ entryId: z.number().int() }),
    access: lists_,
    run: (ctx, a) => entry(ctx, a.entryId),
  },
  'hotlists.enter': { args: z.strictObject({ listId, fields }), access: editors, run: (ctx, a) => enter(ctx, a) },
  'hotlists.proposeUpdate': {
    args: z.strictObject({ entryId: z.number().int(), fields }),
    access: editors,
    run: (ctx, a) => proposeUpdate(ctx, a),
  },
  'hotlists.remove': {
    args: z.strictObject({ entryId: z.number().int(), reason: text(5, 500, 'The reason for the removal') }),
    access: editors,
    run: (ctx, a) => remove(ctx, a),
  },
  'hotlists.approvals': { args: noArgs, access: editors, run: (ctx) => approvals(ctx) },
  'hotlists.decide': {
    args: z.strictObject({
      key: z.string().min(8).max(100),
      decision: z.enum(['approve', 'refuse']),
      note: note('The note'),
    }),
    access: editors,
    run: (ctx, a) => decide(ctx, a),
  },
  'hotlists.retroCheck': {
    args: z.strictObject({ listId }),
    access: administrators,
    run: (ctx, a) => checkList(ctx, a.listId, 'request'),
  },
  'hotlists.retroCancel': {
    args: z.strictObject({ runId: id }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => cancelCheck(ctx, a.runId),
  },
  'hotlists.retroStatus': { args: noArgs, access: { kind: 'session' }, run: (ctx) => checkStatus(ctx) },
  'hits.inbox': {
    args: z.strictObject({
      filter: z.enum(['open', 'closed', 'all']).optional(),
      limit: z
        .number()
        .int()
        .min(1)
        .max(MAX_INBOX, { error: `The inbox shows at most ${MAX_INBOX.toLocaleString('en-US')} hits.` })
        .optional(),
    }),
    access: hits,
    run: (ctx, a) => inbox(ctx, a),
  },
  'hits.get': { args: z.strictObject({ hitId: id }), access: hits, run: (ctx, a) => get(ctx, a.hitId) },
  'hits.transition': {
    args: z.strictObject({
      hitId: id,
      from: z.enum(HIT_STATES),
      action: z.enum(HIT_ACTIONS),
      compared: z
        .strictObject({
          characters: z.enum(['match', 'differ']),
          state: z.enum(['match', 'differ', 'unreadable']),
        })
        .optional(),
      reason: z.enum(REJECT_REASONS).optional(),
      note: note('The note'),
      justification: note('The justification'),
      reference: text(0, 100, 'The live query reference').optional(),
      referenceAt: z
        .string()
        .max(40)
        .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'When the live query ran is a date and time.' })
        .optional(),
      entryActive: z.boolean().optional(),
      confirmedBy: text(0, 200, 'Who confirmed').optional(),
      confirmedHow: text(0, 200, 'How it was confirmed').optional(),
      disposition: z.enum(DISPOSITIONS).optional(),
    }),
    access: investigators,
    run: (ctx, a) => transition(ctx, a),
  },
  'hits.forDetection': {
    args: z.strictObject({ detectionId: id }),
    access: hits,
    run: (ctx, a) => forDetection(ctx, a.detectionId),
  },
  'hits.retro': {
    args: z.strictObject({ limit: z.number().int().min(1).max(2000).optional() }),
    access: hits,
    run: (ctx, a) => recentRetro(ctx, a.limit ?? 500),
  },
};
