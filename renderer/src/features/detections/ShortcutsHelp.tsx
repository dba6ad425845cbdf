import { Kbd, Table, Text } from '@mantine/core';
import { Dialog } from '../../shared/dialog';

/** The workspace's keyboard shortcuts: one list, shown by "?" and documented in docs/workspace.md. */
export const SHORTCUTS: { keys: string[][]; what: string }[] = [
  { keys: [['/']], what: 'Focus the plate field' },
  { keys: [['Enter'], ['Ctrl', 'Enter']], what: 'Run the search (Ctrl+Enter works from anywhere)' },
  { keys: [['↑'], ['↓']], what: 'Move through the results (in the results table)' },
  { keys: [['Page Up'], ['Page Down'], ['Home'], ['End']], what: 'Jump through the results' },
  { keys: [['Enter']], what: 'Open the selected detection (in the results table)' },
  { keys: [['Esc']], what: 'Close the detection detail, a dialog or a drawing on the map' },
  { keys: [['Alt', 'R']], what: 'Move focus to the results table' },
  { keys: [['Ctrl', 'Shift', 'P']], what: 'Open a purpose' },
  { keys: [['Ctrl', 'B']], what: 'Fold or unfold the search form (more room for the map)' },
  {
    keys: [
      ['Shift', '←'],
      ['Shift', '→'],
    ],
    what: 'Brush a time span (on the timeline); Esc clears it',
  },
  { keys: [['?']], what: 'Show this list' },
];

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Dialog opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Table className="cv-kbd-table" aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.what}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.keys.map((combo, i) => (
                  <span key={i}>
                    {i > 0 ? (
                      <Text span c="dimmed" size="xs">
                        {' '}
                        or{' '}
                      </Text>
                    ) : null}
                    {combo.map((k, j) => (
                      <span key={k}>
                        {j > 0 ? ' + ' : null}
                        <Kbd>{k}</Kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{s.what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Dialog>
  );
}
