import { useEffect, useState } from 'react';
import { VisuallyHidden } from '@mantine/core';
import type { HitsArrived } from '../../../../preload/contract';
import { on } from '../../bridge';

/**
 * New alerts after a sync, announced without taking the focus: a polite live region screen readers speak when
 * the person pauses, and a count the navigation shows beside Hits until the hits screen is opened.
 */
export function useNewAlerts(): { count: number; message: string | null; seen: () => void } {
  const [arrived, setArrived] = useState<HitsArrived | null>(null);
  const [count, setCount] = useState(0);
  useEffect(
    () =>
      on('hits.arrived', (a) => {
        setArrived(a);
        if (a.newAlerts > 0) setCount((n) => n + a.newAlerts);
      }),
    [],
  );
  const message =
    arrived && arrived.newAlerts > 0
      ? `${arrived.newAlerts} new ${arrived.newAlerts === 1 ? 'alert' : 'alerts'} from the last sync; ${arrived.openAlerts} open in Hits.`
      : null;
  return { count, message, seen: () => setCount(0) };
}

export function AlertsAnnouncer({ message }: { message: string | null }) {
  return (
    <VisuallyHidden role="status" aria-live="polite" data-testid="alerts-announcer">
      {message ?? ''}
    </VisuallyHidden>
  );
}
