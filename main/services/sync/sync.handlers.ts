import { z } from 'zod';
import type { Access, HandlerTable } from '../kernel/handler';
import { gate } from '../kernel/gate';
import { certificateAuthorityProblem } from './http';
import { noArgs, password, text } from '../kernel/schemas';
import * as sync from './service';

type Methods = 'sync.status' | 'sync.start' | 'sync.cancel' | 'sync.enroll' | 'sync.setWindow' | 'sync.quarantine';

/**
 * Sync with the agency server (docs/sync-protocol.md). Starting a sync needs current training (the server
 * refuses it too); enrolling the workstation and reading the quarantine are the administrator's.
 */
const startAccess: Access = { kind: 'session', training: true };

export const syncHandlers: HandlerTable<Methods> = {
  'sync.status': { args: noArgs, access: { kind: 'session' }, run: (ctx) => sync.syncStatus(ctx) },
  'sync.start': {
    args: z.strictObject({ password: password.optional() }),
    access: startAccess,
    // It may wait for the last sync's clone scan (~20 s at 10 M detections) and the server's sign-in: other
    // calls must not queue behind it.
    parallel: true,
    run: (ctx, a) =>
      sync.startSync(ctx, { password: a.password ?? null, stillAllowed: () => gate(ctx, 'sync.start', startAccess) }),
  },
  'sync.cancel': { args: noArgs, access: { kind: 'session' }, run: (ctx) => sync.cancelSync(ctx) },
  'sync.enroll': {
    args: z.strictObject({
      serverUrl: z
        .string()
        .trim()
        .url({ error: 'Enter the agency server address, e.g. https://alpr.example.gov.' })
        .max(300),
      username: text(1, 64, 'The server username'),
      password,
      name: text(1, 100, 'The workstation name'),
      pinnedCert: z
        .string()
        .trim()
        .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, {
          error: 'A certificate fingerprint is 32 hex pairs separated by colons (SHA-256).',
        })
        .optional(),
      ca: z
        .string()
        .trim()
        .max(20_000, { error: 'A certificate authority is a few kilobytes of PEM text at most.' })
        .superRefine((pem, c) => {
          const problem = certificateAuthorityProblem(pem);
          if (problem) c.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
    }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => sync.enrollWorkstation(ctx, { ...a, pinnedCert: a.pinnedCert ?? null, ca: a.ca ?? null }),
  },
  'sync.setWindow': {
    args: z.strictObject({ days: z.number().int().min(1, { error: 'Keep at least one day.' }).max(3650) }),
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx, a) => sync.setWindow(ctx, a.days),
  },
  'sync.quarantine': {
    args: noArgs,
    access: { kind: 'session', roles: ['administrator'] },
    run: (ctx) => sync.quarantineList(ctx),
  },
};
