import { z } from 'zod';
import { policyProfileSchema } from '../../core/access/policy';
import type { HandlerTable } from '../kernel/handler';
import { noArgs } from '../kernel/schemas';
import * as policy from './policy';

type Methods = 'policy.get' | 'policy.update';

export const policyHandlers: HandlerTable<Methods> = {
  'policy.get': { args: noArgs, access: { kind: 'session' }, run: (ctx) => policy.info(ctx) },
  'policy.update': {
    args: z.strictObject({ profile: policyProfileSchema }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => policy.update(ctx, a.profile),
  },
};
