import type { DetailSlot } from '../shared/detectionSlots';
import { CommonVehiclesPanel } from '../features/detections/analyses/CommonVehiclesPanel';
import { TravellingTogetherPanel } from '../features/detections/analyses/TravellingTogetherPanel';
import { PlateHabitsPanel } from '../features/detections/analyses/PlateHabitsPanel';
import { ClonedPlatesPanel } from '../features/detections/analyses/ClonedPlatesPanel';
import { CasePanel } from '../features/cases/CasePanel';
import { collect, detail } from './SearchWorkspace';

export type AnalysisView = 'commonVehicles' | 'travellingTogether' | 'plateHabits' | 'clonedPlates';

/** An analysis screen with the other features in its slots: the read's detail, and "Add to case". */
export function AnalysisWorkspace({
  view,
  active,
  onOpenPurpose,
}: {
  view: AnalysisView;
  active: boolean;
  onOpenPurpose: () => void;
}) {
  const slots = { onOpenPurpose, detail, collect };
  switch (view) {
    case 'commonVehicles':
      return <CommonVehiclesPanel {...slots} />;
    case 'travellingTogether':
      return <TravellingTogetherPanel {...slots} />;
    case 'plateHabits':
      return <PlateHabitsPanel {...slots} />;
    case 'clonedPlates':
      return <ClonedPlatesPanel {...slots} active={active} />;
  }
}

/** The open purpose's case, whose reads open in the same detail. */
export function CaseWorkspace({ active, onOpenPurpose }: { active: boolean; onOpenPurpose: () => void }) {
  const caseDetail: DetailSlot = detail;
  return <CasePanel active={active} onOpenPurpose={onOpenPurpose} detail={caseDetail} />;
}
