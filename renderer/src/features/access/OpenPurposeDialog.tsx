import { useEffect, useState } from 'react';
import { Group, Input, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { NumberKind, PurposeOptions } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { useSession } from '../../shared/session';

const KINDS: { value: NumberKind; label: string }[] = [
  { value: 'case', label: 'Case' },
  { value: 'incident', label: 'Incident' },
  { value: 'call', label: 'Call' },
  { value: 'warrant', label: 'Warrant' },
];

type Values = { numberKind: NumberKind; number: string; purposeId: string; description: string };

/**
 * Number, purpose, reason: typed in seconds from the keyboard (Tab between fields, Enter to open). Main
 * judges whether the reason is specific enough; its refusal shows here, word for word.
 */
export function OpenPurposeDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { setPurpose } = useSession();
  const [options, setOptions] = useState<PurposeOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);

  const form = useForm<Values>({
    initialValues: { numberKind: 'case', number: '', purposeId: '', description: '' },
    validate: {
      number: (v) => (v.length > 64 ? 'Numbers are at most 64 characters' : null),
      purposeId: (v) => (v ? null : 'Choose the authorized purpose this falls under'),
      description: (v) => (v.trim() ? null : 'Say what you are looking for and why'),
    },
  });

  const dialog = useFormDialog(form, onClose);
  const { setError } = dialog;
  useEffect(() => {
    if (!opened) return;
    setError(null);
    call('purposes.options')
      .then((o) => {
        setOptions(o);
        setOptionsError(null);
        // Start on a kind the policy names (Los Altos: case or incident; Daly City: case, call or warrant).
        if (!o.numberKinds.includes(form.values.numberKind)) form.setFieldValue('numberKind', o.numberKinds[0]!);
      })
      .catch((e: unknown) => setOptionsError(errorMessage(e)));
  }, [opened, setError]);

  const submit = dialog.onSubmit(async (v) => {
    const number = v.number.trim();
    const purpose = await call('purposes.open', {
      numberKind: number ? v.numberKind : null,
      number: number || null,
      purposeId: v.purposeId,
      description: v.description.trim(),
    });
    setPurpose(purpose);
    form.reset();
    onClose();
  });

  return (
    <FormDialog
      control={dialog}
      opened={opened}
      title="Open a purpose"
      size="lg"
      testId="open-purpose-dialog"
      onSubmit={submit}
      submitLabel="Open purpose"
      errorTitle="Purpose refused"
      errorTestId="purpose-error"
      footer={
        <Text size="xs" c="dimmed">
          Enter opens · Shift+Enter for a new line · Esc cancels
        </Text>
      }
    >
      <Text size="sm" c="dimmed">
        ALPR data may be searched only for an authorized purpose tied to a{' '}
        {(options?.numberKinds ?? KINDS.map((k) => k.value)).join(', ').replace(/, ([^,]*)$/, ' or $1')} number
        {options?.numberRequired ? ' — your agency’s policy requires it' : ''}. What you enter here is written to the
        access log with every search.
      </Text>
      <Stack gap={4}>
        <Input.Label id="number-kind-label" htmlFor="purpose-number" required={options?.numberRequired}>
          Number
        </Input.Label>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <SegmentedControl
            aria-labelledby="number-kind-label"
            data={options ? KINDS.filter((k) => options.numberKinds.includes(k.value)) : KINDS}
            {...form.getInputProps('numberKind')}
          />
          <TextInput
            id="purpose-number"
            aria-label="Number"
            placeholder="e.g. 26-004512"
            data-autofocus
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            spellCheck={false}
            style={{ flex: 1 }}
            {...form.getInputProps('number')}
          />
        </Group>
      </Stack>
      <Select
        label="Authorized purpose"
        placeholder={options ? 'Type to filter the policy’s purposes' : 'Loading purposes…'}
        data={(options?.purposes ?? []).map((o) => ({ value: o.id, label: o.label }))}
        searchable
        nothingFoundMessage="No purpose by that name"
        error={optionsError ?? form.errors.purposeId}
        maxDropdownHeight={280}
        comboboxProps={{ withinPortal: true }}
        value={form.values.purposeId || null}
        onChange={(v) => form.setFieldValue('purposeId', v ?? '')}
      />
      <Textarea
        label="Description"
        description="What you are looking for and why, specific enough that an auditor can tie it to the incident"
        placeholder="e.g. Silver Honda Civic seen leaving the 1400 block of Broadway after the 02:10 shooting"
        autosize
        minRows={2}
        maxRows={5}
        {...form.getInputProps('description')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
    </FormDialog>
  );
}
