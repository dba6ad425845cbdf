import { useState } from 'react';
import { Avatar, Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SessionInfo } from '../../../../preload/contract';
import { call, errorMessage, isCallError } from '../../bridge';
import { useSession } from '../../shared/session';
import { AuthLayout } from '../../ui/AuthLayout';
import { ErrorAlert } from '../../ui/StateView';
import { IconLock } from '../../ui/icons';
import { initials } from '../../ui/format';

/** Shown instead of the workspace while the session is locked: nothing behind it stays on screen. */
export function LockScreen({
  reason,
  onUnlocked,
}: {
  reason: 'idle' | 'manual';
  onUnlocked: (s: SessionInfo) => void;
}) {
  const { session, signOut, refresh } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : 'Enter your password to unlock') },
  });

  const submit = form.onSubmit(async ({ password }) => {
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await call('auth.unlock', { password }));
    } catch (e) {
      if (isCallError(e) && (e.code === 'ACCOUNT_LOCKED' || e.code === 'ACCOUNT_DISABLED')) {
        // Main ended the session: go to sign-in and say why there.
        await refresh(e.message);
        return;
      }
      setError(errorMessage(e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  });

  const why =
    reason === 'idle'
      ? `Locked after ${session.idleLockMinutes} minutes without activity.`
      : 'Locked by the signed-in user.';

  return (
    <AuthLayout screen="lock" subtitle={session.agencyName}>
      <form onSubmit={submit} noValidate aria-labelledby="lock-title">
        <Stack gap="md">
          <Group gap="sm" c="dimmed">
            <IconLock size={18} />
            <Text size="sm">{why}</Text>
          </Group>
          <Title order={1} size="h2" id="lock-title">
            Workstation locked
          </Title>
          <Group gap="sm" wrap="nowrap" data-testid="lock-user">
            <Avatar radius="xl" color="canvass" variant="light">
              {initials(session.fullName)}
            </Avatar>
            <div>
              <Text fw={600}>{session.fullName}</Text>
              <Text size="sm" c="dimmed">
                {session.username} · {session.agencyName}
              </Text>
            </div>
          </Group>
          <ErrorAlert message={error} testId="unlock-error" />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            autoFocus
            {...form.getInputProps('password')}
          />
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={() => void signOut()}>
              Sign out
            </Button>
            <Button type="submit" loading={busy}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
