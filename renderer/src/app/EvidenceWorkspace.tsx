import { EvidencePanel } from '../features/evidence/EvidencePanel';
import { detail } from './SearchWorkspace';

/** The evidence technician's screen, whose collected reads open in the same detail as everywhere else. */
export function EvidenceWorkspace({ onOpenPurpose }: { onOpenPurpose: () => void }) {
  return <EvidencePanel onOpenPurpose={onOpenPurpose} detail={detail} />;
}
