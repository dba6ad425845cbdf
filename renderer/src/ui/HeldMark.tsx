import { Badge } from '@mantine/core';

/**
 * Marks a held read in a grid row (a legal hold or a booked evidence package keeps it past the retention schedule),
 * as the detail's "Held" badge does; what holds it is in the title and the accessible name.
 */
export function HeldMark({ by }: { by: string | undefined }) {
  if (!by) return null;
  return (
    <Badge
      component="span"
      size="xs"
      color="grape"
      variant="light"
      ml={6}
      title={`Held (${by}): no purge removes this read while it is held`}
      aria-label={`held by ${by}`}
      data-testid="row-held"
    >
      Held
    </Badge>
  );
}
