import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type {
  AgencyLogInfo,
  AuditDetail,
  AuditSummary,
  CadenceInfo,
  Checklist,
  ChecklistAnswer,
  FlagKind,
  ReviewItem,
} from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { PanelHeader } from '../../ui/PanelHeader';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { agencyToday, formatDate, formatDateTime } from '../../ui/format';
import { useLoad } from '../../ui/useLoad';

const COMPLIANT: Checklist = {
  purposeSpecific: 'yes',
  numberValid: 'yes',
  scopeProportionate: 'yes',
  userTrained: 'yes',
  dataErrors: [],
  finding: 'compliant',
  findingText: '',
  remediation: '',
};

/**
 * Audits of ALPR use (docs/audits.md): when the next is due, the agency-wide log, imported vendor logs, and one
 * audit at a time from opening through screening, the keyboard review and the signature to filing.
 */
export function AuditsPanel() {
  const list = useLoad(() => call('audit.audits'));
  const [selected, setSelected] = useState<number | null>(null);
  const [agency, setAgency] = useState<AgencyLogInfo | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { session, refresh } = useSession();

  const run = async <T,>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(errorMessage(e));
      return null;
    } finally {
      setBusy(null);
    }
  };

  if (!list.data) return list.error ? <ErrorAlert message={list.error} /> : <LoadingView label="Loading audits" />;
  const { audits, cadence } = list.data;

  return (
    <Stack gap="md">
      <PanelHeader
        title="Audits of use"
        description="Screen every inquiry, review a sample anyone can redraw, and send the memo to the Chief."
        actions={
          <Button
            variant="default"
            loading={busy === 'agency'}
            onClick={() => void run('agency', () => call('audit.agencyLog')).then((a) => a && setAgency(a))}
          >
            Pull agency log
          </Button>
        }
      />
      <ErrorAlert message={error} testId="audits-error" />
      <CadenceView cadence={cadence} />
      {agency ? <AgencyLogView info={agency} /> : null}
      {selected === null ? (
        <>
          <OpenAuditForm
            busy={busy === 'open'}
            onOpen={(args) =>
              void run('open', () => call('audit.open', args)).then(async (d) => {
                if (!d) return;
                await refresh();
                await list.reload();
                setSelected(d.id);
              })
            }
          />
          <AuditList
            audits={audits}
            canFile={hasRole(session, 'records_custodian')}
            onFile={(id) => void run('file', () => call('audit.file', { auditId: id })).then(() => list.reload())}
            onSelect={(id) =>
              void run('resume', () => call('audit.resume', { auditId: id })).then(async (d) => {
                if (!d) return;
                await refresh();
                setSelected(d.id);
              })
            }
          />
        </>
      ) : (
        <AuditView
          auditId={selected}
          onClose={() => {
            setSelected(null);
            void list.reload();
          }}
        />
      )}
    </Stack>
  );
}

function CadenceView({ cadence }: { cadence: CadenceInfo }) {
  const overdue = cadence.overdue.length > 0;
  return (
    <Alert
      color={overdue || cadence.neverAudited ? 'orange' : 'canvass'}
      variant="light"
      title={
        overdue
          ? `${cadence.overdue.length} audit${cadence.overdue.length > 1 ? 's' : ''} overdue`
          : cadence.dueOn
            ? `Next audit due ${formatDate(cadence.dueOn)}`
            : 'No audit recorded: one is due now'
      }
      data-testid="audit-cadence"
    >
      <Text size="sm">
        Every {cadence.everyMonths} months ({cadence.rule}).{' '}
        {cadence.lastFiledOn ? `Last filed ${formatDate(cadence.lastFiledOn)}.` : ''}
        {overdue ? ` Missed: ${cadence.overdue.map(formatDate).join(', ')}.` : ''}
      </Text>
    </Alert>
  );
}

