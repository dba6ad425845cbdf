import { createContext, useContext, useEffect } from 'react';
import type { PurposeInfo, Role, SessionInfo } from '../../../preload/contract';
import { on } from '../bridge';

export type SessionApi = {
  session: SessionInfo;
  /** The open purpose changed (opened, resumed, closed). */
  setPurpose: (purpose: PurposeInfo | null) => void;
  /** Re-read `app.state` from main; `notice` shows on the sign-in screen if the session is gone. */
  refresh: (notice?: string) => Promise<void>;
  signOut: () => Promise<void>;
  lock: () => Promise<void>;
};

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside a signed-in workspace');
  return api;
}

export function hasRole(session: SessionInfo, ...roles: Role[]): boolean {
  return roles.some((r) => session.roles.includes(r));
}

/**
 * A sync may bring a new policy (the agency's name, its profile) or change the signed-in user's record: main
 * refreshes what its context caches when the sync ends, so re-read the session then, or the header stays stale
 * until the next sign-in. Whatever the outcome: a failed sync may still have applied the policy feed.
 */
export function useSessionFollowsSync(): void {
  const { refresh } = useSession();
  useEffect(() => on('sync.finished', () => void refresh()), [refresh]);
}
