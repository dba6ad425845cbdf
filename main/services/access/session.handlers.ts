import { z } from 'zod';
import { CanvassError } from '../../core/shared/errors';
import * as auth from './auth';
import type { HandlerTable } from '../kernel/handler';
import { loadProfiles } from './profiles';
import { noArgs, password, text, training, newUserFields } from '../kernel/schemas';
import { sessionInfo } from './sessionInfo';

type Methods =
  | 'app.state'
  | 'setup.profiles'
  | 'setup.create'
  | 'auth.login'
  | 'auth.logout'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.changePassword'
  | 'auth.recoverKeyring'
  | 'session.activity';

export const sessionHandlers: HandlerTable<Methods> = {
  'app.state': {
    args: noArgs,
    access: { kind: 'public' },
    run: (ctx) => {
      if (ctx.session) auth.lockIfIdle(ctx);
      return { setUp: auth.isSetUp(ctx), session: ctx.session ? sessionInfo(ctx) : null };
    },
  },
  'setup.profiles': {
    args: noArgs,
    access: { kind: 'public' },
    run: (ctx) =>
      loadProfiles(ctx.profilesDir).map((p) => ({
        id: p.id,
        agencyName: p.agencyName,
        source: p.source,
        timeZone: p.timeZone,
        classifications: p.classifications.map(({ id, label }) => ({ id, label })),
        trainingTopics: p.training.topics.required,
        minPasswordLength: p.security.minPasswordLength,
      })),
  },
  'setup.create': {
    args: z.strictObject({
      agency: z.strictObject({
        name: text(2, 200, 'The agency name'),
        ori: z
          .string()
          .trim()
          .regex(/^[A-Z]{2}[0-9A-Z]{7}$/, { error: 'An ORI is 9 characters, e.g. CA0410100.' })
          .optional(),
        profileId: text(1, 64, 'The policy profile'),
      }),
      admin: z.strictObject({ ...newUserFields, password, training }),
    }),
    access: { kind: 'public' },
    run: (ctx, args) => auth.setUp(ctx, args),
  },
  'auth.login': {
    args: z.strictObject({ username: z.string().trim().min(1, { error: 'Enter your username.' }).max(64), password }),
    access: { kind: 'public' },
    run: (ctx, { username: name, password: pw }) => auth.login(ctx, name, pw),
  },
  'auth.logout': {
    args: noArgs,
    access: { kind: 'signedIn' },
    run: (ctx) => {
      auth.logout(ctx);
      return null;
    },
  },
  'auth.lock': {
    args: noArgs,
    access: { kind: 'session' },
    run: (ctx) => {
      auth.lock(ctx, 'manual');
      return null;
    },
  },
  'auth.unlock': {
    args: z.strictObject({ password }),
    access: { kind: 'signedIn' },
    run: (ctx, { password: pw }) => auth.unlock(ctx, pw),
  },
  'auth.changePassword': {
    args: z.strictObject({ current: password, next: password }),
    access: { kind: 'session' },
    run: async (ctx, { current, next }) => {
      if (current === next)
        throw new CanvassError('INVALID_ARGUMENT', 'The new password must differ from the current one.');
      await auth.changePassword(ctx, current, next);
      return null;
    },
  },
  'auth.recoverKeyring': {
    args: z.strictObject({
      serverUrl: z.string().trim().min(1, { error: 'Enter the agency server address.' }).max(300),
      username: z.string().trim().min(1, { error: 'Enter your username.' }).max(64),
      password,
    }),
    access: { kind: 'public' },
    run: (ctx, a) => auth.recoverKeyring(ctx, a),
  },
  'session.activity': {
    args: noArgs,
    access: { kind: 'session' },
    run: (ctx) => {
      auth.touch(ctx);
      return null;
    },
  },
};
