import { useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Table, Title } from '@mantine/core';
import type { ReleaseRequestInfo } from '../../../../preload/contract';
import { call } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { useLoad } from '../../ui/useLoad';
import { STATUS } from './labels';
import { ReceivePanel } from './ReceivePanel';
import { ReleaseLog } from './ReleaseLog';
import { RequestDetail } from './RequestDetail';
import { AgencyForm, RequestForm } from './RequestForm';

type Tab = 'requests' | 'log' | 'receive';

/**
 * Releases (docs/releases.md): the requests on file (recorded and screened by the records custodian, decided by the
 * commander or designee, released by the custodian), the release log, and the receiving side.
 */
export function ReleasesPanel({ onOpenPurpose }: { onOpenPurpose: () => void }) {
  const { session } = useSession();
  const [tab, setTab] = useState<Tab>('requests');
  const [form, setForm] = useState<'request' | 'agency' | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const requests = useLoad(() => call('releases.list'));
  const agencies = useLoad(() => call('releases.agencies'));
  const isCustodian = hasRole(session, 'records_custodian');

  const replace = (r: ReleaseRequestInfo) => {
    const list = requests.data ?? [];
    requests.setData(list.some((x) => x.id === r.id) ? list.map((x) => (x.id === r.id ? r : x)) : [r, ...list]);
    setSelected(r.id);
  };
  const current = requests.data?.find((r) => r.id === selected) ?? null;

  return (
    <Stack gap="md" data-testid="releases-panel">
      <Group justify="space-between">
        <Title order={2} fz="h3">
          Releases
        </Title>
        <SegmentedControl
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          data={[
            { value: 'requests', label: 'Requests' },
            { value: 'log', label: 'Release log' },
            { value: 'receive', label: 'Receive a package' },
          ]}
        />
      </Group>
      {tab === 'log' ? <ReleaseLog /> : null}
      {tab === 'receive' ? <ReceivePanel /> : null}
      {tab === 'requests' ? (
        <>
          {isCustodian && !form ? (
            <Group>
              <Button onClick={() => setForm('request')}>Record a request…</Button>
            </Group>
          ) : null}
          {form === 'agency' ? (
            <AgencyForm
              onSaved={(a) => {
                agencies.setData([...(agencies.data ?? []), a]);
                setForm('request');
              }}
              onCancel={() => setForm('request')}
            />
          ) : null}
          {form === 'request' && agencies.data ? (
            <RequestForm
              agencies={agencies.data}
              onRecorded={(r) => {
                replace(r);
                setForm(null);
              }}
              onCancel={() => setForm(null)}
              onAddAgency={() => setForm('agency')}
            />
          ) : null}
          {!requests.data ? (
            requests.error ? (
              <ErrorAlert message={requests.error} />
            ) : (
              <LoadingView label="Reading the requests on file…" />
            )
          ) : (
            <Table withTableBorder highlightOnHover data-testid="release-requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Agency</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Recorded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {requests.data.map((r) => (
                  <Table.Tr
                    key={r.id}
                    onClick={() => setSelected(r.id)}
                    style={{ cursor: 'pointer' }}
                    aria-selected={r.id === selected}
                    data-number={r.number}
                  >
                    <Table.Td className="mono">{r.number}</Table.Td>
                    <Table.Td>{r.agency.name}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS[r.status].color} variant="light" tt="none">
                        {STATUS[r.status].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {r.preparedBy} · {formatDateTime(r.preparedAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {current ? <RequestDetail request={current} onChanged={replace} onOpenPurpose={onOpenPurpose} /> : null}
        </>
      ) : null}
    </Stack>
  );
}
