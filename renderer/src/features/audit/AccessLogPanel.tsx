import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { AuditEntry, AuditVerifyResult } from '../../../../preload/contract';
import { IntegrityAlerts } from './IntegrityAlerts';
import { call, errorMessage } from '../../bridge';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconAlert, IconChevronLeft, IconChevronRight, IconDownload, IconList, IconShieldCheck } from '../../ui/icons';
import { formatDateTime } from '../../ui/format';

const PAGE = 50;

const OUTCOME_COLORS: Record<string, string> = { ok: 'teal', denied: 'orange', failed: 'red' };

/**
 * The access log, newest first, paged by sequence number. "Verify chain" re-walks the hash chain in main;
 * exports write NDJSON or CSV that an outside auditor can verify without Canvass.
 */
export function AccessLogPanel() {
  // Each page is fetched "before" a sequence number; the stack remembers how to go back to newer pages.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [exported, setExported] = useState<{ path: string; records: number; format: string } | null>(null);
  const [exporting, setExporting] = useState<'ndjson' | 'csv' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const before = cursors[cursors.length - 1];

  const load = useCallback(async (beforeSeq: number | undefined) => {
    setLoading(true);
    try {
      setRows(await call('audit.list', beforeSeq === undefined ? { limit: PAGE } : { beforeSeq, limit: PAGE }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(before);
  }, [before, load]);

  const verify = async () => {
    setVerifying(true);
    setActionError(null);
    try {
      setVerdict(await call('audit.verify'));
      if (cursors.length === 1) void load(undefined); // the verification itself is now the newest record
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const exportLog = async (format: 'ndjson' | 'csv') => {
    setExporting(format);
    setActionError(null);
    try {
      const result = await call('audit.export', { format });
      setExported({ ...result, format });
      if (cursors.length === 1) void load(undefined);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setExporting(null);
    }
  };

  const oldest = rows && rows.length ? rows[rows.length - 1]!.seq : null;
  const hasOlder = rows !== null && rows.length === PAGE && oldest !== null && oldest > 1;

  return (
    <Stack gap="md">
      <PanelHeader
        title="Access log"
        description="Every sign-in, search and change, hash-chained so an outside auditor can verify it."
        actions={
          <>
            <Button leftSection={<IconShieldCheck size={16} />} onClick={() => void verify()} loading={verifying}>
              Verify chain
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => void exportLog('ndjson')}
              loading={exporting === 'ndjson'}
            >
              Export NDJSON
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => void exportLog('csv')}
              loading={exporting === 'csv'}
            >
              Export CSV
            </Button>
          </>
        }
      />

      <IntegrityAlerts onChange={() => cursors.length === 1 && void load(undefined)} />
      {verdict ? <VerdictView verdict={verdict} onClose={() => setVerdict(null)} /> : null}
      {exported ? (
        <Alert
          color="canvass"
          variant="light"
          icon={<IconDownload />}
          withCloseButton
          onClose={() => setExported(null)}
          role="status"
          data-testid="audit-export"
        >
          <Text size="sm">
            Exported {exported.records} record{exported.records === 1 ? '' : 's'} as {exported.format.toUpperCase()} to
          </Text>
          <Code block mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="audit-export-path">
            {exported.path}
          </Code>
        </Alert>
      ) : null}
      <ErrorAlert message={actionError} />

      {error ? (
        <ErrorAlert title="The access log could not be read" message={error} />
      ) : rows === null ? (
        <LoadingView label="Reading the access log…" />
      ) : rows.length === 0 ? (
        <StateView icon={<IconList size={28} />} title="The access log is empty" />
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <div style={{ overflow: 'auto', maxHeight: 'calc(100vh - 330px)' }}>
            <Table
              striped
              highlightOnHover
              stickyHeader
              layout="fixed"
              miw={980}
              aria-label="Access log"
              data-testid="audit-table"
              style={{ opacity: loading ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60} ta="right">
                    Seq
                  </Table.Th>
                  <Table.Th w={168}>Time</Table.Th>
                  <Table.Th w={110}>User</Table.Th>
                  <Table.Th w={170}>Action</Table.Th>
                  <Table.Th w={96}>Outcome</Table.Th>
                  <Table.Th w={180}>Purpose</Table.Th>
                  <Table.Th>Data</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.seq}>
                    <Table.Td ta="right" className="mono">
                      {r.seq}
                    </Table.Td>
                    <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(r.at)}
                    </Table.Td>
                    <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {r.username ?? (
                        <Text span c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td
                      className="mono"
                      style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                      title={r.action}
                    >
                      {r.action}
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={OUTCOME_COLORS[r.outcome] ?? 'gray'}>
                        {r.outcome}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" lineClamp={2}>
                        {r.purpose ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip
                        label={
                          <Text size="xs" className="mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                            {r.data}
                          </Text>
                        }
                        multiline
                        w={460}
                        openDelay={400}
                      >
                        <div className="cell-data" tabIndex={0}>
                          {r.redacted ? (
                            <Badge
                              size="xs"
                              variant="outline"
                              color="gray"
                              mr={6}
                              title="Plates, patterns and detection ids are shown only to a reviewer acting under a purpose"
                            >
                              ALPR data hidden
                            </Badge>
                          ) : null}
                          {r.data === '{}' ? '' : r.data}
                        </div>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Group
            justify="space-between"
            px="md"
            py="xs"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            <Text size="xs" c="dimmed">
              Records {rows[rows.length - 1]!.seq}–{rows[0]!.seq}
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                leftSection={<IconChevronLeft size={14} />}
                disabled={cursors.length === 1 || loading}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Newer
              </Button>
              <Button
                size="xs"
                variant="default"
                rightSection={<IconChevronRight size={14} />}
                disabled={!hasOlder || loading}
                onClick={() => oldest !== null && setCursors((c) => [...c, oldest])}
              >
                Older
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}

function AnchorLine({ anchor }: { anchor: AuditVerifyResult['anchor'] }) {
  if (!anchor) return null;
  return (
    <Text size="sm" mt={6} data-testid="audit-anchor" data-status={anchor.status}>
      Agency server: {anchor.message}
    </Text>
  );
}

function VerdictView({ verdict, onClose }: { verdict: AuditVerifyResult; onClose: () => void }) {
  const anchorBad = verdict.anchor?.status === 'missing' || verdict.anchor?.status === 'differs';
  const good = verdict.ok && !anchorBad;
  return (
    <Alert
      color={good ? 'teal' : 'red'}
      variant="light"
      icon={good ? <IconShieldCheck /> : <IconAlert />}
      title={
        good
          ? 'Chain verified'
          : verdict.ok
            ? "The chain holds, but the agency server's anchor says records are missing"
            : 'The chain does not verify'
      }
      withCloseButton
      onClose={onClose}
      role={good ? 'status' : 'alert'}
      data-testid="audit-verdict"
      data-ok={good ? 'true' : 'false'}
    >
      {verdict.ok ? (
        <>
          <Text size="sm">
            All {verdict.count} records are intact and in order. Head record {verdict.headSeq}, hash
          </Text>
          <Code block mt={4} style={{ wordBreak: 'break-all' }}>
            {verdict.headHash}
          </Code>
        </>
      ) : (
        <>
          <Text size="sm">{verdict.problem.message}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {verdict.count} records before record {verdict.problem.seq} verified. Preserve this workstation and tell the
            records custodian.
          </Text>
        </>
      )}
      <AnchorLine anchor={verdict.anchor} />
    </Alert>
  );
}
