import type { PlateReadSlot, ResultsActionSlot } from '../shared/detectionSlots';
import { SearchPanel } from '../features/detections/SearchPanel';
import { RereadPanel } from '../features/ocr/RereadPanel';
import { RereadResultsAction } from '../features/ocr/RereadResultsAction';

/** The detail's plate read is the OCR re-read and correction. */
const plateRead: PlateReadSlot = ({ detectionId, plate, onFound }) => (
  <RereadPanel detectionId={detectionId} plate={plate} onShown={(read) => onFound(read?.region ?? null)} />
);

/** Over the result set: the batch re-read. */
const resultsActions: ResultsActionSlot = (scope) => <RereadResultsAction scope={scope} />;

/** The search screen as the workspace shows it: detections, with the OCR feature plugged into its slots. */
export function SearchWorkspace(props: { onOpenPurpose: () => void; active: boolean }) {
  return <SearchPanel {...props} plateRead={plateRead} resultsActions={resultsActions} />;
}
