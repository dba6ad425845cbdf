import { useEffect } from 'react';
import { call } from '../bridge';

/** Main locks the session after the policy's idle minutes; tell it someone is here, at most every 30 s. */
export const ACTIVITY_THROTTLE_MS = 30_000;

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export function useActivityHeartbeat(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      // A refused heartbeat (already locked, signed out) surfaces through the session-problem listener.
      call('session.activity').catch(() => undefined);
    };
    for (const name of EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [active]);
}
