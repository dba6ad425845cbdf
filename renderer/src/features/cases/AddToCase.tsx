import { useState } from 'react';
import { Button, Group, Popover, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import type { CaseAddResult, CaseSource } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { useSession } from '../../shared/session';
import { ErrorAlert } from '../../ui/StateView';
import { IconCheck, IconFolder } from '../../ui/icons';
import { knowAdded, useKnownCase } from './caseStore';
import { mayCollect, openCase } from './openCase';

const NOTE_MAX = 500;
/** main's limit per add (core/cases ADD_MAX). */
const ADD_MAX = 2000;

/**
 * "Add to case": puts detections in the open purpose's case with a short note saying why (the screen's reason
 * for listing them is offered as the note, to keep or rewrite). Says "In case …" once they are all there.
 * Nothing for people who may not collect.
 */
export function AddToCase({
  detectionIds,
  note: suggested,
  source,
  label = 'Add to case',
  compact = false,
}: {
  detectionIds: readonly number[];
  note: string;
  source: CaseSource;
  label?: string;
  compact?: boolean;
}) {
  const { session } = useSession();
  const open = openCase(session);
  const known = useKnownCase(open.ok ? open.purposeId : null, open.ok ? open.caseNumber : null, detectionIds);
  const [opened, setOpened] = useState(false);
  const [note, setNote] = useState(suggested);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CaseAddResult | null>(null);
  if (!mayCollect(session)) return null;

  const size = compact ? 'compact-xs' : 'xs';
  const count = detectionIds.length;
  const what = count === 1 ? 'this read' : `these ${count.toLocaleString('en-US')} reads`;
  if (!open.ok || count === 0 || count > ADD_MAX) {
    const why = !open.ok
      ? open.reason
      : count === 0
        ? 'Nothing to add'
        : `At most ${ADD_MAX.toLocaleString('en-US')} reads at once: narrow the search, or brush the timeline.`;
    return (
      <Tooltip label={why} multiline w={280}>
        <span>
          <Button size={size} variant="default" leftSection={<IconFolder size={14} />} disabled>
            {label}
          </Button>
        </span>
      </Tooltip>
    );
  }
  if (known.collected === count) {
    return (
      <Button
        size={size}
        variant="light"
        color="teal"
        leftSection={<IconCheck size={14} />}
        data-testid="in-case"
        aria-label={`${count === 1 ? 'This read is' : 'These reads are'} in ${open.kindLabel.toLowerCase()} ${open.caseNumber}`}
        style={{ pointerEvents: 'none' }}
        tabIndex={-1}
      >
        In {open.kindLabel.toLowerCase()} {open.caseNumber}
      </Button>
    );
  }

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('cases.add', { detectionIds: [...detectionIds], note, source });
      knowAdded(open.purposeId, r.caseNumber, [...r.added, ...r.already]);
      setDone(r);
      setOpened(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={340}
      position="bottom-end"
      withArrow
      shadow="md"
      trapFocus
      returnFocus
    >
      <Popover.Target>
        <Button
          size={size}
          variant="light"
          leftSection={<IconFolder size={14} />}
          onClick={() => {
            setNote((n) => (opened || n ? n : suggested));
            setError(null);
            setOpened((o) => !o);
          }}
          data-testid="add-to-case"
          title={done ? `${done.added.length} added to ${open.caseNumber}` : undefined}
        >
          {label}
          {known.collected > 0 ? ` (${known.collected} of ${count} in)` : ''}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          aria-label={`Add to ${open.kindLabel.toLowerCase()} ${open.caseNumber}`}
        >
          <Stack gap="xs">
            <Text size="sm" fw={650}>
              Add {what} to {open.kindLabel.toLowerCase()} <span className="mono">{open.caseNumber}</span>
            </Text>
            <Textarea
              label="Why it belongs to the case"
              description="A short note: what it shows, where, when."
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxRows={5}
              maxLength={NOTE_MAX}
              data-autofocus
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
            <ErrorAlert message={error} testId="add-to-case-error" />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)} disabled={busy}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={busy}>
                Add to the case
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
