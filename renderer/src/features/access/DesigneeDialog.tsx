import { useEffect, useState } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { Dialog } from '../../shared/dialog';
import { useForm } from '@mantine/form';
import type { PolicyInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { agencyToday } from '../../ui/format';
import { ErrorAlert } from '../../ui/StateView';

/** Records who oversees the ALPR operation from a given day; the change goes to the access log. */
export function DesigneeDialog({
  opened,
  defaultTitle,
  timeZone,
  onClose,
  onSaved,
}: {
  opened: boolean;
  defaultTitle: string;
  timeZone: string;
  onClose: () => void;
  onSaved: (info: PolicyInfo) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = agencyToday(timeZone);
  const form = useForm({
    initialValues: { title: defaultTitle, name: '', since: today },
    validate: {
      title: (v) => (v.trim().length >= 2 ? null : 'Enter the designee’s title'),
      name: (v) => (v.trim().length >= 2 ? null : 'Enter the designee’s name'),
      since: (v) => (!/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'Enter the date' : v > today ? 'Not after today' : null),
    },
  });
  useEffect(() => {
    if (opened) {
      form.setValues({ title: defaultTitle, name: '', since: today });
      setError(null);
    }
    // Reset when the dialog opens.
  }, [opened]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await call('policy.setDesignee', { title: v.title.trim(), name: v.name.trim(), since: v.since }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Dialog opened={opened} onClose={onClose} title="Record the ALPR Administrator’s designee" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            The person overseeing the ALPR operation. Documents that cite the policy print the designee of their day;
            earlier designees stay on record.
          </Text>
          <TextInput label="Name" data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Title" {...form.getInputProps('title')} />
          <TextInput label="Designee since" type="date" max={today} {...form.getInputProps('since')} />
          <ErrorAlert title="The designee was not recorded" message={error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Record designee
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
