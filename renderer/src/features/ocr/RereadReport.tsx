import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { OcrRereadInfo, SearchRow } from '../../../../preload/contract';
import { formatDateTime } from '../../ui/format';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { IconAlert, IconCheck } from '../../ui/icons';
import { diffSummary } from './plateAlign';
import { ReadComparison } from './ReadComparison';

/** What the report says of one item, in the order main sorted them (likeliest misread first). */
function ItemLine({
  item,
  row,
  onOpen,
}: {
  item: OcrRereadInfo;
  row: SearchRow | undefined;
  onOpen: (detectionId: number) => void;
}) {
  const where = row
    ? `${formatDateTime(row.seenAt)} · ${row.cameraName ?? row.cameraId}`
    : `Detection ${item.detectionId}`;
  const verdict = item.error ? 'Could not be re-read' : item.flagged ? 'Likely misread' : diffSummary(item.diff);
  return (
    <UnstyledButton
      className="reread-item"
      onClick={() => onOpen(item.detectionId)}
      data-testid="reread-report-item"
      data-detection-id={item.detectionId}
      data-flagged={item.flagged}
      data-failed={item.error !== null}
      aria-label={`${verdict}: camera read ${item.originalPlate}${item.plate ? `, re-read ${item.plate}` : ''}. ${where}. Open the detection.`}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Stack gap={4} miw={0}>
          {item.error ? (
            <>
              <Text size="sm">
                Camera read <span className="plate">{item.originalPlate}</span>
              </Text>
              <Text size="xs" c="red" data-testid="reread-item-error">
                {item.error.message}
              </Text>
            </>
          ) : (
            <ReadComparison read={item} size="sm" />
          )}
          <Text size="xs" c="dimmed">
            {where}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
          {item.error ? (
            <Badge color="red" variant="light" tt="none">
              {item.error.code === 'IMAGE_MISSING' ? 'No image' : 'Failed'}
            </Badge>
          ) : item.flagged ? (
            <Badge color="orange" variant="light" tt="none" data-testid="reread-item-flagged">
              Likely misread
            </Badge>
          ) : (
            <Badge color="gray" variant="light" tt="none">
              {diffSummary(item.diff)}
            </Badge>
          )}
          {item.error ? null : (
            <Text size="xs" c="dimmed" title="How likely the camera's read is wrong, from the re-read's confidence">
              Doubt {Math.round(item.doubt * 100)}% · conf. {Math.round(item.confidence ?? 0)}%
            </Text>
          )}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The batch's disagreements and failures, likeliest misreads first (main's order: doubt, then failures). Each
 * line opens the detection's detail, where the person compares with the image and records the right read.
 */
export function RereadReport({
  items,
  done,
  rows,
  onOpen,
}: {
  items: readonly OcrRereadInfo[];
  /** How many were re-read: the ones not listed agreed with the camera. */
  done: number;
  rows: ReadonlyMap<number, SearchRow>;
  onOpen: (detectionId: number) => void;
}) {
  useTimeDisplay(); // the lines' times follow the Settings toggle
  const failed = items.filter((i) => i.error).length;
  const flagged = items.filter((i) => i.flagged).length;
  const differ = items.length - failed - flagged;
  const agreed = Math.max(0, done - items.length);
  return (
    <Stack gap="xs" data-testid="reread-report">
      <Group gap={6}>
        <Badge color="orange" variant="light" tt="none" data-testid="reread-report-flagged">
          {flagged} likely misread{flagged === 1 ? '' : 's'}
        </Badge>
        <Badge color="gray" variant="light" tt="none">
          {differ} other difference{differ === 1 ? '' : 's'}
        </Badge>
        <Badge color="red" variant="light" tt="none" data-testid="reread-report-failed">
          {failed} failed
        </Badge>
        <Badge color="teal" variant="light" tt="none" leftSection={<IconCheck size={12} />}>
          {agreed} agreed
        </Badge>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" role="status">
          Every re-read agreed with the camera’s read.
        </Text>
      ) : (
        <>
          <Text size="xs" c="dimmed">
            <IconAlert size={12} /> Open a line to compare with the image and record which read is right.
          </Text>
          <Stack gap={6} role="list" aria-label="Disagreements and failures, likeliest misread first">
            {items.map((item) => (
              <div role="listitem" key={item.readId}>
                <ItemLine item={item} row={rows.get(item.detectionId)} onOpen={onOpen} />
              </div>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
