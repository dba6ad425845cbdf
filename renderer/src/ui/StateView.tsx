import type { ReactNode } from 'react';
import { Alert, Center, EmptyState, Loader, Stack, Text } from '@mantine/core';
import { IconAlert } from './icons';

/** A designed empty or refusal state: an icon, a title, what it means, and what to do next. */
export function StateView({
  icon,
  title,
  description,
  action,
  color,
  testId,
  role = 'status',
}: {
  icon: ReactNode;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  color?: string;
  testId?: string;
  role?: 'status' | 'alert';
}) {
  return (
    <Center py={48} px="md" data-testid={testId} role={role}>
      <EmptyState
        icon={icon}
        title={title}
        description={description}
        variant="light"
        color={color ?? 'gray'}
        size="md"
        maw={520}
      >
        {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
      </EmptyState>
    </Center>
  );
}

export function LoadingView({ label }: { label: string }) {
  return (
    <Center py={48} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

/** An error main sent, word for word, where the person is looking. */
export function ErrorAlert({ title, message, testId }: { title?: string; message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlert />} title={title} role="alert" data-testid={testId}>
      {message}
    </Alert>
  );
}
