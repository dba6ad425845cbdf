import { PasswordInput, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { call } from '../../bridge';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
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
  const dialog = useFormDialog(form, onClose);
  const submit = dialog.onSubmit(async (v) => {
    await call('auth.changePassword', { current: v.current, next: v.next });
    form.reset();
    onDone();
  });
  return (
    <FormDialog
      control={dialog}
      opened={opened}
      title="Change your password"
      onSubmit={submit}
      submitLabel="Change password"
    >
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
    </FormDialog>
  );
}
