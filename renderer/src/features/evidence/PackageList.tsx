import { useState } from 'react';
import { Accordion, Alert, Autocomplete, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { BagVerdict, DocumentInfo, EvidencePackageInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert } from '../../ui/StateView';
import { IconCheck, IconDownload, IconPlus, IconShieldCheck } from '../../ui/icons';
import { bytesText, fingerprintText, STATUS_COLORS, STATUS_LABELS, verdictText } from './progressText';

/**
 * The case's packages, newest first, as the evidence register keeps them: each attempt with its status, what it
 * holds and where it went; a booked one with its chain of custody, its reports (print again, open), and a check
 * of the medium against the manifests and the signature.
 */
export function PackageList({
  packages,
  onChanged,
}: {
  packages: readonly EvidencePackageInfo[];
  onChanged: () => void;
}) {
  const [custodyFor, setCustodyFor] = useState<EvidencePackageInfo | null>(null);
  const newest = packages.reduce<number | null>((m, p) => (m === null || p.id > m ? p.id : m), null);
  // The newest attempt opens as it appears (the one just written); what the technician opened stays open.
  const [open, setOpen] = useState<string[]>([]);
  const [seenNewest, setSeenNewest] = useState<number | null>(null);
  if (newest !== seenNewest) {
    setSeenNewest(newest);
    if (newest !== null && !open.includes(String(newest))) setOpen([String(newest), ...open]);
  }
  if (packages.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="evidence-no-packages">
        No package of this case has been written yet.
      </Text>
    );
  const newestFirst = [...packages].sort((a, b) => b.id - a.id);
  return (
    <>
      <Accordion variant="separated" multiple value={open} onChange={setOpen} data-testid="evidence-packages">
        {newestFirst.map((p) => (
          <Accordion.Item
            key={p.id}
            value={String(p.id)}
            data-testid="evidence-package"
            data-item={p.itemNumber}
            data-status={p.status}
          >
            <Accordion.Control aria-label={`Package ${p.itemNumber}, ${STATUS_LABELS[p.status]}`}>
              <Group gap="sm" wrap="nowrap">
                <Text fw={600} className="mono">
                  {p.itemNumber}
                </Text>
                <Badge color={STATUS_COLORS[p.status]} variant="light" tt="none" data-testid="evidence-package-status">
                  {STATUS_LABELS[p.status]}
                </Badge>
                <Text size="sm" c="dimmed">
                  {p.detections.toLocaleString('en-US')} detection{p.detections === 1 ? '' : 's'}
                  {p.files !== null ? ` · ${p.files.toLocaleString('en-US')} files · ${bytesText(p.bytes)}` : ''} ·{' '}
                  {formatDateTime(p.finishedAt ?? p.startedAt)} · {p.technician.fullName ?? p.technician.username}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <PackageDetail pkg={p} onCustody={() => setCustodyFor(p)} onChanged={onChanged} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      <CustodyDialog
        pkg={custodyFor}
        onClose={() => setCustodyFor(null)}
        onDone={() => {
          setCustodyFor(null);
          onChanged();
        }}
      />
    </>
  );
}

function PackageDetail({
  pkg,
  onCustody,
  onChanged,
}: {
  pkg: EvidencePackageInfo;
  onCustody: () => void;
  onChanged: () => void;
}) {
  const [verdict, setVerdict] = useState<BagVerdict | null>(null);
  const [printed, setPrinted] = useState<DocumentInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState<'verify' | 'print' | 'open' | null>(null);
  const booked = pkg.status === 'booked';

  const act = async (what: 'verify' | 'print' | 'open', run: () => Promise<void>) => {
    setWorking(what);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setWorking(null);
    }
  };
  const open = (doc: DocumentInfo) =>
    act('open', async () => {
      await call('documents.open', { documentId: doc.id });
    });

  return (
    <Stack gap="sm" data-testid="evidence-package-detail">
      <Table variant="vertical" withTableBorder layout="fixed" fz="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>{booked ? 'Folder' : 'Medium'}</Table.Th>
            <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
              {booked ? `${pkg.medium}/${pkg.folder}` : pkg.medium}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Started · finished</Table.Th>
            <Table.Td>
              {formatDateTime(pkg.startedAt)} · {formatDateTime(pkg.finishedAt)}
            </Table.Td>
          </Table.Tr>
          {pkg.tagManifestSha256 ? (
            <Table.Tr>
              <Table.Th>Tag manifest SHA-256</Table.Th>
              <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
                {pkg.tagManifestSha256}
              </Table.Td>
            </Table.Tr>
          ) : null}
          <Table.Tr>
            <Table.Th>Evidence key</Table.Th>
            <Table.Td className="mono">SHA256:{fingerprintText(pkg.keyFingerprint)}</Table.Td>
          </Table.Tr>
          {pkg.readFrom ? (
            <Table.Tr>
              <Table.Th>Read back</Table.Th>
              <Table.Td>
                {pkg.readFrom === 'medium'
                  ? 'from the medium itself'
                  : 'through the system’s cache (the medium refused direct reads)'}
              </Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
      {pkg.error ? (
        <Alert color={pkg.status === 'cancelled' ? 'gray' : 'red'} variant="light" data-testid="evidence-package-error">
          {pkg.error.message}
        </Alert>
      ) : null}

      {booked ? (
        <>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" fw={600}>
              Chain of custody
            </Text>
            <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={onCustody}>
              Add a custody entry…
            </Button>
          </Group>
          <Table withTableBorder fz="xs" data-testid="evidence-custody">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th>Recorded by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pkg.custody.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td className="mono">{formatDateTime(c.at)}</Table.Td>
                  <Table.Td>
                    {c.action}
                    {c.note ? (
                      <Text size="xs" c="dimmed">
                        {c.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{c.fromPerson ?? '—'}</Table.Td>
                  <Table.Td>{c.toPerson}</Table.Td>
                  <Table.Td>{c.location ?? '—'}</Table.Td>
                  <Table.Td>{c.recordedBy}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          <Text size="sm" fw={600}>
            Reports
          </Text>
          <Stack gap={4} data-testid="evidence-reports">
            {pkg.reports.map((d) => (
              <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs">
                  <span className="mono">{d.id}</span> · {d.pages.toLocaleString('en-US')} pages · {bytesText(d.bytes)}{' '}
                  · {formatDateTime(d.createdAt)}
                  {d.path ? '' : ' · inside the package'}
                </Text>
                {d.path ? (
                  <Button size="compact-xs" variant="subtle" loading={working === 'open'} onClick={() => void open(d)}>
                    Open
                  </Button>
                ) : null}
              </Group>
            ))}
          </Stack>

          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconShieldCheck size={14} />}
              loading={working === 'verify'}
              onClick={() =>
                void act('verify', async () => setVerdict(await call('evidence.verify', { packageId: pkg.id })))
              }
            >
              Check the medium again
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
              loading={working === 'print'}
              onClick={() =>
                void act('print', async () => {
                  setPrinted(await call('evidence.report', { packageId: pkg.id }));
                  onChanged();
                })
              }
            >
              Print the report
            </Button>
          </Group>
          {verdict ? (
            <Alert
              color={verdict.ok ? 'teal' : 'red'}
              variant="light"
              icon={verdict.ok ? <IconCheck /> : undefined}
              title={verdict.ok ? 'The medium still holds the package as booked' : 'NOT VERIFIED'}
              data-testid="evidence-recheck"
              withCloseButton
              onClose={() => setVerdict(null)}
            >
              {verdictText(verdict)}
            </Alert>
          ) : null}
          {printed ? (
            <Alert
              color="teal"
              variant="light"
              data-testid="evidence-printed"
              withCloseButton
              onClose={() => setPrinted(null)}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">
                  Report {printed.id} printed: {printed.pages.toLocaleString('en-US')} pages,{' '}
                  <span className="mono" style={{ overflowWrap: 'anywhere' }}>
                    {printed.path}
                  </span>
                </Text>
                <Button
                  size="xs"
                  style={{ flexShrink: 0 }}
                  loading={working === 'open'}
                  onClick={() => void open(printed)}
                >
                  Open
                </Button>
              </Group>
            </Alert>
          ) : null}
        </>
      ) : null}
      <ErrorAlert message={error} testId="evidence-package-action-error" />
    </Stack>
  );
}

const CUSTODY_ACTIONS = ['Transferred', 'Received', 'Checked out for court', 'Returned', 'Placed in evidence locker'];

type CustodyValues = { action: string; fromPerson: string; toPerson: string; location: string; note: string };

/** Appends a chain-of-custody entry (main keeps them append-only and tells the agency server at the next sync). */
function CustodyDialog({
  pkg,
  onClose,
  onDone,
}: {
  pkg: EvidencePackageInfo | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const form = useForm<CustodyValues>({
    initialValues: { action: 'Transferred', fromPerson: '', toPerson: '', location: '', note: '' },
  });
  const control = useFormDialog(form, onClose);
  const optional = (s: string) => (s.trim() ? s.trim() : undefined);
  return (
    <FormDialog
      control={control}
      opened={pkg !== null}
      title={`Chain of custody of ${pkg?.itemNumber ?? ''}`}
      submitLabel="Add the entry"
      testId="evidence-custody-dialog"
      onSubmit={control.onSubmit(async (v) => {
        if (!pkg) return;
        await call('evidence.custodyAdd', {
          packageId: pkg.id,
          action: v.action.trim(),
          toPerson: v.toPerson.trim(),
          fromPerson: optional(v.fromPerson),
          location: optional(v.location),
          note: optional(v.note),
        });
        form.reset();
        onDone();
      })}
    >
      <Autocomplete label="What happened" data={CUSTODY_ACTIONS} {...form.getInputProps('action')} />
      <TextInput label="Handed over by" {...form.getInputProps('fromPerson')} />
      <TextInput label="Received by" data-autofocus {...form.getInputProps('toPerson')} />
      <TextInput label="Where" placeholder="Property room, locker 14" {...form.getInputProps('location')} />
      <TextInput label="Note" {...form.getInputProps('note')} />
      <Text size="xs" c="dimmed">
        Entries are never changed or removed; the time is now. Printed with the report.
      </Text>
    </FormDialog>
  );
}
