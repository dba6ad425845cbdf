import { Group, Stack, Text } from '@mantine/core';
import type { OcrCharDiff, OcrRereadInfo } from '../../../../preload/contract';
import { alignReads, diffSummary } from '../detail/plateAlign';
import './reread.css';

/** "8 read as B, 2 not in the re-read": the differences in words, for screen readers. */
export function spokenDiff(diff: readonly OcrCharDiff[]): string {
  return diff
    .map((d) =>
      d.kind === 'changed'
        ? `${d.original} read as ${d.reread}`
        : d.kind === 'missing'
          ? `${d.original} not in the re-read`
          : `${d.reread} added`,
    )
    .join(', ');
}

/**
 * The camera's read over the re-read, one column per character, the differing characters marked in place
 * (colour and a dotted underline, not colour alone). Shared by the detail's re-read panel and the batch report.
 */
export function ReadComparison({
  read,
  size = 'md',
}: {
  read: Pick<OcrRereadInfo, 'originalPlate' | 'plate' | 'diff'>;
  size?: 'sm' | 'md';
}) {
  const cells = alignReads(read.originalPlate, read.plate ?? '', read.diff);
  const row = (which: 'original' | 'reread') => (
    <span className="plate-cells" data-size={size} aria-hidden="true">
      {cells.map((c, i) => (
        <span key={i} className={`plate-cell ${c.mark}`}>
          {(which === 'original' ? c.original : c.reread) || '·'}
        </span>
      ))}
    </span>
  );
  const spoken = spokenDiff(read.diff);
  const label = { w: 84, style: { whiteSpace: 'nowrap' as const, flexShrink: 0 } };
  return (
    <Stack
      gap={size === 'sm' ? 2 : 4}
      data-testid="reread-comparison"
      aria-label={`Camera read ${read.originalPlate}, re-read ${read.plate ?? 'none'}: ${diffSummary(read.diff)}${spoken ? `, ${spoken}` : ''}`}
      role="img"
    >
      <Group gap="sm" wrap="nowrap">
        <Text size="xs" c="dimmed" {...label}>
          Camera read
        </Text>
        {row('original')}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Text size="xs" c="dimmed" {...label}>
          Re-read
        </Text>
        {row('reread')}
      </Group>
    </Stack>
  );
}
