import { createContext, useContext } from 'react';
import type { PurposeInfo, Role, SessionInfo } from '../../../preload/contract';

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
