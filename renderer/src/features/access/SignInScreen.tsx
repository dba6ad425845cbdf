import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SessionInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { AuthLayout } from '../../ui/AuthLayout';
import { ErrorAlert } from '../../ui/StateView';
import { IconInfo } from '../../ui/icons';

export function SignInScreen({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
        </Stack>
      </form>
    </AuthLayout>
  );
}
