import './cases.css';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Text, Textarea, Title, Tooltip } from '@mantine/core';
import type { CaseCollection, Detection } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import type { DetailSlot } from '../../shared/detectionSlots';
import { nextSort } from '../../shared/detectionSort';
import { FormDialog, useFormDialog } from '../../shared/formDialog';
import { useSession } from '../../shared/session';
import { DataGrid, type GridColumn } from '../../ui/DataGrid';
import { collectedColumns } from '../../shared/collectedColumns';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert, StateView } from '../../ui/StateView';
import { IconBriefcase, IconCheck, IconDownload, IconFolder, IconRefresh, IconTrash } from '../../ui/icons';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { caseRows, DEFAULT_CASE_SORT, sortCase, type CaseRow, type CaseSort, type CaseSortKey } from './caseSort';
import { knowCollection, knowRemoved, useKnownCase } from './caseStore';
import { mayCollect, openCase } from './openCase';

const DetectionMap = lazy(() => import('../../shared/map/DetectionMap').then((m) => ({ default: m.DetectionMap })));

const SOURCE_LABELS: Record<string, string> = {
  search: 'Search',
  detail: 'Read detail',
  commonVehicles: 'Common vehicles',
  travellingTogether: 'Travelling together',
  plateHabits: 'Usual places',
  clonedPlates: 'Cloned plates',
  reread: 'Re-read report',
  hit: 'Hot-list hit',
};

const COLUMNS: GridColumn<CaseRow, CaseSortKey>[] = [
  ...collectedColumns<CaseRow>(),
  {
    key: 'note',
    label: 'Why',
    sortName: 'note',
    title: (r) => `${r.note} (from ${SOURCE_LABELS[r.source] ?? r.source})`,
    render: (r) => r.note,
  },
  {
    key: 'addedBy',
    label: 'Added by',
    sortName: 'who added it',
    title: (r) => r.addedBy.username,
    render: (r) => r.addedBy.fullName ?? r.addedBy.username,
  },
  {
    key: 'addedAt',
    label: 'Added',
    sortName: 'when added',
    className: 'mono',
    render: (r) => formatDateTime(r.addedAt),
  },
];

/**
 * The open purpose's case: the detections collected for it from searches, analyses and read details, on a map
 * and in a list sortable by what was seen and by who added it, when and why; taken out with a reason; exported
 * as CSV through main. Reading it is ALPR data (audited by main).
 */
