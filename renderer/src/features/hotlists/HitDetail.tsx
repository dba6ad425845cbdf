import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Kbd, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type { EntryInfo, HitAction, HitDetail as Detail, TransitionInfo } from '../../../../preload/contract';
import type { HitSlots } from '../../shared/hitSlots';
import { formatDate, formatDateTime } from '../../ui/format';
import { IconAlert, IconCheck, IconClock, IconX } from '../../ui/icons';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { ActionForm } from './ActionForm';
import { HitStateBadge } from './HitsInbox';
import { ACTION, DISPOSITION, LADDER, REJECT, STATE } from './words';
import './hotlists.css';

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          {title}
        </Text>
        {aside}
      </Group>
      {children}
    </Stack>
  );
}

/** Alert → Tentative → Validated → Confirmed, with where this hit stands (or that it left the ladder). */
function Ladder({ d }: { d: Detail }) {
  const at = LADDER.indexOf(d.hit.status);
  return (
    <ol className="hit-ladder" aria-label="Verification states" data-testid="hit-ladder">
      {LADDER.map((s, i) => {
        const state = d.hit.status === 'rejected' ? 'off' : i < at ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li key={s} data-step={state} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="hit-ladder-dot">{state === 'done' ? <IconCheck size={12} /> : i + 1}</span>
            {STATE[s].label}
          </li>
        );
      })}
      {d.hit.status === 'rejected' ? (
        <li data-step="rejected" aria-current="step">
          <span className="hit-ladder-dot">
            <IconX size={12} />
          </span>
          Rejected{d.hit.rejectReason ? `: ${REJECT[d.hit.rejectReason]}` : ''}
        </li>
      ) : null}
    </ol>
  );
}

