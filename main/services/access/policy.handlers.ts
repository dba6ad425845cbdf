import { z } from 'zod';
import { policyProfileSchema } from '../../core/access/policy';
import type { HandlerTable } from '../kernel/handler';
import { isoDay, noArgs, text } from '../kernel/schemas';
import * as policy from './policy';

type Methods = 'policy.get' | 'policy.update' | 'policy.setDesignee';

export const policyHandlers: HandlerTable<Methods> = {
  'policy.get': { args: noArgs, access: { kind: 'session' }, run: (ctx) => policy.info(ctx) },
  'policy.update': {
    args: z.strictObject({ profile: policyProfileSchema }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => policy.update(ctx, a.profile),
  },
  'policy.setDesignee': {
    args: z.strictObject({
      title: text(2, 200, 'The title'),
      name: text(2, 200, 'The name'),
      since: isoDay,
    }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => policy.setDesignee(ctx, a),
  },
};
