import { Badge, Button, Group, Tooltip } from '@mantine/core';
import type { Detection } from '../../../../preload/contract';
import { call } from '../../bridge';
import type { OpenHit } from '../../shared/hitSlots';
import { useLoad } from '../../ui/useLoad';
import { STATE, TIER } from './words';

/** On a detection's detail: the hits it raised (each opens in the hits screen) and the entries it is a retro-hit of. */
export function HitsOfDetection({ detection, onOpenHit }: { detection: Detection; onOpenHit: OpenHit }) {
  const found = useLoad(() => call('hits.forDetection', { detectionId: detection.id }), [detection.id]);
  if (!found.data) return null;
  const { hits, retro } = found.data;
  if (hits.length === 0 && retro.length === 0) return null;
  return (
    <Group gap="xs" data-testid="detection-hits">
      {hits.map((h) => (
        <Button
          key={h.id}
          size="xs"
          color={STATE[h.status].color}
          variant="light"
          onClick={() => onOpenHit(h.id)}
          aria-label={`Open the hit on ${h.listName ?? h.listId} (${STATE[h.status].label})`}
        >
          Hit on {h.listId}: {STATE[h.status].label}
        </Button>
      ))}
      {retro.map((r) => (
        <Tooltip key={r.entryId} label={r.explanation}>
          <Badge variant="outline" color={TIER[r.tier].color}>
            Retro-hit of {r.entryPlate} ({r.listName}) · {TIER[r.tier].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
