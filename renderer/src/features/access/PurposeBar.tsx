import { useState } from 'react';
import { Badge, Box, Button, Group, Kbd, Loader, Menu, Paper, Text } from '@mantine/core';
import type { PurposeInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { useSession } from '../../shared/session';
import { IconBriefcase, IconChevronDown, IconLock, IconX } from '../../ui/icons';
import { formatDateTime, numberKindLabel } from '../../ui/format';

/** Always on screen: why this person may see ALPR data right now, or plainly that they may not. */
export function PurposeBar({ onOpenPurpose }: { onOpenPurpose: () => void }) {
  const { session, setPurpose } = useSession();
  const purpose = session.purpose;
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);

  const close = async () => {
    setClosing(true);
    setError(null);
    try {
      await call('purposes.close');
      setPurpose(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setClosing(false);
    }
  };

  return (
    <Paper
      withBorder
      radius="md"
      px="md"
      py="sm"
      className="purpose-bar"
      role="region"
      aria-label="Purpose"
      aria-live="polite"
      data-testid="purpose-bar"
      data-purpose-state={purpose ? 'open' : 'none'}
      style={{
        ['--purpose-accent' as string]: purpose ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-orange-6)',
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="md">
        {purpose ? (
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
            <Box c="teal.6" style={{ flex: 'none', display: 'flex' }}>
              <IconBriefcase size={22} />
            </Box>
            <Box style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="nowrap">
                {purpose.number ? (
                  <Badge
                    variant="light"
                    color="teal"
                    size="lg"
                    className="mono"
                    data-testid="purpose-number"
                    style={{ flex: 'none', maxWidth: 'none' }}
                  >
                    {numberKindLabel(purpose.numberKind)} {purpose.number}
                  </Badge>
                ) : (
                  <Badge variant="outline" color="gray" size="lg" style={{ flex: 'none' }}>
                    No number
                  </Badge>
                )}
                <Text fw={600} size="sm" truncate data-testid="purpose-label">
                  {purpose.purposeLabel}
                </Text>
              </Group>
              <Text size="sm" c="dimmed" truncate data-testid="purpose-description" title={purpose.description}>
                {purpose.description} · opened {formatDateTime(purpose.openedAt)}
              </Text>
            </Box>
          </Group>
        ) : (
          <Group gap="sm" wrap="nowrap">
            <Box c="orange.6" style={{ flex: 'none', display: 'flex' }}>
              <IconLock size={22} />
            </Box>
            <div>
              <Text fw={600} size="sm" data-testid="purpose-none">
                No purpose open — ALPR data stays hidden until you open one
              </Text>
              <Text size="xs" c="dimmed">
                Every search is logged with the case, incident, call or warrant number and the reason.
              </Text>
            </div>
          </Group>
        )}

        <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
          {error ? (
            <Text size="xs" c="red" role="alert" maw={260}>
              {error}
            </Text>
          ) : null}
          <RecentPurposes current={purpose} onResumed={setPurpose} />
          {purpose ? (
            <Button variant="default" leftSection={<IconX size={16} />} loading={closing} onClick={() => void close()}>
              Close purpose
            </Button>
          ) : null}
          <Button
            variant={purpose ? 'default' : 'filled'}
            onClick={onOpenPurpose}
            title="Ctrl+Shift+P"
            rightSection={
              purpose ? undefined : (
                <Group gap={2} visibleFrom="md" aria-hidden="true">
                  <Kbd size="xs">Ctrl</Kbd>
                  <Kbd size="xs">Shift</Kbd>
                  <Kbd size="xs">P</Kbd>
                </Group>
              )
            }
            aria-keyshortcuts="Control+Shift+P"
          >
            {purpose ? 'New purpose' : 'Open purpose'}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function RecentPurposes({ current, onResumed }: { current: PurposeInfo | null; onResumed: (p: PurposeInfo) => void }) {
  const [recent, setRecent] = useState<PurposeInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    call('purposes.recent')
      .then(setRecent)
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  const resume = async (id: number) => {
    try {
      onResumed(await call('purposes.resume', { id }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const others = recent?.filter((p) => p.id !== current?.id) ?? [];

  return (
    <Menu position="bottom-end" width={420} onOpen={load} shadow="md">
      <Menu.Target>
        <Button variant="subtle" rightSection={<IconChevronDown size={14} />}>
          Recent
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label="Recent purposes">
        <Menu.Label>Resume a recent purpose</Menu.Label>
        {error ? (
          <Text size="sm" c="red" px="sm" py="xs" role="alert">
            {error}
          </Text>
        ) : recent === null ? (
          <Group px="sm" py="xs" gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Loading…
            </Text>
          </Group>
        ) : others.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            No other purposes yet.
          </Text>
        ) : (
          others.map((p) => (
            <Menu.Item key={p.id} onClick={() => void resume(p.id)}>
              <Text size="sm" fw={600} className="mono">
                {p.number ? `${numberKindLabel(p.numberKind)} ${p.number}` : 'No number'}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {p.purposeLabel} — {p.description}
              </Text>
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
