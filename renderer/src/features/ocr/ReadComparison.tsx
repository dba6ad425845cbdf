import { Group, Stack, Text } from '@mantine/core';
import { spellPlate } from '../../ui/SpokenPlate';
import type { OcrCharDiff, OcrOcclusion, OcrRereadInfo } from '../../../../preload/contract';
import { alignReads, diffSummary } from './plateAlign';
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
 * What covered the plate, in words: "Something crosses characters 3 and 4 of the re-read (a bar, a strap or
 * a tow ball)", and where a character may be hidden. Empty when nothing did.
 */
export function occlusionNote(occlusion: OcrOcclusion | null | undefined): string[] {
  if (!occlusion) return [];
  const out: string[] = [];
  const n = occlusion.damaged.map((i) => i + 1);
  if (n.length)
    out.push(
      `Something crosses ${n.length === 1 ? `character ${n[0]}` : `characters ${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`} of the re-read (a bar, a strap or a tow ball).`,
    );
  if (occlusion.hiddenStart) out.push('A character may be hidden before the first one read.');
  if (occlusion.hiddenEnd) out.push('A character may be hidden after the last one read.');
  return out;
}

/**
 * The camera's read over the re-read, one column per character, the differing characters marked in place
 * (colour and a dotted underline, not colour alone); characters something covered on the image are hatched.
 * Shared by the detail's re-read panel and the batch report.
 */
export function ReadComparison({
  read,
  size = 'md',
}: {
  read: Pick<OcrRereadInfo, 'originalPlate' | 'plate' | 'diff'> & { occlusion?: OcrOcclusion | null };
  size?: 'sm' | 'md';
}) {
  const cells = alignReads(read.originalPlate, read.plate ?? '', read.diff);
  // Which re-read character each column shows, to hatch the covered ones.
  let next = 0;
  const rereadIndex = cells.map((c) => (c.reread ? next++ : -1));
  const covered = new Set(read.occlusion?.damaged ?? []);
  const row = (which: 'original' | 'reread') => (
    <span className="plate-cells" data-size={size} aria-hidden="true">
      {cells.map((c, i) => {
        const hatched = which === 'reread' && covered.has(rereadIndex[i]!);
        return (
          <span
            key={i}
            className={`plate-cell ${c.mark}${hatched ? ' covered' : ''}`}
            data-covered={hatched || undefined}
          >
            {(which === 'original' ? c.original : c.reread) || '·'}
          </span>
        );
      })}
    </span>
  );
  const spoken = [spokenDiff(read.diff), ...occlusionNote(read.occlusion)].filter(Boolean).join('; ');
  const label = { w: 84, style: { whiteSpace: 'nowrap' as const, flexShrink: 0 } };
  return (
    <Stack
      gap={size === 'sm' ? 2 : 4}
      data-testid="reread-comparison"
      aria-label={`Camera read ${spellPlate(read.originalPlate)}, re-read ${read.plate ? spellPlate(read.plate) : 'none'}: ${diffSummary(read.diff)}${spoken ? `, ${spoken}` : ''}`}
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
