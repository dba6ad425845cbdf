import { useState } from 'react';
import { Alert, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import type { ReceivedRelease } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { ErrorAlert } from '../../ui/StateView';

/**
 * Another agency's release package: its folder and the fingerprint of the key the sender publishes. Main verifies
 * the bag and the signature before anything is shown; what is shown is read-only, with its provenance and the
 * retention limit the recipient certified.
 */
export function ReceivePanel() {
  const [path, setPath] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [got, setGot] = useState<ReceivedRelease | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setError(null);
    setGot(null);
    try {
      setGot(await call('releases.receive', { path, fingerprint }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Stack gap="sm" data-testid="release-receive">
      <Group align="end">
        <TextInput
          label="Package folder (full path)"
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          style={{ flex: 2 }}
        />
        <TextInput
          label="Sender’s published key fingerprint (SHA-256)"
          value={fingerprint}
          onChange={(e) => setFingerprint(e.currentTarget.value)}
          style={{ flex: 2 }}
        />
        <Button onClick={() => void open()}>Verify and open</Button>
      </Group>
      <ErrorAlert title="Not opened" message={error} />
      {got ? (
        <>
          <Alert color="teal">
            Verified: {got.verdict.files} files, signed by {got.record.sender.name}
            {got.record.sender.ori ? ` (ORI ${got.record.sender.ori})` : ''}. Release {got.record.number}, approved by{' '}
            {got.record.approval.by.fullName ?? got.record.approval.by.username}. Keep at most{' '}
            {got.record.retentionLimitDays} days: destroy by {got.destroyBy}.
          </Alert>
          <Text size="sm">
            {got.totalRows.toLocaleString('en-US')} detections (read-only
            {got.totalRows > got.rows.length ? `; the first ${got.rows.length} shown` : ''}).
          </Text>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                {got.columns.slice(0, 8).map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {got.rows.slice(0, 100).map((r, i) => (
                <Table.Tr key={i}>
                  {r.slice(0, 8).map((v, j) => (
                    <Table.Td key={j}>{v}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
    </Stack>
  );
}
