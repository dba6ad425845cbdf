import type { DetailActionsSlot, PlateReadSlot, ResultsActionSlot } from '../shared/detectionSlots';
import type { OpenHit } from '../shared/hitSlots';
import { SearchPanel } from '../features/detections/SearchPanel';
import { HitsOfDetection } from '../features/hotlists/HitsOfDetection';
import { RereadPanel } from '../features/ocr/RereadPanel';
import { RereadResultsAction } from '../features/ocr/RereadResultsAction';

/** The detail's plate read is the OCR re-read and correction (the hits screen's read detail uses it too). */
export const plateRead: PlateReadSlot = ({ detectionId, plate, onFound, rereadRequest }) => (
  <RereadPanel
    detectionId={detectionId}
    plate={plate}
    rereadRequest={rereadRequest}
    onShown={(read) => onFound(read?.region ?? null)}
  />
);

/** Over the result set: the batch re-read. */
const resultsActions: ResultsActionSlot = (scope) => <RereadResultsAction scope={scope} />;

/** The search screen as the workspace shows it: detections, with the OCR and hot-list features plugged into its slots. */
export function SearchWorkspace(props: { onOpenPurpose: () => void; active: boolean; onOpenHit: OpenHit }) {
  const { onOpenHit, ...rest } = props;
  // On a detection's detail: the hits it raised and the entries it is a retro-hit of.
  const detailActions: DetailActionsSlot = (d) => <HitsOfDetection detection={d} onOpenHit={onOpenHit} />;
  return <SearchPanel {...rest} plateRead={plateRead} resultsActions={resultsActions} detailActions={detailActions} />;
}
