import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { IntegrityAlert } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { ErrorAlert } from '../../ui/StateView';
import { IconAlert } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';

/**
 * What the workstation found wrong with itself (a rolled-back access log, a changed enrollment record, a chain
 * head the agency server holds that this log lacks), open until an administrator acknowledges it, saying what
 * was done. Each alert is also in the access log.
 */
export function IntegrityAlerts({ onChange }: { onChange: () => void }) {
  const { session } = useSession();
  const canAcknowledge = hasRole(session, 'administrator');
  const [alerts, setAlerts] = useState<IntegrityAlert[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setAlerts(await call('audit.alerts', { open: true }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorAlert title="The integrity alerts could not be read" message={error} />;
  if (alerts.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="integrity-alert-list">
      {alerts.map((a) => (
        <Alert
          key={a.id}
          color="red"
          variant="light"
          icon={<IconAlert />}
          title={`Integrity alert — ${a.kind}`}
          role="alert"
        >
          <Text size="sm">{a.message}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            Raised {formatDateTime(a.at)}. Preserve this workstation and compare its log with the agency server.
          </Text>
          {canAcknowledge ? (
            <Acknowledge
              id={a.id}
              onDone={() => {
                void load();
                onChange();
              }}
            />
          ) : null}
        </Alert>
      ))}
    </Stack>
  );
}

function Acknowledge({ id, onDone }: { id: number; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('audit.acknowledge', { id, note: note.trim() });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} mt="xs">
      <ErrorAlert message={error} />
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label="What was done about it"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button
          size="xs"
          variant="default"
          loading={busy}
          disabled={note.trim().length < 3}
          onClick={() => void submit()}
        >
          Acknowledge
        </Button>
      </Group>
    </Stack>
  );
}
