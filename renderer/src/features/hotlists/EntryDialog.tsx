import { Autocomplete, Group, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ChangeInfo, EntryFieldsArgs, EntryInfo, SearchVocabulary } from '../../../../preload/contract';
import { call } from '../../bridge';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { useLoad } from '../../ui/useLoad';

type Values = Required<{ [K in keyof EntryFieldsArgs]: string }>;

const blank: Values = {
  plate: '',
  state: 'CA',
  make: '',
  model: '',
  color: '',
  body: '',
  reason: '',
  caseNumber: '',
  synopsis: '',
  expiresOn: '',
};

function valuesOf(e: EntryInfo): Values {
  return {
    plate: e.plate,
    state: e.state ?? '',
    make: e.make ?? '',
    model: e.model ?? '',
    color: e.color ?? '',
    body: e.body ?? '',
    reason: e.reason,
    caseNumber: e.caseNumber ?? '',
    synopsis: e.synopsis ?? '',
    expiresOn: e.expiresOn ?? '',
  };
}

function fieldsOf(v: Values): EntryFieldsArgs {
  const opt = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    plate: v.plate,
    state: v.state,
    make: opt(v.make),
    model: opt(v.model),
    color: opt(v.color),
    body: opt(v.body),
    reason: v.reason,
    caseNumber: v.caseNumber,
    synopsis: v.synopsis,
    expiresOn: opt(v.expiresOn),
  };
}

/**
 * Enter a vehicle on one of the agency's lists, or propose an update of an entry. Main checks every field (a
 * plate with a wildcard or a character no state issues, an unknown state, an expiry in the past) and its refusal
 * is shown word for word; the entry goes live only once approved.
 */
export function EntryDialog({
  opened,
  onClose,
  listId,
  listName,
  entry,
  expiryDays,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  listId: string;
  listName: string;
  /** Present for an update. */
  entry?: EntryInfo | null;
  expiryDays: string;
  onDone: (c: ChangeInfo) => void;
}) {
  const form = useForm<Values>({ initialValues: entry ? valuesOf(entry) : blank });
  const control = useFormDialog(form, onClose);
  const vocabulary = useLoad<SearchVocabulary | null>(() => call('search.vocabulary').catch(() => null), []);
  const v = vocabulary.data;
  const submit = control.onSubmit(async (values) => {
    const fields = fieldsOf(values);
    const change = entry
      ? await call('hotlists.proposeUpdate', { entryId: entry.id, fields })
      : await call('hotlists.enter', { listId, fields });
    form.reset();
    onDone(change);
  });
  return (
    <FormDialog
      control={control}
      opened={opened}
      title={entry ? `Propose an update of ${entry.plate}` : `Enter a vehicle on ${listName}`}
      size="lg"
      onSubmit={submit}
      submitLabel={entry ? 'Propose the update' : 'Enter for approval'}
      errorTitle="Not entered"
      errorTestId="entry-error"
      testId="entry-dialog"
      footer={
        <Text size="xs" c="dimmed" maw={300}>
          {entry
            ? 'The entering member’s supervisor approves updates.'
            : 'The ALPR administrator approves a new entry before it goes live.'}
        </Text>
      }
    >
      <SimpleGrid cols={2} spacing="xs">
        <TextInput label="Plate" required data-autofocus {...form.getInputProps('plate')} />
        <TextInput label="State of issue" required {...form.getInputProps('state')} />
        <Autocomplete label="Make" data={v?.makes.map((m) => m.value) ?? []} {...form.getInputProps('make')} />
        <Autocomplete
          label="Model"
          data={v?.makes.find((m) => m.value === form.values.make)?.models.map((m) => m.value) ?? []}
          {...form.getInputProps('model')}
        />
        <Autocomplete label="Colour" data={v?.colors.map((c) => c.value) ?? []} {...form.getInputProps('color')} />
        <Autocomplete label="Body" data={v?.bodies.map((b) => b.value) ?? []} {...form.getInputProps('body')} />
      </SimpleGrid>
      <TextInput label="Reason" required placeholder="Vehicle of interest: …" {...form.getInputProps('reason')} />
      <Group grow gap="xs" align="flex-start">
        <TextInput label="Related case number" required {...form.getInputProps('caseNumber')} />
        <TextInput
          type="date"
          label="Expires on"
          description={`Empty: ${expiryDays} days from today`}
          {...form.getInputProps('expiresOn')}
        />
      </Group>
      <Textarea
        label="Synopsis of the originating call"
        required
        autosize
        minRows={2}
        {...form.getInputProps('synopsis')}
      />
    </FormDialog>
  );
}
