import { z } from 'zod';
import { describePlatePattern } from '../../core/plates/patternDescribe';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import { noArgs } from '../kernel/schemas';
import { vocabulary } from './vocabulary';

type Methods = 'search.vocabulary' | 'search.describePattern';

/**
 * The vocabulary is reference data for the people who search (no detection is read, so no purpose); pattern
 * feedback reads nothing at all and runs per keystroke beside the queue.
 */
export const platesHandlers: HandlerTable<Methods> = {
  'search.vocabulary': {
    args: noArgs,
    access: { kind: 'session', roles: ALPR_READERS },
    run: (ctx) => vocabulary(ctx),
  },
  'search.describePattern': {
    args: z.strictObject({ plate: z.string().max(40), similar: z.boolean().optional() }),
    access: { kind: 'session' },
    parallel: true,
    run: (_ctx, a) => describePlatePattern(a.plate, { similar: a.similar }),
  },
};
