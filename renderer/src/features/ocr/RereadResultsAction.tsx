import { useEffect, useState } from 'react';
import { hasRole, useSession } from '../../shared/session';
import type { ResultScope } from '../../shared/detectionSlots';
import { recoverBatch, useRereadBatch } from './batchStore';
import { RereadBatchDialog } from './RereadBatchDialog';
import { RereadControls } from './RereadControls';

/**
 * The batch re-read over a result set, for the results header: the current batch's status and the action, and
 * its dialog (confirm, progress, report). A reloaded window takes up the batch main is still running for this
 * person. Nothing for people who may not re-read.
 */
export function RereadResultsAction({ scope }: { scope: ResultScope | null }) {
  const { session } = useSession();
  const canReread = hasRole(session, 'investigator', 'evidence_technician', 'records_custodian');
  const hasPurpose = session.purpose !== null;
  const batch = useRereadBatch(session.username);
  const [dialog, setDialog] = useState<'confirm' | 'batch' | null>(null);
  const onDialog = scope?.onDialog;
  useEffect(() => {
    if (canReread && hasPurpose) void recoverBatch(session.username);
  }, [canReread, hasPurpose, session.username]);
  useEffect(() => onDialog?.(dialog !== null), [dialog, onDialog]);
  if (!canReread) return null;
  return (
    <>
      <RereadControls
        batch={batch}
        count={scope?.ids.length ?? 0}
        onStart={() => setDialog('confirm')}
        onShowBatch={() => setDialog('batch')}
      />
      <RereadBatchDialog
        opened={dialog !== null}
        mode={dialog === 'confirm' ? 'confirm' : 'batch'}
        scope={scope}
        batch={batch}
        username={session.username}
        rows={scope?.rows ?? new Map()}
        onStarted={() => setDialog('batch')}
        onClose={() => setDialog(null)}
        onOpenDetection={(id) => {
          // The drawer is where the person compares with the image and records the right read.
          setDialog(null);
          scope?.openDetection(id);
        }}
      />
    </>
  );
}
