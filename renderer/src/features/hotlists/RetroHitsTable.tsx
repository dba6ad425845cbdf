import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import type { RetroHitInfo } from '../../../../preload/contract';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert, LoadingView } from '../../ui/StateView';
import { useLoad } from '../../ui/useLoad';
import { TIER } from './words';

/** Retro-hits, ranked by match quality: the tier, the read, when and where, and why it matched. */
export function RetroHitsTable({
  load,
  rows: given,
  onOpenDetection,
  showEntry = true,
}: {
  load?: () => Promise<RetroHitInfo[]>;
  rows?: RetroHitInfo[];
  onOpenDetection?: (detectionId: number) => void;
  showEntry?: boolean;
}) {
  const loaded = useLoad<RetroHitInfo[] | null>(() => (load ? load() : Promise.resolve(null)), []);
  const rows = given ?? loaded.data;
  if (!given && loaded.error) return <ErrorAlert message={loaded.error} />;
  if (!rows) return <LoadingView label="Listing the retro-hits…" />;
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="retro-hits-empty">
        No detection in this workstation’s store matches.
      </Text>
    );
  return (
    <div className="table-scroll" style={{ maxHeight: 420 }}>
      <Table fz="xs" highlightOnHover aria-label="Retro-hits, best match first" data-testid="retro-hits">
        <Table.Thead className="sticky-head">
          <Table.Tr>
            <Table.Th>Match</Table.Th>
            <Table.Th>Read</Table.Th>
            {showEntry ? <Table.Th>Entry</Table.Th> : null}
            <Table.Th>Seen</Table.Th>
            <Table.Th>Camera</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.entryId}-${r.detectionId}`} data-tier={r.tier}>
              <Table.Td>
                <Badge size="xs" variant="light" color={TIER[r.tier].color}>
                  {TIER[r.tier].label}
                </Badge>
              </Table.Td>
              <Table.Td>
                <span className="plate">{r.plate}</span> {r.state ?? ''}
              </Table.Td>
              {showEntry ? (
                <Table.Td>
                  <span className="plate">{r.entryPlate ?? '—'}</span>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {r.listName ?? ''}
                  </Text>
                </Table.Td>
              ) : null}
              <Table.Td className="cell-data">
                {onOpenDetection ? (
                  <UnstyledButton
                    className="hit-link"
                    onClick={() => onOpenDetection(r.detectionId)}
                    aria-label={`Open the read of ${formatDateTime(r.seenAt)}`}
                  >
                    {formatDateTime(r.seenAt)}
                  </UnstyledButton>
                ) : (
                  formatDateTime(r.seenAt)
                )}
              </Table.Td>
              <Table.Td>{r.cameraName ?? '—'}</Table.Td>
              <Table.Td>{r.explanation}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
