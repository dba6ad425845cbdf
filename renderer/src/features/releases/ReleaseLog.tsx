import { useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { call, errorMessage } from '../../bridge';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { useLoad } from '../../ui/useLoad';

/** Who received what, when, under which request; exported as CSV (audited). */
export function ReleaseLog() {
  const log = useLoad(() => call('releases.log', {}));
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!log.data)
    return log.error ? <ErrorAlert message={log.error} /> : <LoadingView label="Reading the release log…" />;
  return (
    <Stack gap="sm" data-testid="release-log">
      <Group>
        <Button
          variant="default"
          onClick={async () => {
            setError(null);
            try {
              const r = await call('releases.exportLog', {});
              setExported(`${r.rows} release${r.rows === 1 ? '' : 's'} written to ${r.path}`);
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        >
          Export as CSV
        </Button>
        {exported ? (
          <Text size="sm" data-testid="release-log-exported">
            {exported}
          </Text>
        ) : null}
      </Group>
      <ErrorAlert message={error} />
      {log.data.length === 0 ? (
        <Text c="dimmed">No release has been made.</Text>
      ) : (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Request</Table.Th>
              <Table.Th>Received by</Table.Th>
              <Table.Th>Purpose</Table.Th>
              <Table.Th>Detections</Table.Th>
              <Table.Th>Approved by</Table.Th>
              <Table.Th>Released</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.map((l) => (
              <Table.Tr key={l.number}>
                <Table.Td className="mono">{l.number}</Table.Td>
                <Table.Td>
                  {l.agency.name}
                  {l.agency.ori ? ` · ${l.agency.ori}` : ''}
                </Table.Td>
                <Table.Td>{l.purpose}</Table.Td>
                <Table.Td>{l.detections.toLocaleString('en-US')}</Table.Td>
                <Table.Td>{l.approvedBy}</Table.Td>
                <Table.Td>
                  {l.releasedBy} · {formatDateTime(l.releasedAt)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
