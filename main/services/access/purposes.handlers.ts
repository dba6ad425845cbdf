import { z } from 'zod';
import { citationText, NUMBER_KINDS } from '../../core/access/policy';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import { profileOf } from '../kernel/context';
import { id, noArgs, text } from '../kernel/schemas';
import * as purposes from './purposes';

type Methods = 'purposes.options' | 'purposes.open' | 'purposes.resume' | 'purposes.close' | 'purposes.recent';

/** Opening a purpose needs current training, like the ALPR data it unlocks. */
const trained = { kind: 'session', roles: ALPR_READERS, training: true } as const;

export const purposesHandlers: HandlerTable<Methods> = {
  'purposes.options': {
    args: noArgs,
    access: { kind: 'session' },
    run: (ctx) => {
      const p = profileOf(ctx);
      return {
        purposes: p.purposes.map(({ id: pid, label }) => ({ id: pid, label })),
        numberKinds: p.inquiry.numberKinds,
        numberRequired: p.inquiry.numberRequired,
        rule: citationText(p.inquiry.cite),
      };
    },
  },
  'purposes.open': {
    args: z.strictObject({
      numberKind: z.enum(NUMBER_KINDS).nullable(),
      number: z.string().trim().max(40).nullable(),
      purposeId: text(1, 64, 'The purpose'),
      description: z.string().trim().max(1000, { error: 'The description is at most 1000 characters.' }),
    }),
    access: trained,
    run: (ctx, args) => purposes.open(ctx, args),
  },
  'purposes.resume': { args: z.strictObject({ id }), access: trained, run: (ctx, a) => purposes.resume(ctx, a.id) },
  'purposes.close': {
    args: noArgs,
    access: { kind: 'session' },
    run: (ctx) => {
      purposes.close(ctx);
      return null;
    },
  },
  'purposes.recent': { args: noArgs, access: { kind: 'session' }, run: (ctx) => purposes.recent(ctx) },
};
