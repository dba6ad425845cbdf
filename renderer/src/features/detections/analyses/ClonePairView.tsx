import { Badge, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { Dialog } from '../../../shared/dialog';
import type { CloneEvidence, Detection, DetectionImages } from '../../../../../preload/contract';
import { call } from '../../../bridge';
import { formatDateTime } from '../../../ui/format';
import { ErrorAlert } from '../../../ui/StateView';
import { useLoad } from '../../../ui/useLoad';
import { ImageViewer } from '../ImageViewer';
import { differsText, travelText } from './why';

const FIELDS: { key: keyof Detection; label: string }[] = [
  { key: 'plate', label: 'Plate' },
  { key: 'state', label: 'State' },
  { key: 'make', label: 'Make' },
  { key: 'model', label: 'Model' },
  { key: 'color', label: 'Color' },
  { key: 'body', label: 'Body' },
  { key: 'features', label: 'Features' },
];

/**
 * The two sightings of a possibly cloned plate side by side: their evidence images and what was read, the
 * descriptors that differ marked, and the travel between them (distance, time, speed needed).
 */
export function ClonePairView({
  evidence,
  onClose,
  onOpenDetection,
  actions,
}: {
  evidence: CloneEvidence | null;
  onClose: () => void;
  onOpenDetection: (id: number) => void;
  actions?: React.ReactNode;
}) {
  return (
    <Dialog
      opened={evidence !== null}
      onClose={onClose}
      size={1060}
      title={evidence ? `Plate ${evidence.a.plate}: two sightings side by side` : ''}
      data-testid="clone-pair"
    >
      {evidence ? (
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs">
              <Badge
                color={evidence.kmh !== null && evidence.kmh > 180 ? 'red' : 'gray'}
                variant="light"
                tt="none"
                size="lg"
              >
                {travelText(evidence)}
              </Badge>
              <Badge color={evidence.differs.length ? 'red' : 'gray'} variant="light" tt="none" size="lg">
                {differsText(evidence)}
              </Badge>
            </Group>
            {actions}
          </Group>
          <div className="cv-side-by-side">
            {[evidence.a, evidence.b].map((d, i) => (
              <Side
                key={d.id}
                d={d}
                which={i === 0 ? 'First seen' : 'Then'}
                differs={evidence.differs}
                onOpen={() => onOpenDetection(d.id)}
              />
            ))}
          </div>
        </Stack>
      ) : null}
    </Dialog>
  );
}

function Side({ d, which, differs, onOpen }: { d: Detection; which: string; differs: string[]; onOpen: () => void }) {
  const images = useLoad<DetectionImages>(() => call('detections.images', { id: d.id }), [d.id]);
  const note = images.data?.note ?? 'No image was recorded with this read.';
  return (
    <Stack gap="xs" data-testid="clone-side" data-detection-id={d.id}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {which}
          </Text>
          <Text size="sm" fw={650}>
            {formatDateTime(d.seenAt)}
          </Text>
          <Text size="xs">{d.cameraName ?? d.cameraId}</Text>
        </div>
        <Button size="xs" variant="default" onClick={onOpen}>
          Open the read
        </Button>
      </Group>
      {images.error ? <ErrorAlert message={images.error} /> : null}
      {images.loading && !images.data ? (
        <Skeleton h={300} />
      ) : (
        <>
          <ImageViewer
            image={images.data?.plate ?? null}
            title="Plate"
            missing={note}
            height={90}
            testId={`plate-image-${d.id}`}
          />
          <ImageViewer
            image={images.data?.overview ?? null}
            title="Overview"
            missing={note}
            height={200}
            testId={`overview-image-${d.id}`}
          />
        </>
      )}
      <dl className="detail-fields">
        {FIELDS.map((f) => {
          const v = d[f.key];
          const text = Array.isArray(v) ? (v.length ? v.join(', ') : 'None') : (v ?? 'Not read');
          return (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>
                <span className={differs.includes(f.key) ? 'cv-differs' : undefined}>{String(text)}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </Stack>
  );
}
