import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SyncFinishedInfo, SyncProgressInfo, SyncStatusInfo } from '../../../../preload/contract';
import { call, errorMessage, isCallError, on } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconCheck, IconLink, IconRefresh } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';
import { useLoad } from '../../ui/useLoad';
import { QuarantineCard, SyncWindowCard } from './SyncAdmin';

/**
 * Sync with the agency server: enrollment (administrators), "Sync now" with live progress (records, rate,
 * ETA) and cancel, and the state of each feed. The sync itself runs on a worker thread in main.
 */
export function SyncPanel() {
  const { session } = useSession();
  const status = useLoad<SyncStatusInfo>(() => call('sync.status'));
  const [progress, setProgress] = useState<SyncProgressInfo | null>(null);
  const [finished, setFinished] = useState<SyncFinishedInfo | null>(null);
  const [needPassword, setNeedPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const isAdmin = hasRole(session, 'administrator');

  const reload = status.reload;
  useEffect(() => {
    const offProgress = on('sync.progress', (p) => setProgress(p));
    const offFinished = on('sync.finished', (f) => {
      setFinished(f);
      setProgress(null);
      setCancelling(false);
      void reload();
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [reload]);

  const start = async () => {
    setError(null);
    setFinished(null);
    try {
      await call('sync.start', needPassword && password ? { password } : {});
      setNeedPassword(false);
      setPassword('');
      void reload();
    } catch (e) {
      if (isCallError(e) && e.code === 'SERVER_SIGN_IN_REQUIRED') setNeedPassword(true);
      setError(errorMessage(e));
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      // The worker stops after the page it is applying: what was committed stays, and the next sync resumes there.
      const { cancelling: stopping } = await call('sync.cancel');
      if (!stopping) setCancelling(false);
    } catch (e) {
      setCancelling(false);
      setError(errorMessage(e));
    }
  };

  if (!status.data)
    return status.error ? <ErrorAlert message={status.error} /> : <LoadingView label="Reading sync status…" />;
  const s = status.data;
  const running = s.running || progress !== null;
  // The progress main had when this screen opened, until the next event arrives.
  const shownProgress = progress ?? (s.running ? s.progress : null);

  if (!s.enrolled) {
    return (
      <Stack gap="md">
        <PanelHeader
          title="Sync"
          description="This workstation keeps an encrypted copy of the agency's ALPR data for offline work."
        />
        {hasRole(session, 'administrator') ? (
          <EnrollForm onEnrolled={() => void reload()} />
        ) : (
          <StateView
            icon={<IconLink />}
            title="Not enrolled with the agency server"
            description="An ALPR administrator enrolls this workstation once; after that anyone signed in can sync."
          />
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <PanelHeader
        title="Sync"
        description={`Agency server ${s.serverUrl} · workstation ${s.workstationId} · keeps the last ${s.windowDays} days`}
        actions={
          running ? (
            <Button variant="default" color="red" loading={cancelling} onClick={() => void cancel()}>
              Cancel sync
            </Button>
          ) : (
            <Button leftSection={<IconRefresh size={16} />} onClick={() => void start()}>
              Sync now
            </Button>
          )
        }
      />
      {needPassword ? (
        <Paper withBorder p="md" radius="md">
          <Group align="flex-end">
            <PasswordInput
              label="Your agency-server password"
              description="Your password on the agency server starts a session there; Canvass keeps it in memory only."
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void start();
              }}
              style={{ flex: 1 }}
            />
            <Button onClick={() => void start()}>Sign in and sync</Button>
          </Group>
        </Paper>
      ) : null}
      <ErrorAlert message={error} />
      {shownProgress ? <ProgressCard p={shownProgress} cancelling={cancelling} /> : null}
      {finished ? (
        <Alert
          color={finished.outcome === 'ok' ? 'teal' : finished.outcome === 'cancelled' ? 'gray' : 'red'}
          icon={<IconCheck />}
          title={
            finished.outcome === 'ok'
              ? 'Sync finished'
              : finished.outcome === 'cancelled'
                ? 'Sync cancelled'
                : 'Sync failed'
          }
          data-testid="sync-finished"
        >
          {finished.outcome === 'cancelled'
            ? `Stopped on request after ${finished.records.toLocaleString()} records in ${(finished.durationMs / 1000).toFixed(1)} s. What arrived is kept; the next sync continues from there.`
            : `${finished.records.toLocaleString()} records in ${(finished.durationMs / 1000).toFixed(1)} s.`}
          {finished.error && finished.outcome !== 'cancelled' ? ` ${finished.error.message}` : ''}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Fact
          label="Last sync"
          value={s.lastRun ? formatDateTime(s.lastRun.finishedAt ?? s.lastRun.startedAt) : 'Never'}
        />
        <Fact label="Outcome" value={s.lastRun?.outcome ?? '—'} />
        <Fact
          label="Quarantined records"
          value={String(s.quarantined)}
          hint={
            s.quarantined
              ? isAdmin
                ? 'Malformed records set aside with the reason: listed below.'
                : 'Malformed records set aside with the reason; an administrator can review them.'
              : undefined
          }
        />
      </SimpleGrid>
      {s.staleHotlists.length ? (
        <Alert color="orange" title="Hot lists out of date">
          {s.staleHotlists.join(', ')} were not refreshed within the policy's interval. Sync to refresh them.
        </Alert>
      ) : null}
      <Table striped withTableBorder aria-label="Feeds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Feed</Table.Th>
            <Table.Th>Records here</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.cursors.map((c) => (
            <Table.Tr key={c.feed}>
              <Table.Td>{c.feed}</Table.Td>
              <Table.Td>{c.records.toLocaleString()}</Table.Td>
              <Table.Td>{formatDateTime(c.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isAdmin ? (
        <>
          <SyncWindowCard windowDays={s.windowDays} onSaved={(next) => status.setData(next)} />
          <QuarantineCard />
        </>
      ) : null}
    </Stack>
  );
}

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
      {hint ? (
        <Text size="xs" c="dimmed" mt={4}>
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function ProgressCard({ p, cancelling }: { p: SyncProgressInfo; cancelling: boolean }) {
  const done = p.remaining > 0 ? (p.records / (p.records + p.remaining)) * 100 : p.status === 'finished' ? 100 : 0;
  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-progress" aria-live="polite">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {p.phase === 'push' ? 'Sending the access log' : `Receiving ${p.feed ?? ''}`}
          {p.status === 'retrying' ? ' — retrying' : ''}
        </Text>
        <Badge variant="light" color={cancelling ? 'gray' : undefined}>
          {cancelling ? 'cancelling' : p.status}
        </Badge>
      </Group>
      <Progress value={done} animated={p.status === 'running' && !cancelling} aria-label="Sync progress" />
      <Text size="sm" c="dimmed" mt="xs">
        {p.records.toLocaleString()} records · {Math.round(p.rate).toLocaleString()}/s
        {p.etaSeconds !== null ? ` · about ${Math.ceil(p.etaSeconds)} s left` : ''}
        {p.message ? ` · ${p.message}` : ''}
      </Text>
    </Paper>
  );
}

function EnrollForm({ onEnrolled }: { onEnrolled: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { serverUrl: '', username: '', password: '', name: '', pinnedCert: '', ca: '' },
    validate: {
      serverUrl: (v) =>
        /^https?:\/\/\S+$/.test(v.trim()) ? null : 'Enter the agency server address, e.g. https://alpr.example.gov.',
      username: (v) => (v.trim() ? null : 'Enter your username on the agency server.'),
      password: (v) => (v ? null : 'Enter your password on the agency server.'),
      name: (v) => (v.trim() ? null : 'Name this workstation, e.g. "Detective bureau laptop 3".'),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      await call('sync.enroll', {
        serverUrl: v.serverUrl.trim(),
        username: v.username.trim(),
        password: v.password,
        name: v.name.trim(),
        ...(v.pinnedCert.trim() ? { pinnedCert: v.pinnedCert.trim() } : {}),
        ...(v.ca.trim() ? { ca: v.ca.trim() } : {}),
      });
      onEnrolled();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="lg" radius="md" maw={640}>
      <form onSubmit={submit} noValidate aria-label="Enroll this workstation">
        <Stack gap="sm">
          <Text fw={600}>Enroll this workstation with the agency server</Text>
          <Text size="sm" c="dimmed">
            Once enrolled, users, training and ALPR data come from the agency server, and this workstation's access log
            is sent there on every sync.
          </Text>
          <TextInput
            label="Agency server address"
            placeholder="https://alpr.example.gov"
            {...form.getInputProps('serverUrl')}
          />
          <SimpleGrid cols={2}>
            <TextInput label="Your server username" autoComplete="username" {...form.getInputProps('username')} />
            <PasswordInput
              label="Your server password"
              autoComplete="current-password"
              {...form.getInputProps('password')}
            />
          </SimpleGrid>
          <TextInput label="Workstation name" {...form.getInputProps('name')} />
          <TextInput
            label="Certificate fingerprint (optional)"
            description="SHA-256 of the server certificate to pin, as colon-separated hex."
            {...form.getInputProps('pinnedCert')}
          />
          <Textarea
            label="Agency certificate authority (optional)"
            description="When the server's certificate comes from the agency's own authority: that authority's certificate, as PEM text."
            placeholder="-----BEGIN CERTIFICATE-----"
            autosize
            minRows={2}
            maxRows={8}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            {...form.getInputProps('ca')}
          />
          <ErrorAlert message={error} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Enroll
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
