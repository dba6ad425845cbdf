import { ActionIcon, Button, Group, RingProgress, Tooltip, UnstyledButton, Text } from '@mantine/core';
import { IconScan, IconX } from '../../ui/icons';
import { dismissBatch, isRunning, type RereadBatch } from './batchStore';
import { batchHeadline } from './RereadBatchDialog';
import './reread.css';

/**
 * The results header's part of the batch re-read: the current batch's status (it outlives the dialog; a click
 * opens its progress or report) and the "Re-read plates" action over the rows the table shows.
 */
export function RereadControls({
  batch,
  count,
  onStart,
  onShowBatch,
}: {
  batch: RereadBatch | null;
  /** Rows the table shows (0: no action). */
  count: number;
  onStart: () => void;
  onShowBatch: () => void;
}) {
  const running = isRunning(batch);
  const p = batch?.progress;
  return (
    <Group gap={6} wrap="nowrap">
      {batch && p ? (
        <Group gap={2} wrap="nowrap">
          <UnstyledButton
            onClick={onShowBatch}
            className="cv-reread-status"
            data-testid="reread-status"
            data-status={p.status}
            aria-label={`${batchHeadline(batch)}. ${p.flagged} likely misreads, ${p.failed} failed. Show ${running ? 'progress' : 'the report'}.`}
          >
            <Group gap={6} wrap="nowrap">
              <RingProgress
                size={22}
                thickness={3}
                roundCaps
                sections={[
                  {
                    value: p.total ? (p.done / p.total) * 100 : 0,
                    color: p.status === 'finished' ? 'teal' : p.status === 'running' ? 'blue' : 'orange',
                  },
                ]}
              />
              <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {running
                  ? `Re-reading ${p.done}/${p.total}`
                  : p.status === 'finished'
                    ? 'Re-read finished'
                    : p.status === 'cancelled'
                      ? `Re-read cancelled ${p.done}/${p.total}`
                      : `Re-read stopped ${p.done}/${p.total}`}
                {p.flagged ? ` · ${p.flagged} flagged` : ''}
              </Text>
            </Group>
          </UnstyledButton>
          {running ? null : (
            <Tooltip label="Dismiss (the reads stay in each detection’s history)">
              <ActionIcon
                size="sm"
                variant="subtle"
                color="gray"
                aria-label="Dismiss the re-read status"
                onClick={dismissBatch}
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ) : null}
      {count > 0 ? (
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconScan size={14} />}
          onClick={onStart}
          disabled={running}
          title={running ? 'One re-read at a time: wait for this one or stop it' : undefined}
        >
          Re-read plates
        </Button>
      ) : null}
    </Group>
  );
}
