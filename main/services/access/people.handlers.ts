import { z } from 'zod';
import type { HandlerTable } from '../kernel/handler';
import * as users from './users';
import { id, newUserFields, noArgs, password, roles, text, training } from '../kernel/schemas';

type Methods =
  | 'users.list'
  | 'users.create'
  | 'users.disable'
  | 'users.enable'
  | 'users.unlock'
  | 'users.resetPassword'
  | 'users.setRoles'
  | 'users.setSupervisor'
  | 'training.record'
  | 'training.list';

const admin = { kind: 'session', roles: ['administrator'] } as const;

export const peopleHandlers: HandlerTable<Methods> = {
  'users.list': { args: noArgs, access: admin, run: (ctx) => users.list(ctx) },
  'users.create': {
    args: z.strictObject({ ...newUserFields, password }),
    access: admin,
    run: (ctx, args) => users.create(ctx, args),
  },
  'users.disable': {
    args: z.strictObject({ userId: id, reason: text(3, 500, 'The reason') }),
    access: admin,
    run: (ctx, a) => users.disable(ctx, a.userId, a.reason),
  },
  'users.enable': {
    args: z.strictObject({ userId: id, password }),
    access: admin,
    run: (ctx, a) => users.enable(ctx, a.userId, a.password),
  },
  'users.unlock': {
    args: z.strictObject({ userId: id }),
    access: admin,
    run: (ctx, a) => users.unlockAccount(ctx, a.userId),
  },
  'users.resetPassword': {
    args: z.strictObject({ userId: id, password }),
    access: admin,
    run: (ctx, a) => users.resetPassword(ctx, a.userId, a.password),
  },
  'users.setRoles': {
    args: z.strictObject({ userId: id, roles }),
    access: admin,
    run: (ctx, a) => users.changeRoles(ctx, a.userId, a.roles),
  },
  'users.setSupervisor': {
    args: z.strictObject({ userId: id, supervisorId: id.nullable() }),
    access: admin,
    run: (ctx, a) => users.changeSupervisor(ctx, a.userId, a.supervisorId),
  },
  'training.record': {
    args: training.extend({ userId: id }),
    access: admin,
    run: (ctx, { userId, ...t }) => users.recordTraining(ctx, userId, t),
  },
  'training.list': {
    args: z.strictObject({ userId: id }),
    access: admin,
    run: (ctx, a) => users.trainingHistory(ctx, a.userId),
  },
};
