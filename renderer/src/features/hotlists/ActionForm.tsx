import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Kbd,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { Disposition, HitAction, HitDetail, RejectReason, TransitionArgs } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';
import { localInputOf } from '../../ui/format';
import { ACTION, DISPOSITION, REJECT } from './words';

type Values = {
  characters: '' | 'match' | 'differ';
  state: '' | 'match' | 'differ' | 'unreadable';
  reference: string;
  referenceAt: string;
  entryActive: boolean;
  confirmedBy: string;
  confirmedHow: string;
  reason: '' | RejectReason;
  disposition: '' | Disposition;
  justification: string;
  note: string;
};

const EMPTY = (): Values => ({
  characters: '',
  state: '',
  reference: '',
  referenceAt: localInputOf(new Date()),
  entryActive: false,
  confirmedBy: '',
  confirmedHow: '',
  reason: '',
  disposition: '',
  justification: '',
  note: '',
});

function args(detail: HitDetail, action: HitAction, v: Values): TransitionArgs {
  const base: TransitionArgs = { hitId: detail.hit.id, from: detail.hit.status, action };
  const note = v.note.trim() ? { note: v.note.trim() } : {};
  const justification = v.justification.trim() ? { justification: v.justification.trim() } : {};
  switch (action) {
    case 'verify':
      return {
        ...base,
        ...note,
        ...(v.characters && v.state ? { compared: { characters: v.characters, state: v.state } } : {}),
      };
    case 'validate':
      return {
        ...base,
        ...note,
        ...justification,
        reference: v.reference,
        referenceAt: v.referenceAt ? new Date(v.referenceAt).toISOString() : '',
        entryActive: v.entryActive,
      };
    case 'confirm':
      return { ...base, ...note, ...justification, confirmedBy: v.confirmedBy, confirmedHow: v.confirmedHow };
    case 'reject':
      return { ...base, ...note, ...(v.reason ? { reason: v.reason } : {}) };
    case 'close':
      return { ...base, ...note, ...(v.disposition ? { disposition: v.disposition } : {}) };
  }
}

/**
 * What a person records with one step: the side-by-side comparison, the live query (reference, time, whether the
 * entry is active), the entering agency's confirmation, a rejection's reason, a disposition. The primary button is
 * the step itself; main checks it again and its refusal is shown word for word.
 */
export function ActionForm({
  detail,
  action,
  onDone,
  onCancel,
  autoFocus,
}: {
  detail: HitDetail;
  action: HitAction;
  onDone: (next: HitDetail) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const [v, setV] = useState<Values>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((x) => ({ ...x, [k]: value }));
  useEffect(() => {
    setV(EMPTY());
    setError(null);
  }, [detail.hit.id, detail.hit.status, action]);
  useEffect(() => {
    if (autoFocus) requestAnimationFrame(() => first.current?.focus());
  }, [autoFocus, action, detail.hit.id]);

  const needsJustification =
    (action === 'validate' || action === 'confirm') && detail.descriptors.verdict === 'differ' && !detail.justified;

  const submit = async (e: FormEvent | KeyboardEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await call('hits.transition', args(detail, action, v)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const danger = action === 'reject';
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      // Ctrl+Enter records the step from any field (Enter alone would leave a note's line).
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
      }}
      aria-label={ACTION[action].button}
      data-testid={`hit-action-${action}`}
      className="hit-action"
      data-danger={danger || undefined}
      noValidate
    >
      <Stack gap="xs">
        {action === 'verify' ? (
          <>
            <Text size="xs" c="dimmed">
              Compare the image with the entry, side by side: the characters, the state of issue, the vehicle.
            </Text>
            <Radio.Group
              label="Characters on the image against the entry"
              value={v.characters}
              onChange={(x) => set('characters', x as Values['characters'])}
            >
              <Group gap="md" mt={4}>
                <Radio value="match" label="Match" ref={first} />
                <Radio value="differ" label="Differ" />
              </Group>
            </Radio.Group>
            <Radio.Group label="State of issue" value={v.state} onChange={(x) => set('state', x as Values['state'])}>
              <Group gap="md" mt={4}>
                <Radio value="match" label="Match" />
                <Radio value="differ" label="Differ" />
                <Radio value="unreadable" label="Not readable on the image" />
              </Group>
            </Radio.Group>
          </>
        ) : null}
        {action === 'validate' ? (
          <>
            <Text size="xs" c="dimmed">
              Query the source (CLETS / NCIC) live and record its transaction.
            </Text>
            <TextInput
              ref={first}
              label="Live query reference"
              placeholder="CLETS message number"
              value={v.reference}
              onChange={(e) => set('reference', e.currentTarget.value)}
            />
            <Checkbox
              label="The live query shows the entry still active"
              checked={v.entryActive}
              onChange={(e) => set('entryActive', e.currentTarget.checked)}
            />
            <TextInput
              type="datetime-local"
              label="Queried at"
              value={v.referenceAt}
              onChange={(e) => set('referenceAt', e.currentTarget.value)}
            />
          </>
        ) : null}
        {action === 'confirm' ? (
          <Group grow gap="xs" align="flex-start">
            <TextInput
              ref={first}
              label="Confirmed by (entering agency)"
              placeholder="Agency, desk and name"
              value={v.confirmedBy}
              onChange={(e) => set('confirmedBy', e.currentTarget.value)}
            />
            <TextInput
              label="How"
              placeholder="Phone, teletype, message number"
              value={v.confirmedHow}
              onChange={(e) => set('confirmedHow', e.currentTarget.value)}
            />
          </Group>
        ) : null}
        {action === 'reject' ? (
          <NativeSelect
            ref={first}
            label="Why it is not a hit"
            value={v.reason}
            onChange={(e) => set('reason', e.currentTarget.value as Values['reason'])}
            data={[
              { value: '', label: 'Choose a reason…' },
              ...Object.entries(REJECT).map(([value, label]) => ({ value, label })),
            ]}
          />
        ) : null}
        {action === 'close' ? (
          <NativeSelect
            ref={first}
            label="Disposition"
            value={v.disposition}
            onChange={(e) => set('disposition', e.currentTarget.value as Values['disposition'])}
            data={[
              { value: '', label: 'Choose the disposition…' },
              ...Object.entries(DISPOSITION)
                .filter(([d]) => detail.hit.status !== 'rejected' || d === 'no_action' || d === 'other')
                .map(([value, label]) => ({ value, label })),
            ]}
          />
        ) : null}
        {needsJustification ? (
          <Textarea
            label="Justification (the vehicle differs from the entry)"
            description="Why this is the vehicle of the entry despite what differs. Required to go past Tentative."
            autosize
            minRows={2}
            value={v.justification}
            onChange={(e) => set('justification', e.currentTarget.value)}
          />
        ) : null}
        <Textarea
          label="Note (optional)"
          autosize
          minRows={1}
          value={v.note}
          onChange={(e) => set('note', e.currentTarget.value)}
        />
        <ErrorAlert title="Not recorded" message={error} testId="hit-action-error" />
        <Group justify="flex-end" gap="xs">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={busy} color={danger ? 'red' : undefined} data-testid="hit-action-submit">
            {ACTION[action].button}
          </Button>
        </Group>
        <Group justify="flex-end">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> records it
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