function AgencyLogView({ info }: { info: AgencyLogInfo }) {
  return (
    <Paper withBorder p="sm" data-testid="agency-log">
      <Text fw={600} size="sm" mb="xs">
        Agency-wide log: {info.records} records from other workstations
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Workstation</Table.Th>
            <Table.Th>Chain</Table.Th>
            <Table.Th>Records</Table.Th>
            <Table.Th>Last reported</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {info.workstations.map((w) => (
            <Table.Tr key={w.workstationId}>
              <Table.Td>{w.name ?? w.workstationId}</Table.Td>
              <Table.Td>{w.verdict}</Table.Td>
              <Table.Td>{w.headSeq}</Table.Td>
              <Table.Td>
                {w.lastPushedAt ? formatDateTime(w.lastPushedAt) : 'never'}{' '}
                {w.silent ? (
                  <Badge color="orange" size="sm">
                    not reporting
                  </Badge>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function OpenAuditForm({
  busy,
  onOpen,
}: {
  busy: boolean;
  onOpen: (args: { number: string; from: string; to: string; importId?: number }) => void;
}) {
  const { session } = useSession();
  const today = agencyToday(session.timeZone);
  const [number, setNumber] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(today);
  const [importId, setImportId] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const imports = useLoad(() => call('audit.imports'));
  const importFile = async () => {
    setImporting(true);
    setImportError(null);
    try {
      const i = await call('audit.import', { path });
      await imports.reload();
      setImportId(String(i.id));
      setPath('');
    } catch (e) {
      setImportError(errorMessage(e));
    } finally {
      setImporting(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onOpen({ number, from, to, ...(importId ? { importId: Number(importId) } : {}) });
        }}
        aria-label="Open an audit"
      >
        <Stack gap="sm">
          <Text fw={600}>Open an audit</Text>
          <Group align="end" grow>
            <TextInput
              label="Audit number"
              placeholder="AUD-2026-02"
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              required
            />
            <TextInput
              label="From"
              placeholder="YYYY-MM-DD"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              required
            />
            <TextInput
              label="To"
              placeholder="YYYY-MM-DD"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              required
            />
            <Select
              label="Log"
              value={importId}
              onChange={setImportId}
              clearable
              placeholder="Canvass, agency-wide"
              data={(imports.data ?? []).map((i) => ({
                value: String(i.id),
                label: `Imported: ${i.fileName} (${i.rows} rows)`,
              }))}
            />
          </Group>
          <Group>
            <Button type="submit" loading={busy}>
              Open audit
            </Button>
          </Group>
          <Group align="end">
            <TextInput
              style={{ flex: 1 }}
              label="Import a Flock organization-audit CSV"
              placeholder="/path/to/flock-org-audit.csv"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
            />
            <Button variant="default" loading={importing} disabled={!path.trim()} onClick={() => void importFile()}>
              Import
            </Button>
          </Group>
          <ErrorAlert message={importError} testId="audit-import-error" />
        </Stack>
      </form>
    </Paper>
  );
}

/** The audits; a records custodian files a signed memo from here (main checks it is the file that was signed). */
function AuditList({
  audits,
  canFile,
  onFile,
  onSelect,
}: {
  audits: AuditSummary[];
  canFile: boolean;
  onFile: (id: number) => void;
  onSelect: (id: number) => void;
}) {
  if (audits.length === 0) return <Text c="dimmed">No audits yet.</Text>;
  return (
    <Table highlightOnHover data-testid="audit-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Audit</Table.Th>
          <Table.Th>Period</Table.Th>
          <Table.Th>Log</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Reviewed</Table.Th>
          <Table.Th>Findings</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {audits.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Button variant="subtle" size="compact-sm" onClick={() => onSelect(a.id)} disabled={a.status === 'filed'}>
                {a.number}
              </Button>
            </Table.Td>
            <Table.Td>
              {formatDate(a.periodFrom)} – {formatDate(a.periodTo)}
            </Table.Td>
            <Table.Td>{a.importLabel ?? 'Canvass'}</Table.Td>
            <Table.Td>
              <Badge variant="light">{a.status}</Badge>{' '}
              {canFile && a.status === 'signed' ? (
                <Button size="compact-xs" variant="light" onClick={() => onFile(a.id)}>
                  File memo
                </Button>
              ) : null}
            </Table.Td>
            <Table.Td>
              {a.reviewed} / {a.sampled}
            </Table.Td>
            <Table.Td>{a.findings}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AuditView({ auditId, onClose }: { auditId: number; onClose: () => void }) {
  const [detail, setDetail] = useState<AuditDetail | null>(null);
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [current, setCurrent] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [recommendations, setRecommendations] = useState('');
  const [memo, setMemo] = useState<{ documentId: string; path: string | null; pdfSha256: string } | null>(null);
  const [picked, setPicked] = useState<string[]>([]);

  const act = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const loadItems = async () => setItems(await call('audit.inquiries', { auditId }));

  useEffect(() => {
    // Loaded once per audit shown; the actions below keep it current.
    call('audit.detail', { auditId })
      .then(async (d) => {
        setDetail(d);
        if (d.status !== 'open') setItems(await call('audit.inquiries', { auditId }));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [auditId]);

  const item = items[current] ?? null;
  const save = async (answers: Checklist, advance: boolean) => {
    if (!item) return;
    await act('answer', async () => {
      const saved = await call('audit.answer', { auditId, key: item.key, answers });
      setItems((list) => list.map((i) => (i.key === saved.key ? saved : i)));
      if (advance) setCurrent((c) => Math.min(c + 1, items.length - 1));
    });
  };
  const reviewing = detail?.status === 'screened' && items.length > 0;
  useHotkeys(
    reviewing
      ? [
          ['j', () => setCurrent((c) => Math.min(c + 1, items.length - 1))],
          ['ArrowDown', () => setCurrent((c) => Math.min(c + 1, items.length - 1))],
          ['k', () => setCurrent((c) => Math.max(c - 1, 0))],
          ['ArrowUp', () => setCurrent((c) => Math.max(c - 1, 0))],
          ['c', () => void save(COMPLIANT, true)],
        ]
      : [],
    ['INPUT', 'TEXTAREA', 'SELECT'],
  );

  if (!detail) return error ? <ErrorAlert message={error} /> : <LoadingView label="Loading the audit" />;
  const reviewed = items.filter((i) => i.answers !== null).length;

  return (
    <Stack gap="md" data-testid="audit-view">
      <Group justify="space-between">
        <div>
          <Text fw={700} size="lg">
            Audit {detail.number}
          </Text>
          <Text size="sm" c="dimmed">
            {formatDate(detail.periodFrom)} – {formatDate(detail.periodTo)} ·{' '}
            {detail.importLabel ?? 'Canvass access log, agency-wide'} · <Badge variant="light">{detail.status}</Badge>
          </Text>
        </div>
        <Button variant="default" onClick={onClose}>
          All audits
        </Button>
      </Group>
      {detail.importLabel ? (
        <Alert color="orange" variant="light" title="Imported data">
          These inquiries come from a vendor’s export, not from Canvass’s access log.
        </Alert>
      ) : null}
      <ErrorAlert message={error} testId="audit-error" />
      {detail.status === 'open' ? (
        <Button
          w="fit-content"
          loading={busy === 'screen'}
          onClick={() =>
            void act('screen', async () => {
              setDetail(await call('audit.screen', { auditId }));
              await loadItems();
            })
          }
        >
          Screen the period and draw the sample
        </Button>
      ) : null}
      {detail.screening ? (
        <Paper withBorder p="sm" data-testid="audit-screening">
          <Text size="sm">
            {detail.screening.population} inquiries screened; {detail.screening.flaggedInquiries} flagged. Sample of{' '}
            {detail.sampleSize} from seed <Code>{detail.seed}</Code>
          </Text>
          <Group gap="xs" mt="xs">
            {Object.entries(detail.screening.byKind)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => (
                <Badge key={k} color="orange" variant="light">
                  {detail.screening!.labels[k as FlagKind]}: {n}
                </Badge>
              ))}
          </Group>
        </Paper>
      ) : null}
      {detail.status === 'screened' && detail.flagged.length > 0 ? (
        <Paper withBorder p="sm">
          <Text fw={600} size="sm" mb="xs">
            Flagged inquiries (most flags first) — add any to the review
          </Text>
          <Table>
            <Table.Tbody>
              {detail.flagged.slice(0, 20).map((f) => (
                <Table.Tr key={f.inquiry.key}>
                  <Table.Td>
                    <input
                      type="checkbox"
                      aria-label={`Add ${f.inquiry.key}`}
                      checked={picked.includes(f.inquiry.key)}
                      disabled={items.some((i) => i.key === f.inquiry.key)}
                      onChange={(e) =>
                        setPicked((p) =>
                          e.currentTarget.checked ? [...p, f.inquiry.key] : p.filter((k) => k !== f.inquiry.key),
                        )
                      }
                    />
                  </Table.Td>
                  <Table.Td>{formatDateTime(f.inquiry.at)}</Table.Td>
                  <Table.Td>{f.inquiry.username ?? '—'}</Table.Td>
                  <Table.Td>{purposeText(f.inquiry)}</Table.Td>
                  <Table.Td>{f.flags.map((x) => x.reason).join(' ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button
            mt="xs"
            size="xs"
            variant="default"
            disabled={picked.length === 0}
            onClick={() =>
              void act('add', async () => {
                setDetail(await call('audit.addFlagged', { auditId, keys: picked }));
                setPicked([]);
                await loadItems();
              })
            }
          >
            Add {picked.length || ''} to the review
          </Button>
        </Paper>
      ) : null}
      {items.length > 0 ? (
        // The list keeps its width; the inquiry under review takes the rest of the row.
        <Box
          style={{
            display: 'grid',
            gridTemplateColumns: 'minmax(220px, 340px) minmax(0, 1fr)',
            gap: 'var(--mantine-spacing-md)',
            alignItems: 'start',
          }}
        >
          <Paper withBorder p="sm">
            <Text fw={600} size="sm" mb="xs" data-testid="review-progress">
              Reviewed {reviewed} of {items.length}
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              j / k or ↓ / ↑ move; c records the inquiry as compliant and moves on.
            </Text>
            <Stack gap={2} role="listbox" aria-label="Inquiries under review">
              {items.map((i, n) => (
                <Button
                  key={i.key}
                  role="option"
                  aria-selected={n === current}
                  variant={n === current ? 'light' : 'subtle'}
                  justify="space-between"
                  size="compact-sm"
                  onClick={() => setCurrent(n)}
                  rightSection={
                    i.answers ? (
                      <Badge size="xs" color={i.answers.finding === 'finding' ? 'red' : 'teal'}>
                        {i.answers.finding}
                      </Badge>
                    ) : null
                  }
                >
                  {i.origin === 'flagged' ? '⚑ ' : ''}
                  {i.key}
                </Button>
              ))}
            </Stack>
          </Paper>
          {item ? (
            <InquiryReview
              key={item.key}
              item={item}
              disabled={detail.status !== 'screened'}
              saving={busy === 'answer'}
              onSave={(a) => void save(a, true)}
            />
          ) : null}
        </Box>
      ) : null}
      {detail.status === 'screened' && items.length > 0 ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Textarea
              label="Recommendations"
              value={recommendations}
              onChange={(e) => setRecommendations(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Button
              w="fit-content"
              disabled={reviewed < items.length}
              loading={busy === 'sign'}
              onClick={() =>
                void act('sign', async () => {
                  setMemo(await call('audit.sign', { auditId, recommendations }));
                  setDetail(await call('audit.detail', { auditId }));
                })
              }
            >
              Sign the memo to the Chief
            </Button>
          </Stack>
        </Paper>
      ) : null}
      {memo || detail.memoDocumentId ? (
        <Alert color="teal" variant="light" title="Memo signed" data-testid="audit-memo">
          <Text size="sm">
            {memo?.documentId ?? detail.memoDocumentId} {memo?.path ? `written to ${memo.path}` : ''}
          </Text>
          {memo ? (
            <Text size="xs">
              SHA-256 <Code>{memo.pdfSha256}</Code> is in the access log. The custodian of records files it.
            </Text>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The log record, indented for reading (it is shown as logged, nothing dropped). */
function prettyRecord(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function purposeText(q: ReviewItem['inquiry']): string {
  if (!q.purpose) return '(no reason recorded)';
  return `${q.purpose.number ? `${q.purpose.number} ` : ''}${q.purpose.description}`.trim() || '(blank)';
}

const ANSWERS = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'na', label: 'n/a' },
];

function InquiryReview({
  item,
  disabled,
  saving,
  onSave,
}: {
  item: ReviewItem;
  disabled: boolean;
  saving: boolean;
  onSave: (answers: Checklist) => void;
}) {
  const [a, setA] = useState<Checklist>(item.answers ?? COMPLIANT);
  const [error, setError] = useState('');
  const q = item.inquiry;
  const set = (k: keyof Checklist) => (v: string) => setA((x) => ({ ...x, [k]: v as ChecklistAnswer }));
  return (
    <Paper withBorder p="md" data-testid="inquiry-review">
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{q.key}</Text>
          <Badge variant="light">{item.origin === 'random' ? 'random sample' : 'added from the flags'}</Badge>
          {q.source === 'imported' ? <Badge color="orange">imported</Badge> : null}
        </Group>
        <Text size="sm">
          {formatDateTime(q.at)} · {q.username ?? 'unknown user'} · {q.action}
          {q.plates.length ? ` · ${q.plates.join(', ')}` : ''}
          {q.resultCount !== null ? ` · ${q.resultCount} results` : ''}
        </Text>
        <Text size="sm">Purpose: {purposeText(q)}</Text>
        {item.flags.map((f) => (
          <Text key={f.kind + f.reason} size="sm" c="orange">
            ⚑ {f.reason}
          </Text>
        ))}
        {item.record ? (
          <Code
            block
            style={{ maxHeight: 180, overflow: 'auto' }}
            // A scrolling region the keyboard can reach (and scroll with the arrows), named for screen readers.
            tabIndex={0}
            role="region"
            aria-label="The record as logged"
          >
            {prettyRecord(item.record)}
          </Code>
        ) : null}
        <Group grow>
          <LabelledChoice
            label="Purpose specific, tied to an incident"
            value={a.purposeSpecific}
            onChange={set('purposeSpecific')}
          />
          <LabelledChoice label="Number valid" value={a.numberValid} onChange={set('numberValid')} />
        </Group>
        <Group grow>
          <LabelledChoice
            label="Scope in proportion"
            value={a.scopeProportionate}
            onChange={set('scopeProportionate')}
          />
          <LabelledChoice label="User trained" value={a.userTrained} onChange={set('userTrained')} />
        </Group>
        <SegmentedControl
          aria-label="Finding"
          value={a.finding}
          onChange={(v) => setA((x) => ({ ...x, finding: v as Checklist['finding'] }))}
          data={[
            { value: 'compliant', label: 'Compliant' },
            { value: 'finding', label: 'Finding' },
          ]}
        />
        {a.finding === 'finding' ? (
          <>
            <Textarea
              label="Finding"
              value={a.findingText}
              onChange={(e) => setA({ ...a, findingText: e.currentTarget.value })}
            />
            <Textarea
              label="Remediation"
              value={a.remediation}
              onChange={(e) => setA({ ...a, remediation: e.currentTarget.value })}
            />
          </>
        ) : null}
        <TextInput
          label="Data error seen (optional: misread plate, wrong state …)"
          value={a.dataErrors[0]?.detail ?? ''}
          onChange={(e) => {
            const detail = e.currentTarget.value;
            setA((x) => ({ ...x, dataErrors: detail ? [{ kind: 'misread', detail, correction: 'reported' }] : [] }));
          }}
        />
        {error ? (
          <Text c="red" size="sm">
            {error}
          </Text>
        ) : null}
        <Button
          w="fit-content"
          disabled={disabled}
          loading={saving}
          onClick={() => {
            if (a.finding === 'finding' && a.findingText.trim().length < 5) return setError('Say what the finding is.');
            setError('');
            onSave(a);
          }}
        >
          Save and next
        </Button>
      </Stack>
    </Paper>
  );
}

function LabelledChoice({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <Stack gap={2}>
      <Text size="xs">{label}</Text>
      <SegmentedControl size="xs" aria-label={label} value={value} onChange={onChange} data={ANSWERS} />
    </Stack>
  );
}
