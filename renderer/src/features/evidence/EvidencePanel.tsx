import './evidence.css';
import { useMemo, useState } from 'react';
import { Badge, Button, Group, Loader, Text, Title } from '@mantine/core';
import { call } from '../../bridge';
import type { DetailSlot } from '../../shared/detectionSlots';
import { useSession } from '../../shared/session';
import { ErrorAlert, LoadingView, StateView } from '../../ui/StateView';
import { IconBriefcase, IconFolder, IconRefresh, IconShieldCheck } from '../../ui/icons';
import { useLoad } from '../../ui/useLoad';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { BuildPanel } from './BuildPanel';
import { CollectionPicker } from './CollectionPicker';
import { PackageList } from './PackageList';
import { fingerprintText } from './progressText';

/**
 * The evidence technician's screen (docs/evidence-package.md): the open purpose's case collection, narrowed to what
 * goes in, written to a drive as a signed BagIt package that is read back and verified before it is booked; the
 * case's packages with their chain of custody and reports. Reading it is ALPR data (main gates and logs it).
 */
export function EvidencePanel({ onOpenPurpose, detail }: { onOpenPurpose: () => void; detail: DetailSlot }) {
  const { session } = useSession();
  useTimeDisplay();
  const purposeId = session.purpose?.id ?? null;
  const hasNumber = Boolean(session.purpose?.number?.trim());
  const view = useLoad(
    () => (purposeId !== null && hasNumber ? call('evidence.overview') : Promise.resolve(null)),
    [purposeId, hasNumber],
  );
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  const [building, setBuilding] = useState(false);
  const [detailId, setDetailId] = useState<number | null>(null);
  const data = view.data;
  const chosen = useMemo(
    () => (data ? data.items.filter((i) => i.detection && !excluded.has(i.detectionId)).map((i) => i.detectionId) : []),
    [data, excluded],
  );

  if (!session.purpose || !hasNumber) {
    return (
      <StateView
        icon={<IconBriefcase />}
        title="No case open"
        description={
          session.purpose
            ? 'The open purpose has no case, incident, call or warrant number: there is no collection to package.'
            : 'Open a purpose for the case first: its number names the collection to package.'
        }
        action={
          <Button leftSection={<IconBriefcase size={16} />} onClick={onOpenPurpose}>
            Open a purpose
          </Button>
        }
        testId="evidence-no-case"
      />
    );
  }
  if (!data) {
    return view.error ? (
      <ErrorAlert title="The evidence screen could not open" message={view.error} testId="evidence-error" />
    ) : (
      <LoadingView label="Reading the case’s collection…" />
    );
  }
  const booked = data.packages.filter((p) => p.status === 'booked').length;

  return (
    <div className="cv-ev" data-testid="evidence-panel">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconShieldCheck size={22} />
          <Title order={2} fz="h3">
            Evidence · <span className="mono">{data.caseNumber}</span>
          </Title>
          <Badge variant="light" size="lg" tt="none" data-testid="evidence-count">
            {data.items.length.toLocaleString('en-US')} detection{data.items.length === 1 ? '' : 's'} collected
          </Badge>
          {booked ? (
            <Badge variant="light" color="teal" size="lg" tt="none">
              {booked} booked
            </Badge>
          ) : null}
          {view.loading ? <Loader size="xs" role="status" aria-label="Reading again" /> : null}
        </Group>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRefresh size={14} />}
          disabled={building}
          onClick={() => void view.reload()}
        >
          Read again
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Agency evidence key <span className="mono">SHA256:{fingerprintText(data.key.fingerprint)}</span>
        {data.key.registeredAt
          ? ' · registered with the agency server'
          : ' · not yet registered with the agency server (at the next sync)'}
      </Text>
      <ErrorAlert message={view.error} testId="evidence-error" />

      {data.items.length === 0 ? (
        <StateView
          icon={<IconFolder />}
          title="Nothing collected for this case"
          description="Investigators add reads to the case from Search, the analyses or a read’s detail; a package is built from what they collected."
          testId="evidence-empty"
        />
      ) : (
        <div className="cv-ev-top">
          <section aria-label="The case’s collection" className="cv-ev-pane">
            <CollectionPicker
              items={data.items}
              held={data.held}
              excluded={excluded}
              onExclude={setExcluded}
              onOpen={setDetailId}
              disabled={building}
            />
          </section>
          <BuildPanel
            caseNumber={data.caseNumber}
            detectionIds={chosen}
            running={data.running}
            onRunning={setBuilding}
            onFinished={() => void view.reload()}
          />
        </div>
      )}

      <section aria-label="Packages of the case">
        <Title order={3} fz="h4" mb="xs">
          Packages of {data.caseNumber}
        </Title>
        <PackageList packages={data.packages} onChanged={() => void view.reload()} />
      </section>

      {detail({ detectionId: detailId, onClose: () => setDetailId(null), onSelectDetection: setDetailId })}
    </div>
  );
}
