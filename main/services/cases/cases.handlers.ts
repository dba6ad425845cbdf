import { z } from 'zod';
import type { Role } from '../../core/access/roles';
import { ADD_MAX, CASE_SOURCES, NOTE_MAX, type CaseSource } from '../../core/cases/collection';
import { ALPR_READERS, type HandlerTable } from '../kernel/handler';
import { id, noArgs, text } from '../kernel/schemas';
import * as cases from './collection';
import { exportCase } from './export';

type Methods = 'cases.add' | 'cases.collection' | 'cases.remove' | 'cases.export';

/** Reading a collection is ALPR data for the roles that read it; what goes into a case is an officer's call. */
const COLLECTORS: readonly Role[] = ['investigator', 'evidence_technician'];
const read = { kind: 'alpr', roles: ALPR_READERS } as const;
const collect = { kind: 'alpr', roles: COLLECTORS } as const;

export const casesHandlers: HandlerTable<Methods> = {
  'cases.add': {
    args: z.strictObject({
      detectionIds: z
        .array(id)
        .min(1, { error: 'Choose at least one detection.' })
        .max(ADD_MAX, { error: `Add at most ${ADD_MAX.toLocaleString('en-US')} detections at once.` }),
      // checkNote (core) says what a note needs; here only the size is capped.
      note: z.string().max(NOTE_MAX * 2),
      source: z.enum(Object.keys(CASE_SOURCES) as [CaseSource, ...CaseSource[]]),
    }),
    access: collect,
    run: (ctx, a) => cases.add(ctx, a),
  },
  'cases.collection': { args: noArgs, access: read, run: (ctx) => cases.collection(ctx) },
  'cases.remove': {
    args: z.strictObject({ itemId: id, reason: text(3, NOTE_MAX, 'The reason for taking it out') }),
    access: collect,
    run: (ctx, a) => cases.remove(ctx, a.itemId, a.reason),
  },
  'cases.export': { args: noArgs, access: read, run: (ctx) => exportCase(ctx) },
};