export function CasePanel({
  active,
  onOpenPurpose,
  detail,
}: {
  /** The view is shown: the collection is re-read when this window added to it meanwhile. */
  active: boolean;
  onOpenPurpose: () => void;
  detail: DetailSlot;
}) {
  const { session } = useSession();
  useTimeDisplay();
  const open = openCase(session);
  const purposeId = open.ok ? open.purposeId : null;
  const caseNumber = open.ok ? open.caseNumber : null;
  const { version } = useKnownCase(purposeId, caseNumber, []);
  const [collection, setCollection] = useState<CaseCollection | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [readAt, setReadAt] = useState<{ purposeId: number; version: number; asked: number } | null>(null);
  const [sort, setSort] = useState<CaseSort>(DEFAULT_CASE_SORT);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [removing, setRemoving] = useState<CaseRow | null>(null);
  const [exported, setExported] = useState<{ path: string; items: number; sha256: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  // "Read again": another detective on this workstation, or a sync, may have changed it.
  const [asked, setAsked] = useState(0);

  // Read when shown, and again when the purpose changed or this window added to the case since the last read.
  const stale =
    purposeId !== null && (readAt?.purposeId !== purposeId || readAt.version !== version || readAt.asked !== asked);
  useEffect(() => {
    if (!active || !stale || purposeId === null || caseNumber === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    // The spinner stops with the answer itself: the answer makes the view fresh, which re-runs this effect (and
    // ends this request's `live`) before a `finally` would run; a request left behind stops it as well.
    call('cases.collection')
      .then((c) => {
        if (!live) return;
        performance.mark('canvass:case-received');
        knowCollection(purposeId, c.caseNumber, c.items);
        setCollection(c);
        setReadAt({ purposeId, version, asked });
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(errorMessage(e));
        setLoading(false);
      });
    return () => {
      live = false;
      setLoading(false);
    };
  }, [active, stale, purposeId, caseNumber, version, asked]);

  const shown = collection && collection.caseNumber === caseNumber ? collection : null;
  const rows = useMemo(() => (shown ? caseRows(shown.items) : []), [shown]);
  const sorted = useMemo(() => sortCase(rows, sort), [rows, sort]);
  const detections = useMemo(() => rows.flatMap((r) => (r.detection ? [r.detection] : [])), [rows]);
  const purged = rows.length - detections.length;

  if (!open.ok) {
    return (
      <StateView
        icon={<IconBriefcase />}
        title="No case open"
        description={open.reason}
        action={
          <Button leftSection={<IconBriefcase size={16} />} onClick={onOpenPurpose}>
            Open a purpose
          </Button>
        }
        testId="case-no-case"
      />
    );
  }

  const exportCsv = async () => {
    setExporting(true);
    setError(null);
    try {
      setExported(await call('cases.export'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="cv-case" data-testid="case-panel">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconFolder size={22} />
          <Title order={2} fz="h3">
            {open.kindLabel} <span className="mono">{open.caseNumber}</span>
          </Title>
          {shown ? (
            <Badge variant="light" size="lg" data-testid="case-count" tt="none">
              {shown.items.length.toLocaleString('en-US')} detection{shown.items.length === 1 ? '' : 's'} collected
            </Badge>
          ) : null}
          {purged ? (
            <Tooltip label="Purged by retention since they were collected: their notes stay, their data is gone.">
              <Badge variant="light" color="gray" tt="none">
                {purged} purged
              </Badge>
            </Tooltip>
          ) : null}
          {loading ? <Loader size="xs" role="status" aria-label="Reading the collection" /> : null}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            onClick={() => setAsked((n) => n + 1)}
          >
            Read again
          </Button>
          {mayCollect(session) ? (
            <Button
              size="xs"
              variant="default"
              color="red"
              leftSection={<IconTrash size={14} />}
              disabled={selectedId === null}
              onClick={() => setRemoving(rows.find((r) => r.id === selectedId) ?? null)}
            >
              Take out…
            </Button>
          ) : null}
          <Button
            size="xs"
            leftSection={<IconDownload size={14} />}
            onClick={() => void exportCsv()}
            loading={exporting}
            disabled={!shown || shown.items.length === 0}
          >
            Export CSV
          </Button>
        </Group>
      </Group>

      <section className="cv-case-map" aria-label="Map of the collection">
        <Suspense fallback={null}>
          <DetectionMap
            detections={detections}
            cameras={[]}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onOpen={setDetailId}
            tools={false}
            height="100%"
            label={`Map of the ${detections.length.toLocaleString('en-US')} collected reads`}
            emptyText="Nothing collected yet."
            mark="canvass:case-map"
          />
        </Suspense>
      </section>

      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          Collected from searches, analyses and read details under this number. Double-click or Enter opens a read.
        </Text>
        {exported ? (
          <Alert
            color="teal"
            variant="light"
            py={4}
            icon={<IconCheck size={16} />}
            withCloseButton
            onClose={() => setExported(null)}
            data-testid="case-exported"
          >
            <Text size="xs">
              {exported.items} rows written to <span className="mono">{exported.path}</span> · SHA-256{' '}
              <span className="mono">{exported.sha256.slice(0, 16)}…</span>
            </Text>
          </Alert>
        ) : null}
      </Group>

      <section className="cv-case-list" aria-label="Collected detections">
        <ErrorAlert message={error} testId="case-error" />
        {shown && shown.items.length === 0 ? (
          <StateView
            icon={<IconFolder />}
            title="Nothing collected yet"
            description="Add reads with “Add to case” in Search, in an analysis, or in a read’s detail. Each carries a short note saying why."
            testId="case-empty"
          />
        ) : (
          <DataGrid
            rows={sorted}
            columns={COLUMNS}
            label={`Collection of ${open.caseNumber}`}
            bodyLabel="Collected reads: arrow keys move, Enter opens the read"
            className="cv-case-grid"
            sort={sort}
            onSort={(key) => setSort(nextSort(sort, key, ['time', 'addedAt']))}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onOpen={(id) => {
              if (rows.find((r) => r.id === id)?.detection) setDetailId(id);
            }}
            resultKey={shown}
            mark="canvass:case-table"
            idPrefix="case-row-"
            rowAttributes={(r) => ({ 'data-detection-id': r.detectionId, 'data-purged': r.detection ? undefined : '' })}
            testId="case-items"
          />
        )}
      </section>

      {detail({
        detectionId: detailId,
        onClose: () => setDetailId(null),
        onSelectDetection: (id) => {
          setSelectedId(id);
          setDetailId(id);
        },
      })}
      <TakeOutDialog
        row={removing}
        onClose={() => setRemoving(null)}
        onDone={(row) => {
          knowRemoved(open.purposeId, open.caseNumber, row.detectionId);
          setRemoving(null);
          setSelectedId(null);
        }}
      />
    </div>
  );
}

function TakeOutDialog({
  row,
  onClose,
  onDone,
}: {
  row: CaseRow | null;
  onClose: () => void;
  onDone: (row: CaseRow) => void;
}) {
  const [reason, setReason] = useState('');
  const control = useFormDialog<undefined>(null, () => {
    setReason('');
    onClose();
  });
  const d: Detection | null = row?.detection ?? null;
  return (
    <FormDialog
      control={control}
      opened={row !== null}
      title="Take a read out of the case"
      submitLabel="Take it out"
      submitColor="red"
      testId="take-out-dialog"
      onSubmit={control.onSubmit(async () => {
        if (!row) return;
        await call('cases.remove', { itemId: row.itemId, reason });
        setReason('');
        onDone(row);
      })}
    >
      <Text size="sm">
        {d ? (
          <>
            <span className="plate">{d.plate}</span> seen {formatDateTime(d.seenAt)} at {d.cameraName ?? d.cameraId}
          </>
        ) : (
          'A purged read'
        )}{' '}
        — added by {row?.addedBy.fullName ?? row?.addedBy.username}: “{row?.note}”. It stays in the case’s history with
        your reason.
      </Text>
      <Textarea
        label="Why it does not belong"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
        data-autofocus
      />
    </FormDialog>
  );
}
