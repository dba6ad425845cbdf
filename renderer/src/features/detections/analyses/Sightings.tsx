import type { ReactNode } from 'react';
import { Table, Text, UnstyledButton } from '@mantine/core';
import type { Detection } from '../../../../../preload/contract';
import { formatDateTime } from '../../../ui/format';

/**
 * A result's sightings in a small table, in the order given: when (a button that opens the read's detail),
 * where, the plate as read, and one column of the analysis's own (which scene, how many seconds apart).
 */
export function Sightings({
  rows,
  extra,
  onOpen,
  onSelect,
  selectedId,
  label,
  testId,
}: {
  rows: readonly Detection[];
  extra?: { title: string; cell: (d: Detection, index: number) => ReactNode };
  onOpen: (id: number) => void;
  onSelect?: (id: number) => void;
  selectedId?: number | null;
  label: string;
  testId?: string;
}) {
  return (
    <Table fz="xs" highlightOnHover aria-label={label} data-testid={testId} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={28}>#</Table.Th>
          <Table.Th>Seen</Table.Th>
          <Table.Th>Camera</Table.Th>
          <Table.Th>Read</Table.Th>
          {extra ? <Table.Th>{extra.title}</Table.Th> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((d, i) => (
          <Table.Tr
            key={d.id}
            data-detection-id={d.id}
            bg={d.id === selectedId ? 'var(--mantine-primary-color-light)' : undefined}
            onClick={() => onSelect?.(d.id)}
            onDoubleClick={() => onOpen(d.id)}
          >
            <Table.Td c="dimmed">{i + 1}</Table.Td>
            <Table.Td className="mono">
              <UnstyledButton
                className="detail-link"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(d.id);
                }}
                aria-label={`Open the read of ${d.plate} at ${formatDateTime(d.seenAt)}`}
                fz="xs"
              >
                {formatDateTime(d.seenAt)}
              </UnstyledButton>
            </Table.Td>
            <Table.Td>
              <Text span fz="xs" lineClamp={1} title={d.cameraName ?? d.cameraId}>
                {d.cameraName ?? d.cameraId}
              </Text>
            </Table.Td>
            <Table.Td className="plate">{d.plate}</Table.Td>
            {extra ? <Table.Td>{extra.cell(d, i)}</Table.Td> : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
