import { CanvassError } from '../../core/shared/errors';
import { trainingRefusal } from '../../core/access/training';
import { ROLE_LABELS } from '../../core/access/roles';
import { classificationRefusal, lockIfIdle, userTraining } from '../access';
import { record } from '../audit';
import type { Context } from './context';
import type { Access } from './handler';

/**
 * The one gate every handler passes: a signed-in session, not locked, the role for the method, a job
 * classification the policy allows and current training, and for ALPR data an open purpose. A refused ALPR
 * access is itself recorded.
 */
export function gate(ctx: Context, method: string, access: Access): void {
  if (access.kind === 'public') return;
  const session = ctx.session;
  if (!session) throw new CanvassError('NOT_SIGNED_IN', 'Sign in to continue.');
  if (access.kind === 'signedIn') return;
  if (lockIfIdle(ctx)) {
    throw new CanvassError(
      'LOCKED',
      'Canvass locked itself after a period of inactivity. Enter your password to continue.',
    );
  }
  if (!ctx.store) throw new CanvassError('NOT_SIGNED_IN', 'Sign in to continue.');
  const roles = access.roles;
  if (roles && !roles.some((r) => session.roles.includes(r))) {
    const needed = roles.map((r) => ROLE_LABELS[r]).join(' or ');
    refuse(ctx, method, access, 'role');
    throw new CanvassError('FORBIDDEN', `This needs the ${needed} role. Ask the ALPR administrator if you need it.`);
  }
  const needsTraining = access.kind === 'alpr' || access.training === true;
  if (needsTraining) {
    // Checked here, not only when an account is made: users also arrive by sync, and policies change.
    const classification = classificationRefusal(ctx, ctx.store, session.userId);
    if (classification) {
      refuse(ctx, method, access, 'classification');
      throw new CanvassError('FORBIDDEN', classification);
    }
    const training = userTraining(ctx, ctx.store, session.userId);
    if (!training.current) {
      refuse(ctx, method, access, 'training');
      throw new CanvassError('TRAINING_REQUIRED', trainingRefusal(training));
    }
  }
  if (access.kind === 'alpr' && session.purposeId === null) {
    refuse(ctx, method, access, 'no purpose');
    throw new CanvassError(
      'PURPOSE_REQUIRED',
      'Open a purpose first: a case, incident, call or warrant number and the reason. ALPR data stays hidden until you do.',
    );
  }
}

function refuse(ctx: Context, method: string, access: Access, reason: string): void {
  if (access.kind === 'alpr' && ctx.store) record(ctx, ctx.store, method, 'denied', { reason });
}
