import { lazy, Suspense } from 'react';
import type {
  CollectSlot,
  DetailActionsSlot,
  DetailSlot,
  PlateReadSlot,
  ResultsActionSlot,
} from '../shared/detectionSlots';
import type { OpenHit } from '../shared/hitSlots';
import { SearchPanel } from '../features/detections/SearchPanel';
import { HitsOfDetection } from '../features/hotlists/HitsOfDetection';
import { RereadPanel } from '../features/ocr/RereadPanel';
import { RereadResultsAction } from '../features/ocr/RereadResultsAction';
import { AddToCase } from '../features/cases/AddToCase';

const DetectionDetail = lazy(() =>
  import('../features/detections/DetectionDetail').then((m) => ({ default: m.DetectionDetail })),
);

/** The detail's plate read is the OCR re-read and correction (the hits screen's read detail uses it too). */
export const plateRead: PlateReadSlot = ({ detectionId, plate, onFound, rereadRequest }) => (
  <RereadPanel
    detectionId={detectionId}
    plate={plate}
    rereadRequest={rereadRequest}
    onShown={(read) => onFound(read?.region ?? null)}
  />
);

/** Beside the plate in a read's detail: add it to the open purpose's case. */
const addToCase: DetailActionsSlot = (d) => (
  <AddToCase detectionIds={[d.id]} note={`${d.plate} seen at ${d.cameraName ?? d.cameraId}`} source="detail" />
);

/** "Add to case" over what an analysis lists, with its reason as the note. */
export const collect: CollectSlot = (props) => <AddToCase {...props} />;

/** A read's detail as the analyses open it: the detections feature's drawer with the slots above. */
export const detail: DetailSlot = (props) => (
  <Suspense fallback={null}>
    <DetectionDetail {...props} plateRead={plateRead} detailActions={addToCase} />
  </Suspense>
);

/** Over the result set: add it to the case, and the batch re-read. */
const resultsActions: ResultsActionSlot = (scope) => (
  <>
    {scope ? (
      <AddToCase
        detectionIds={scope.ids}
        note={`Found by search (${scope.label})`}
        source="search"
        label={scope.ids.length > 1 ? `Add ${scope.ids.length.toLocaleString('en-US')} to case` : 'Add to case'}
        compact
      />
    ) : null}
    <RereadResultsAction scope={scope} />
  </>
);

/** The search screen as the workspace shows it: detections, with the OCR, cases and hot-list features in its slots. */
export function SearchWorkspace(props: { onOpenPurpose: () => void; active: boolean; onOpenHit: OpenHit }) {
  const { onOpenHit, ...rest } = props;
  // On a detection's detail: add it to the case; the hits it raised and the entries it is a retro-hit of.
  const detailActions: DetailActionsSlot = (d) => (
    <>
      {addToCase(d)}
      <HitsOfDetection detection={d} onOpenHit={onOpenHit} />
    </>
  );
  return <SearchPanel {...rest} plateRead={plateRead} resultsActions={resultsActions} detailActions={detailActions} />;
}
