import { useEffect } from 'react';
import { Button, Group, NumberInput, Text, TextInput } from '@mantine/core';
import type { GeoArea } from '../../../../preload/contract';
import { call } from '../../bridge';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { localToIso, localZoneName, toLocalInput } from './searchState';

export type IncidentDraft = { at: string; lat: number | ''; lon: number | ''; radiusM: number; minutes: number };

export function newIncidentDraft(): IncidentDraft {
  return { at: toLocalInput(new Date()), lat: '', lon: '', radiusM: 800, minutes: 60 };
}

/**
 * "Canvass": an incident's place and time expand (search.canvassPreset) into a window and a radius the person
 * then adjusts in the form. The place is typed or picked on the map.
 */
export function CanvassDialog({
  opened,
  draft,
  onDraftChange,
  onClose,
  onPickOnMap,
  onApply,
}: {
  opened: boolean;
  draft: IncidentDraft;
  onDraftChange: (d: IncidentDraft) => void;
  onClose: () => void;
  onPickOnMap: () => void;
  onApply: (preset: { from: string; to: string; area: GeoArea }) => void;
}) {
  const dialog = useFormDialog<void>(null, onClose);
  const { setError } = dialog;
  useEffect(() => {
    if (opened) setError(null);
  }, [opened, setError]);

  const set = (patch: Partial<IncidentDraft>) => onDraftChange({ ...draft, ...patch });
  const apply = dialog.onSubmit(async () => {
    const at = localToIso(draft.at);
    if (!at) return setError('Enter the date and time of the incident.');
    if (draft.lat === '' || draft.lon === '')
      return setError('Give the incident’s place: pick it on the map or type it.');
    const preset = await call('search.canvassPreset', {
      lat: draft.lat,
      lon: draft.lon,
      at,
      radiusM: draft.radiusM,
      beforeMin: draft.minutes,
      afterMin: draft.minutes,
    });
    onApply(preset);
  });

  return (
    <FormDialog
      control={dialog}
      opened={opened}
      title="Canvass an incident"
      size="md"
      onSubmit={apply}
      submitLabel="Fill the form"
      errorTestId="canvass-error"
    >
      <Text size="sm" c="dimmed">
        Where and when it happened. Canvass fills the time window and a radius around the place; adjust them before you
        search.
      </Text>
      <TextInput
        type="datetime-local"
        label="Incident time"
        description={`Local time (${localZoneName()})`}
        value={draft.at}
        onChange={(e) => set({ at: e.currentTarget.value })}
        required
        data-autofocus
      />
      <Group grow gap="xs" align="flex-end">
        <NumberInput
          label="Latitude"
          value={draft.lat}
          onChange={(v) => set({ lat: typeof v === 'number' ? v : '' })}
          decimalScale={6}
          min={-90}
          max={90}
          hideControls
        />
        <NumberInput
          label="Longitude"
          value={draft.lon}
          onChange={(v) => set({ lon: typeof v === 'number' ? v : '' })}
          decimalScale={6}
          min={-180}
          max={180}
          hideControls
        />
      </Group>
      <Button variant="default" size="xs" onClick={onPickOnMap} style={{ alignSelf: 'flex-start' }}>
        Pick the place on the map
      </Button>
      <Group grow gap="xs">
        <NumberInput
          label="Radius (m)"
          value={draft.radiusM}
          onChange={(v) => set({ radiusM: typeof v === 'number' ? v : 800 })}
          min={50}
          max={50_000}
          step={100}
        />
        <NumberInput
          label="± minutes"
          value={draft.minutes}
          onChange={(v) => set({ minutes: typeof v === 'number' ? v : 60 })}
          min={5}
          max={24 * 60}
          step={15}
        />
      </Group>
    </FormDialog>
  );
}
