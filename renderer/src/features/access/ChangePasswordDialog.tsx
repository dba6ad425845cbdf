import { useState } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';
import { validateNewPassword, validatePasswordConfirmation } from './validation';

/** The signed-in person changes their own password; main re-wraps the store key under the new one. */
export function ChangePasswordDialog({
  opened,
  minPassword,
  onClose,
  onDone,
}: {
  opened: boolean;
  minPassword: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { current: '', next: '', confirm: '' },
    validate: {
      current: (v) => (v ? null : 'Enter your current password.'),
      next: (v, values) =>
        validateNewPassword(v, minPassword) ??
        (v === values.current ? 'Choose a password different from the current one.' : null),
      confirm: (v, values) => validatePasswordConfirmation(v, values.next),
    },
  });
  const close = () => {
    form.reset();
    setError(null);
    onClose();
  };
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { current: v.current, next: v.next });
      form.reset();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Modal opened={opened} onClose={close} title="Change your password">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Your password unlocks this workstation’s encrypted store. Nobody, not even an administrator, can recover it.
          </Text>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            data-autofocus
            {...form.getInputProps('current')}
          />
          <PasswordInput
            label="New password"
            description={`At least ${minPassword} characters`}
            autoComplete="new-password"
            {...form.getInputProps('next')}
          />
          <PasswordInput label="Confirm new password" autoComplete="new-password" {...form.getInputProps('confirm')} />
          <ErrorAlert message={error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
