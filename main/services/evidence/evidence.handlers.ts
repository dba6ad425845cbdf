import { z } from 'zod';
import type { Role } from '../../core/access/roles';
import type { HandlerTable } from '../kernel/handler';
import { id, noArgs, text } from '../kernel/schemas';
import { BUILD_MAX, cancelBuild, checkMedium, chooseMedium, startBuild } from './build';
import { overview } from './overview';
import { addCustody } from './packages';
import { printReport, verifyPackage } from './verify';

type Methods =
  | 'evidence.overview'
  | 'evidence.chooseMedium'
  | 'evidence.medium'
  | 'evidence.build'
  | 'evidence.cancel'
  | 'evidence.verify'
  | 'evidence.custodyAdd'
  | 'evidence.report';

/** Packaging and booking ALPR data is the evidence technician's job (DESIGN.md, roles). */
const TECHNICIAN: readonly Role[] = ['evidence_technician'];
const alpr = { kind: 'alpr', roles: TECHNICIAN } as const;
const technician = { kind: 'session', roles: TECHNICIAN, training: true } as const;
const path = z.string().trim().min(1, { error: 'Choose a drive or folder.' }).max(4096);

export const evidenceHandlers: HandlerTable<Methods> = {
  'evidence.overview': { args: noArgs, access: alpr, run: (ctx) => overview(ctx) },
  'evidence.chooseMedium': { args: noArgs, access: technician, run: (ctx) => chooseMedium(ctx) },
  'evidence.medium': {
    args: z.strictObject({ path }),
    access: technician,
    run: (_ctx, a) => checkMedium(a.path),
  },
  'evidence.build': {
    args: z.strictObject({
      detectionIds: z
        .array(id)
        .min(1, { error: 'Choose at least one detection of the collection.' })
        .max(BUILD_MAX, { error: `A package holds at most ${BUILD_MAX.toLocaleString('en-US')} detections.` }),
      medium: path,
    }),
    access: alpr,
    run: (ctx, a) => startBuild(ctx, a),
  },
  'evidence.cancel': {
    args: z.strictObject({ attemptId: z.uuid() }),
    access: technician,
    run: (ctx, a) => cancelBuild(ctx, a.attemptId),
  },
  'evidence.verify': {
    args: z.union([z.strictObject({ packageId: id }), z.strictObject({ path })]),
    access: technician,
    // Hashes a whole medium on the worker; it writes only its access-log record, after the worker answers.
    parallel: true,
    run: (ctx, a) => verifyPackage(ctx, a),
  },
  'evidence.custodyAdd': {
    args: z.strictObject({
      packageId: id,
      action: text(2, 60, 'What happened'),
      fromPerson: text(2, 120, 'Who handed it over').optional(),
      toPerson: text(2, 120, 'Who received it'),
      at: z.string().max(40).optional(),
      location: text(1, 200, 'Where').optional(),
      note: text(1, 500, 'The note').optional(),
    }),
    access: technician,
    run: (ctx, a) => addCustody(ctx, a),
  },
  'evidence.report': {
    args: z.strictObject({ packageId: id }),
    access: alpr,
    // Lays out hundreds of pages on the worker, which registers the report on its own connection.
    parallel: true,
    run: (ctx, a) => printReport(ctx, a.packageId),
  },
};
