import './detail.css';
import { SpokenPlate } from '../../ui/SpokenPlate';
import { useState, type JSX } from 'react';
import {
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import type { Detection, DetectionImages } from '../../../../preload/contract';
import { call } from '../../bridge';
import { useLoad } from '../../ui/useLoad';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { formatDateTime, vehicleText } from '../../ui/format';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { CameraMiniMap } from '../../shared/map/CameraMiniMap';
import type { DetailActionsSlot, FoundRegion, PlateReadSlot } from '../../shared/detectionSlots';
import { ImageViewer } from './ImageViewer';
import { navigate } from '../../shared/workspaceNav';
import { IconCalendar, IconRoute, IconShield } from '../../ui/icons';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" className="detail-section-title">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

/** Every field of the read, labelled, in a definition list screen readers announce as pairs. */
function Fields({ d }: { d: Detection }) {
  // Both zones, the user's chosen display first.
  const times = useTimeDisplay();
  const local: [string, React.ReactNode] = [
    'Seen (local)',
    <span className="mono">{formatDateTime(d.seenAt, 'local')}</span>,
  ];
  const utc: [string, React.ReactNode] = [
    'Seen (UTC)',
    <span className="mono">{formatDateTime(d.seenAt, 'utc')}</span>,
  ];
  const rows: [string, React.ReactNode][] = [
    ['Plate', <span className="plate">{d.plate}</span>],
    ['State', d.state ?? 'Not read'],
    ...(times === 'utc' ? [utc, local] : [local, utc]),
    ['Camera', d.cameraName ? `${d.cameraName} (${d.cameraId})` : d.cameraId],
    ['Heading', d.heading ?? 'Not recorded'],
    ['Vehicle', vehicleText(d)],
    ['Features', d.features.length ? d.features.join(', ') : 'None recorded'],
    ['Read confidence', `${Math.round(d.confidence <= 1 ? d.confidence * 100 : d.confidence)}%`],
    ['Place', <span className="mono">{`${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}`}</span>],
    ['Detection id', <span className="mono">{d.id}</span>],
  ];
  return (
    <dl className="detail-fields" data-testid="detail-fields">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Other reads of the same plate (exact plate only) the open purpose may see; each opens in this drawer. */
function OtherSightings({ d, onSelect }: { d: Detection; onSelect: (id: number) => void }) {
  const others = useLoad(
    () => call('detections.search', { plate: d.plate, similar: false, nearMisses: false, limit: 200 }),
    [d.id, d.plate],
  );
  if (others.loading && !others.data) return <Skeleton h={80} radius="md" />;
  if (others.error) return <ErrorAlert message={others.error} />;
  const rows = (others.data?.rows ?? []).filter((r) => r.id !== d.id);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="other-sightings-none">
        No other reads of <span className="plate">{d.plate}</span> in this workstation’s store.
      </Text>
    );
  }
  return (
    <div className="table-scroll" style={{ maxHeight: 220 }}>
      <Table fz="xs" highlightOnHover aria-label="Other sightings of this plate" data-testid="other-sightings">
        <Table.Thead className="sticky-head">
          <Table.Tr>
            <Table.Th>Seen</Table.Th>
            <Table.Th>Camera</Table.Th>
            <Table.Th>Vehicle</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td className="cell-data">
                <UnstyledButton
                  className="detail-link"
                  onClick={() => onSelect(r.id)}
                  aria-label={`Open the read of ${formatDateTime(r.seenAt)} at ${r.cameraName ?? r.cameraId}`}
                >
                  {formatDateTime(r.seenAt)}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>{r.cameraName ?? r.cameraId}</Table.Td>
              <Table.Td>{vehicleText(r)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {others.data?.truncated ? (
        <Text size="xs" c="dimmed" p="xs">
          Showing the first {rows.length + 1} reads.
        </Text>
      ) : null}
    </div>
  );
}

/** Where the shown re-read found the plate on the overview (a finder's region), for the viewer to outline. */
function Images({ id, found }: { id: number; found: FoundRegion }) {
  const images = useLoad<DetectionImages>(() => call('detections.images', { id }), [id]);
  if (images.loading && !images.data) return <LoadingView label="Fetching the evidence images…" />;
  if (images.error)
    return <ErrorAlert title="The images could not be shown" message={images.error} testId="images-error" />;
  const note = images.data?.note ?? 'No image was recorded with this read.';
  return (
    <Stack gap="md">
      <ImageViewer image={images.data?.plate ?? null} title="Plate" missing={note} height={150} testId="plate-image" />
      <ImageViewer
        image={images.data?.overview ?? null}
        title="Overview"
        missing={note}
        height={250}
        testId="overview-image"
        mark={found ? { ...found, label: 'the plate the re-read found' } : null}
      />
    </Stack>
  );
}

function Body({
  id,
  onClose,
  onSelectDetection,
  plateRead,
  detailActions,
}: {
  id: number;
  /** Closes the drawer (before going to another screen with this read's plate). */
  onClose: () => void;
  onSelectDetection: (id: number) => void;
  plateRead?: PlateReadSlot;
  detailActions?: DetailActionsSlot;
}) {
  const detection = useLoad(() => call('detections.get', { id }), [id]);
  const [found, setFound] = useState<{ id: number; region: FoundRegion }>({ id, region: null });
  const d = detection.data?.id === id ? detection.data : null;
  if (detection.error) return <ErrorAlert title="This read could not be opened" message={detection.error} />;
  if (!d) return <LoadingView label="Opening the read…" />;
  return (
    <Stack gap="lg" data-testid="detection-detail" data-detection-id={d.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} className="plate detail-plate">
              <SpokenPlate plate={d.plate} />
            </Title>
            {d.state ? (
              <Badge variant="outline" color="gray" size="lg">
                {d.state}
              </Badge>
            ) : null}
            {d.heldBy ? (
              <Tooltip
                label="Kept past the retention schedule: no purge removes this read while it is held."
                multiline
                w={260}
              >
                <Badge
                  color="grape"
                  variant="light"
                  size="lg"
                  leftSection={<IconShield size={14} />}
                  data-testid="detail-held"
                >
                  Held · {d.heldBy}
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {formatDateTime(d.seenAt)} · {d.cameraName ?? d.cameraId}
          </Text>
        </Stack>
      </Group>

      <Group gap="xs">
        {detailActions?.(d)}
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRoute size={14} />}
          onClick={() => {
            onClose();
            navigate('travellingTogether', d.plate);
          }}
        >
          Who travels with it
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconCalendar size={14} />}
          onClick={() => {
            onClose();
            navigate('plateHabits', d.plate);
          }}
        >
          Where it is usually seen
        </Button>
      </Group>

      <Section title="Evidence images">
        <Images id={d.id} found={found.id === d.id ? found.region : null} />
      </Section>
      <Divider />
      <Section title="Plate read">
        {plateRead?.({ detectionId: d.id, plate: d.plate, onFound: (region) => setFound({ id: d.id, region }) })}
      </Section>
      <Divider />
      <Section title="Details">
        <Fields d={d} />
      </Section>
      <Section title="Where">
        <CameraMiniMap lat={d.lat} lon={d.lon} label={`${d.cameraName ?? d.cameraId}, where this read was taken`} />
      </Section>
      <Divider />
      <Section title="Other sightings of this plate">
        <OtherSightings d={d} onSelect={onSelectDetection} />
      </Section>
    </Stack>
  );
}

/**
 * The detail of one read in a drawer at the right: evidence images to examine, every field, the camera on a
 * small map, other sightings of the plate within the open purpose, the OCR re-read and corrected read, and the
 * actions later releases fill in. Every load goes through the contract (purpose gate, audited).
 */
export function DetectionDetail({
  detectionId,
  onClose,
  onSelectDetection,
  plateRead,
  detailActions,
}: {
  detectionId: number | null;
  onClose: () => void;
  onSelectDetection: (id: number) => void;
  /** The "Plate read" section another feature provides (the OCR re-read). */
  plateRead?: PlateReadSlot;
  /** Actions other features offer on a detection (add it to the case, act on a hit). */
  detailActions?: DetailActionsSlot;
}): JSX.Element {
  useTimeDisplay(); // every time in the drawer follows the Settings toggle while it is open
  return (
    <Drawer
      opened={detectionId !== null}
      onClose={onClose}
      position="right"
      size={640}
      title="Read detail"
      padding="lg"
      scrollAreaComponent={ScrollArea.Autosize}
      overlayProps={{ backgroundOpacity: 0.25, blur: 0 }}
      closeButtonProps={{ 'aria-label': 'Close the read detail' }}
    >
      {detectionId !== null ? (
        <Body
          key={detectionId}
          id={detectionId}
          onClose={onClose}
          onSelectDetection={onSelectDetection}
          plateRead={plateRead}
          detailActions={detailActions}
        />
      ) : null}
    </Drawer>
  );
}
