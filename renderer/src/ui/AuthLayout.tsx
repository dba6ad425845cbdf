import type { ReactNode } from 'react';
import { Box, Group, Paper, Text } from '@mantine/core';
import { Brand } from './Brand';
import { ThemeToggle } from './ThemeToggle';

/** The frame of every screen before the workspace: brand, a card, and the legal line at the foot. */
export function AuthLayout({
  children,
  width = 440,
  screen,
  subtitle = 'ALPR investigations workstation',
}: {
  children: ReactNode;
  width?: number;
  screen: string;
  subtitle?: string;
}) {
  return (
    <Box className="auth-backdrop" data-screen={screen} component="main">
      <Box w="100%" maw={width}>
        <Group justify="space-between" mb="lg">
          <Brand subtitle={subtitle} />
          <ThemeToggle />
        </Group>
        <Paper withBorder shadow="sm" radius="lg" p="xl">
          {children}
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="lg" px="md">
          Authorized users only. Every sign-in and every access to ALPR data is recorded with who, when and why (Cal.
          Civ. Code § 1798.90.52).
        </Text>
      </Box>
    </Box>
  );
}
