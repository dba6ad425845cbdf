import { useState } from 'react';
import { Stack } from '@mantine/core';
import type { DetectionImages } from '../../../preload/contract';
import { call } from '../bridge';
import type { HitSlots } from '../shared/hitSlots';
import { ErrorAlert, LoadingView } from '../ui/StateView';
import { useLoad } from '../ui/useLoad';
import { HitsScreen } from '../features/hotlists/HitsScreen';
import { HotlistsPanel } from '../features/hotlists/HotlistsPanel';
import { ImageViewer } from '../features/detections/ImageViewer';
import { RereadPanel } from '../features/ocr/RereadPanel';
import '../features/detections/detail.css';
import { AddToCase } from '../features/cases/AddToCase';
import { detail } from './SearchWorkspace';

/** A hit's evidence images: the detections feature's viewer, as the read detail shows them. */
function HitImages({ detectionId }: { detectionId: number }) {
  const images = useLoad<DetectionImages>(() => call('detections.images', { id: detectionId }), [detectionId]);
  if (images.loading && !images.data) return <LoadingView label="Fetching the evidence images…" />;
  if (images.error) return <ErrorAlert title="The images could not be shown" message={images.error} />;
  const note = images.data?.note ?? 'No image was recorded with this read.';
  return (
    <Stack gap="sm" data-testid="hit-images">
      <ImageViewer image={images.data?.plate ?? null} title="Plate" missing={note} height={120} testId="plate-image" />
      <ImageViewer
        image={images.data?.overview ?? null}
        title="Overview"
        missing={note}
        height={200}
        testId="overview-image"
      />
    </Stack>
  );
}

/** The read detail in a drawer, as the analyses open it (OCR in its plate-read slot, Add to case beside the plate). */
function useReadDetail() {
  const [detectionId, setDetectionId] = useState<number | null>(null);
  const drawer =
    detectionId !== null
      ? detail({ detectionId, onClose: () => setDetectionId(null), onSelectDetection: setDetectionId })
      : null;
  return { open: setDetectionId, drawer };
}

/** The hits screen with the detections and OCR features plugged into its slots. */
export function HitsWorkspace({
  active,
  openRequest,
}: {
  active: boolean;
  openRequest: { hitId: number; n: number } | null;
}) {
  const read = useReadDetail();
  const slots: HitSlots = {
    images: (id) => <HitImages detectionId={id} />,
    plateRead: ({ detectionId, plate, rereadRequest }) => (
      <RereadPanel detectionId={detectionId} plate={plate} rereadRequest={rereadRequest} />
    ),
    openDetection: read.open,
    addToCase: ({ detectionId, note }) => <AddToCase detectionIds={[detectionId]} note={note} source="hit" compact />,
  };
  return (
    <>
      <HitsScreen slots={slots} active={active} openRequest={openRequest} />
      {read.drawer}
    </>
  );
}

/** Hot-list management; a retro-hit's read opens in the read detail. */
export function HotlistsWorkspace() {
  const read = useReadDetail();
  return (
    <>
      <HotlistsPanel onOpenDetection={read.open} />
      {read.drawer}
    </>
  );
}
