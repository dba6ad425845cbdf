/** Access: setup, sign-in and the session, accounts and training, the policy profile, and purposes. */
import { peopleHandlers } from './people.handlers';
import { policyHandlers } from './policy.handlers';
import { purposesHandlers } from './purposes.handlers';
import { sessionHandlers } from './session.handlers';

export const accessHandlers = { ...sessionHandlers, ...peopleHandlers, ...purposesHandlers, ...policyHandlers };

export { applyUserChanges, lockIfIdle, touch } from './auth';
export { classificationRefusal, userTraining } from './sessionInfo';
export { currentDesignee } from './policy';