function EntryCard({ entry, d }: { entry: EntryInfo | null; d: Detail }) {
  if (!entry)
    return (
      <Text size="sm" c="dimmed">
        The entry is not on this workstation.
      </Text>
    );
  const rows: [string, React.ReactNode][] = [
    ['Plate', <span className="plate">{entry.plate}</span>],
    ['State', entry.state ?? '—'],
    ['List', `${entry.listName ?? entry.listId}${d.list?.stale ? ' (stale)' : ''}`],
    ['Reason', entry.reason],
    ['Case', entry.caseNumber ?? '—'],
    ['Synopsis', entry.synopsis ?? '—'],
    ['Entered', `${entry.enteredByName ?? 'the source'} · ${formatDate(entry.enteredAt)}`],
    ['Expires', entry.expiresOn ? formatDate(entry.expiresOn) : 'No expiry'],
  ];
  return (
    <dl className="hit-fields" data-testid="hit-entry">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const VERDICT = {
  agree: { label: 'Agrees', color: 'teal' },
  differ: { label: 'Differs', color: 'red' },
  unknown: { label: 'Unknown', color: 'gray' },
} as const;

function Comparison({ d }: { d: Detail }) {
  const rows = [
    {
      field: 'Plate',
      image: d.detection?.plate ?? d.hit.plate,
      entry: d.entry?.plate ?? '—',
      verdict: d.entry && (d.detection?.plate ?? d.hit.plate) === d.entry.plate ? 'agree' : 'differ',
    },
    {
      field: 'State',
      image: d.detection?.state ?? 'not read',
      entry: d.entry?.state ?? '—',
      verdict:
        !d.detection?.state || !d.entry?.state ? 'unknown' : d.detection.state === d.entry.state ? 'agree' : 'differ',
    },
    ...d.descriptors.fields.map((f) => ({
      field: { make: 'Make', model: 'Model', color: 'Colour', body: 'Body' }[f.field],
      image: f.detection ?? '—',
      entry: f.entry ?? '—',
      verdict: f.verdict,
    })),
  ] as { field: string; image: string; entry: string; verdict: keyof typeof VERDICT }[];
  return (
    <Stack gap={4}>
      <Table fz="sm" withTableBorder aria-label="The image against the entry" data-testid="hit-comparison">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>Camera read</Table.Th>
            <Table.Th>Entry</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.field} data-verdict={r.verdict}>
              <Table.Td fw={600}>{r.field}</Table.Td>
              <Table.Td className={r.field === 'Plate' ? 'plate' : undefined}>{r.image}</Table.Td>
              <Table.Td className={r.field === 'Plate' ? 'plate' : undefined}>{r.entry}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={VERDICT[r.verdict].color}>
                  {VERDICT[r.verdict].label}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c={d.descriptors.verdict === 'differ' ? 'red' : 'dimmed'} data-testid="hit-descriptors">
        {d.descriptorsText}
      </Text>
    </Stack>
  );
}

function trailLine(t: TransitionInfo): string {
  const x = t.details;
  const what =
    t.action === 'verify'
      ? `characters ${x.compared?.characters ?? '—'}, state ${x.compared?.state ?? '—'}`
      : t.action === 'validate'
        ? `live query ${x.reference ?? ''}${x.referenceAt ? ` at ${formatDateTime(x.referenceAt)}` : ''}`
        : t.action === 'confirm'
          ? `confirmed by ${x.confirmedBy ?? '—'} (${x.confirmedHow ?? '—'})`
          : t.action === 'reject'
            ? x.reason
              ? REJECT[x.reason]
              : 'rejected'
            : x.disposition
              ? DISPOSITION[x.disposition]
              : 'closed';
  return `${what}${x.justification ? ` — justification: ${x.justification}` : ''}${x.note ? ` — ${x.note}` : ''}`;
}

function Trail({ trail }: { trail: TransitionInfo[] }) {
  if (trail.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="hit-trail-empty">
        No step recorded on this workstation yet.
      </Text>
    );
  return (
    <ol className="hit-trail" data-testid="hit-trail">
      {trail.map((t) => (
        <li key={t.key} data-sync={t.sync}>
          <Group gap={6} wrap="nowrap" align="baseline">
            <Text size="sm" fw={600}>
              {STATE[t.from].label} → {t.action === 'close' ? 'closed' : STATE[t.to].label}
            </Text>
            <Text size="xs" c="dimmed" className="mono">
              {formatDateTime(t.at)}
            </Text>
            {t.sync === 'pending' ? (
              <Badge size="xs" variant="light" color="gray" leftSection={<IconClock size={10} />}>
                not yet on the server
              </Badge>
            ) : null}
            {t.sync === 'superseded' || t.sync === 'refused' ? (
              <Badge size="xs" variant="light" color="red">
                not applied
              </Badge>
            ) : null}
          </Group>
          <Text size="xs">
            {t.fullName} ({t.username}){t.workstation ? `, ${t.workstation}` : ''}: {trailLine(t)}
          </Text>
          {t.message ? (
            <Text size="xs" c="red" data-testid="hit-trail-message">
              {t.message}
            </Text>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * One hit: the image and the entry side by side, what agrees and what differs, the OCR re-read one keystroke away
 * (R), the state trail, and the next step as the primary button (N focuses it; X rejects). Warnings (a stale
 * list, an entry removed or expired since) stand above everything.
 */
export function HitDetail({
  detail,
  slots,
  onChanged,
  focusAction,
  active,
}: {
  detail: Detail;
  slots: HitSlots;
  onChanged: (d: Detail) => void;
  /** Changes when the person opened the hit from the inbox with Enter: the next step takes the focus. */
  focusAction: number;
  active: boolean;
}) {
  useTimeDisplay();
  const d = detail;
  const [rereads, setRereads] = useState(0);
  const [form, setForm] = useState<HitAction | null>(d.next);
  const [focusKey, setFocusKey] = useState(0);
  useEffect(() => setForm(d.next), [d.hit.id, d.next]);
  useEffect(() => {
    if (focusAction) setFocusKey((k) => k + 1);
  }, [focusAction]);
  // The keys work wherever the focus is in the hit, except while typing (a radio or a checkbox is not typing).
  const typing = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    return (
      !!t &&
      (t.isContentEditable ||
        t.tagName === 'TEXTAREA' ||
        t.tagName === 'SELECT' ||
        (t.tagName === 'INPUT' && !['radio', 'checkbox', 'button'].includes((t as HTMLInputElement).type)))
    );
  };
  const unlessTyping = (fn: () => void) => (e: KeyboardEvent) => {
    if (!typing(e)) fn();
  };
  useHotkeys(
    active
      ? [
          ['r', unlessTyping(() => setRereads((n) => n + 1))],
          [
            'n',
            unlessTyping(() => {
              setForm(d.next);
              setFocusKey((k) => k + 1);
            }),
          ],
          [
            'x',
            unlessTyping(() => {
              if (d.actions.includes('reject')) {
                setForm('reject');
                setFocusKey((k) => k + 1);
              }
            }),
          ],
        ]
      : [],
    [],
  );
  const det = d.detection;
  return (
    <Stack gap="md" data-testid="hit-detail" data-hit-id={d.hit.id} data-state={d.hit.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} className="plate hit-plate">
              {d.hit.plate}
            </Title>
            {d.hit.state ? (
              <Badge variant="outline" color="gray" size="lg">
                {d.hit.state}
              </Badge>
            ) : null}
            <HitStateBadge hit={d.hit} />
          </Group>
          <Text size="sm" c="dimmed">
            {d.list?.name ?? d.hit.listId} · {d.hit.reason ?? ''} · seen {formatDateTime(d.hit.at)}
            {det?.cameraName ? ` · ${det.cameraName}` : ''}
          </Text>
        </Stack>
        {det ? (
          <Group gap="xs" wrap="nowrap">
            {slots.addToCase({
              detectionId: det.id,
              note: `Hit on ${d.list?.name ?? d.hit.listId}${d.hit.reason ? ` (${d.hit.reason})` : ''}: ${det.plate}`,
            })}
            <Button variant="default" size="xs" onClick={() => slots.openDetection(det.id)}>
              Open the read
            </Button>
          </Group>
        ) : null}
      </Group>

      {d.banners.map((b) => (
        <Alert
          key={b.kind}
          color="orange"
          variant="light"
          icon={<IconAlert />}
          role="alert"
          data-banner={b.kind}
          p="xs"
        >
          {b.message}
        </Alert>
      ))}
      {d.hit.status === 'alert' && !d.hit.closedAt ? (
        <Text size="sm" fw={600} data-testid="hit-no-basis">
          An alert alone is no basis for action: verify it against the image, then validate it by a live query
          {d.validationRequiredBeforeStop ? ' (required before any stop)' : ''}.
        </Text>
      ) : null}

      <Ladder d={d} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Section title="What the camera saw">
          {det ? slots.images(det.id) : <Text size="sm">No detection on this workstation.</Text>}
        </Section>
        <Section title="The entry">
          <EntryCard entry={d.entry} d={d} />
        </Section>
      </SimpleGrid>

      <Section title="Compared">
        <Comparison d={d} />
      </Section>

      {det ? (
        <Section
          title="Plate read"
          aside={
            <Text size="xs" c="dimmed">
              <Kbd size="xs">R</Kbd> re-reads the plate
            </Text>
          }
        >
          {slots.plateRead({ detectionId: det.id, plate: det.plate, rereadRequest: rereads })}
        </Section>
      ) : null}

      <Section
        title={d.next ? 'Next step' : 'Closed'}
        aside={
          d.actions.length ? (
            <Text size="xs" c="dimmed">
              <Kbd size="xs">N</Kbd> next step · <Kbd size="xs">X</Kbd> reject
            </Text>
          ) : null
        }
      >
        {!d.canAct ? (
          <Text size="sm" c="dimmed">
            Moving a hit is the investigators’.
          </Text>
        ) : form ? (
          <ActionForm
            key={`${d.hit.id}-${d.hit.status}-${form}`}
            detail={d}
            action={form}
            autoFocus={focusKey > 0}
            onDone={onChanged}
            onCancel={form !== d.next ? () => setForm(d.next) : undefined}
          />
        ) : (
          <Text size="sm" data-testid="hit-closed">
            Closed {formatDateTime(d.hit.closedAt)}
            {d.hit.disposition ? `: ${DISPOSITION[d.hit.disposition]}` : ''}.
          </Text>
        )}
        {d.canAct && form === d.next && d.actions.includes('reject') ? (
          <Group>
            <Button variant="subtle" color="red" size="xs" onClick={() => setForm('reject')}>
              {ACTION.reject.button}…
            </Button>
          </Group>
        ) : null}
      </Section>

      <Section title="State trail">
        <Trail trail={d.trail} />
      </Section>
    </Stack>
  );
}
