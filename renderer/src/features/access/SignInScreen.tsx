import { useEffect, useState } from 'react';
import { Alert, Button, PasswordInput, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SessionInfo, StoreUpgradeProgress } from '../../../../preload/contract';
import { call, errorMessage, isCallError, on } from '../../bridge';
import { AuthLayout } from '../../ui/AuthLayout';
import { ErrorAlert } from '../../ui/StateView';
import { IconInfo } from '../../ui/icons';

export function SignInScreen({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A missing or damaged keyring: an administrator may rebuild it through the agency server.
  const [recoverable, setRecoverable] = useState(false);
  const upgrade = useStoreUpgrade(busy);
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : 'Enter your username'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    performance.mark('canvass:sign-in-submitted');
    try {
      const session = await call('auth.login', { username: values.username.trim(), password: values.password });
      onSignedIn(session);
    } catch (e) {
      // Main's words, verbatim: wrong password, locked out, disabled, training expired.
      setError(errorMessage(e));
      setRecoverable(isCallError(e) && e.code === 'KEYRING_DAMAGED');
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthLayout screen="signin">
      <form onSubmit={submit} noValidate aria-labelledby="signin-title">
        <Stack gap="md">
          <div>
            <Title order={1} id="signin-title" size="h2">
              Sign in
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              Use the account your ALPR administrator created for you.
            </Text>
          </div>
          {notice ? (
            <Alert variant="light" color="yellow" icon={<IconInfo />} role="status">
              {notice}
            </Alert>
          ) : null}
          <ErrorAlert message={error} testId="signin-error" />
          <TextInput
            label="Username"
            autoComplete="username"
            autoFocus
            spellCheck={false}
            {...form.getInputProps('username')}
          />
          <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
          <Button type="submit" loading={busy} fullWidth size="md">
            Sign in
          </Button>
          <StoreUpgradeNote progress={upgrade} />
        </Stack>
      </form>
      {recoverable ? <RecoverKeyring username={form.values.username.trim()} onSignedIn={onSignedIn} /> : null}
    </AuthLayout>
  );
}

/** The store's upgrade steps while a sign-in waits for them (a store written by an earlier Canvass). */
function useStoreUpgrade(busy: boolean): StoreUpgradeProgress | null {
  const [progress, setProgress] = useState<StoreUpgradeProgress | null>(null);
  useEffect(() => {
    if (!busy) return setProgress(null);
    return on('session.storeUpgrade', setProgress);
  }, [busy]);
  return progress;
}

function StoreUpgradeNote({ progress }: { progress: StoreUpgradeProgress | null }) {
  if (!progress) return null;
  return (
    <Stack gap={4} role="status" data-testid="store-upgrade">
      <Text size="sm">
        Upgrading the store for this version of Canvass: step {Math.min(progress.done + 1, progress.total)} of{' '}
        {progress.total}. On a large store this takes a few minutes; keep Canvass open.
      </Text>
      <Progress value={(100 * progress.done) / progress.total} aria-label="Store upgrade" size="sm" />
    </Stack>
  );
}

/**
 * An ALPR administrator rebuilds the keyring through the agency server. They type the server's address
 * themselves: main sends the password only if it is the server this workstation was enrolled with.
 */
function RecoverKeyring({ username, onSignedIn }: { username: string; onSignedIn: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { serverUrl: '', username, password: '' },
    validate: {
      serverUrl: (v) => (v.trim() ? null : 'Enter the agency server address'),
      username: (v) => (v.trim() ? null : 'Enter your username'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(
        await call('auth.recoverKeyring', {
          serverUrl: values.serverUrl.trim(),
          username: values.username.trim(),
          password: values.password,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  });
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="recover-title"
      style={{ marginTop: 'var(--mantine-spacing-xl)' }}
    >
      <Stack gap="sm">
        <Title order={2} id="recover-title" size="h4">
          Recover the keyring (ALPR administrator)
        </Title>
        <Text size="sm" c="dimmed">
          Type the agency server&apos;s address as the agency gave it to you. Canvass sends your password only if it is
          the server this workstation was enrolled with.
        </Text>
        <ErrorAlert message={error} testId="recover-error" />
        <TextInput
          label="Agency server address"
          placeholder="https://alpr.example.gov"
          spellCheck={false}
          {...form.getInputProps('serverUrl')}
        />
        <TextInput
          label="Administrator username"
          autoComplete="username"
          spellCheck={false}
          {...form.getInputProps('username')}
        />
        <PasswordInput
          label="Agency server password"
          autoComplete="current-password"
          {...form.getInputProps('password')}
        />
        <Button type="submit" variant="light" loading={busy} fullWidth>
          Rebuild the keyring and sign in
        </Button>
      </Stack>
    </form>
  );
}
