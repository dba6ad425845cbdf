import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Radio, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import type { OcrRereadInfo, PlateCorrectionInfo } from '../../../../preload/contract';
import { call, errorMessage } from '../../bridge';
import { hasRole, useSession } from '../../shared/session';
import { useLoad } from '../../ui/useLoad';
import { ErrorAlert } from '../../ui/StateView';
import { formatDateTime } from '../../ui/format';
import { useTimeDisplay } from '../../ui/timeDisplay';
import { IconAlert, IconCheck, IconScan } from '../../ui/icons';
import { occlusionNote, ReadComparison } from './ReadComparison';
import { diffSummary } from './plateAlign';

type Choice = 'original' | 'reread' | `candidate:${string}` | 'manual';

function CorrectionLine({ c }: { c: PlateCorrectionInfo }) {
  return (
    <Table.Tr>
      <Table.Td className="cell-data">{formatDateTime(c.at)}</Table.Td>
      <Table.Td>
        {c.correctedPlate === c.originalPlate ? (
          <>
            Confirmed <span className="plate">{c.originalPlate}</span>
          </>
        ) : (
          <>
            <span className="plate">{c.originalPlate}</span> → <span className="plate">{c.correctedPlate}</span>
          </>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs">
          {c.username} · {c.chosen === 'manual' ? 'typed' : c.chosen === 'reread' ? 're-read' : 'camera read kept'} ·{' '}
          {c.reason}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Re-read the plate from the evidence image (docs/ocr.md), compare with the camera's read, and record which read
 * is right with a reason. The camera's read is never overwritten; every correction stays in the history.
 */
export function RereadPanel({
  detectionId,
  plate,
  onShown,
  rereadRequest = 0,
}: {
  detectionId: number;
  plate: string;
  /** The read the panel shows (the latest, or the one just made), for the images to outline its region. */
  onShown?: (read: OcrRereadInfo | null) => void;
  /** Each change runs a re-read, as the button would (a keystroke of the screen around the panel). */
  rereadRequest?: number;
}) {
  useTimeDisplay(); // re-read and correction times follow the Settings toggle
  const { session } = useSession();
  const canCorrect = hasRole(session, 'investigator', 'evidence_technician');
  const history = useLoad(() => call('ocr.history', { detectionId }), [detectionId]);
  const [read, setRead] = useState<OcrRereadInfo | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [choice, setChoice] = useState<Choice>('reread');
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<PlateCorrectionInfo | null>(null);

  const reread = async () => {
    setReading(true);
    setReadError(null);
    setSaved(null);
    try {
      const r = await call('ocr.reread', { detectionId });
      setRead(r);
      setChoice(r.plate && r.plate !== r.originalPlate ? 'reread' : 'original');
      void history.reload();
    } catch (e) {
      setReadError(errorMessage(e));
    } finally {
      setReading(false);
    }
  };

  useEffect(() => {
    if (rereadRequest > 0) void reread();
  }, [rereadRequest]);

  // A batch (or an earlier visit) may have re-read this detection already: show its latest read, so a correction
  // can be recorded from it without reading again.
  const reads = history.data?.reads ?? [];
  const lastRead = reads.length ? reads.reduce((a, b) => (b.readId > a.readId ? b : a)) : null;
  const shown = read ?? lastRead;
  const covered = occlusionNote(shown?.occlusion);
  // Told once per read shown, not on every render (the parent sets state on it).
  useEffect(() => onShown?.(shown), [shown?.readId]);
  const openForm = () => {
    if (shown) setChoice(shown.plate && shown.plate !== shown.originalPlate ? 'reread' : 'original');
    setFormOpen(true);
  };
  const record = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const args =
        choice === 'original'
          ? { chosen: 'original' as const }
          : choice === 'manual'
            ? { chosen: 'manual' as const, plate: typed, ...(shown ? { readId: shown.readId } : {}) }
            : {
                chosen: 'reread' as const,
                readId: shown!.readId,
                plate: choice === 'reread' ? shown!.plate! : choice.slice('candidate:'.length),
              };
      const c = await call('ocr.correct', { detectionId, reason, ...args });
      setSaved(c);
      setFormOpen(false);
      setReason('');
      void history.reload();
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const corrections = history.data?.corrections ?? [];
  const latest = corrections[corrections.length - 1] ?? null;
  const alternatives = (shown?.candidates ?? []).filter(
    (c) => c.plate !== shown?.plate && c.plate !== shown?.originalPlate,
  );

  return (
    <Stack gap="sm" data-testid="reread-panel">
      {latest ? (
        <Alert variant="light" color="teal" icon={<IconCheck />} p="xs" data-testid="current-correction">
          <Text size="sm">
            {latest.correctedPlate === latest.originalPlate ? (
              <>
                Camera read <span className="plate">{latest.originalPlate}</span> confirmed
              </>
            ) : (
              <>
                Corrected read: <span className="plate">{latest.correctedPlate}</span> (camera read{' '}
                <span className="plate">{latest.originalPlate}</span>)
              </>
            )}{' '}
            by {latest.username}, {formatDateTime(latest.at)}.
          </Text>
        </Alert>
      ) : null}

      <Group gap="sm">
        <Button
          variant="light"
          leftSection={<IconScan size={16} />}
          onClick={() => void reread()}
          loading={reading}
          aria-describedby="reread-help"
        >
          Re-read plate
        </Button>
        <Text size="xs" c="dimmed" id="reread-help" maw={320}>
          Reads the plate again from the evidence image with Canvass’s own OCR. The camera’s read is kept.
        </Text>
      </Group>
      <ErrorAlert title="The re-read did not run" message={readError} />

      {shown ? (
        <Paper withBorder p="sm" radius="md" data-testid="reread-result">
          {read ? null : (
            <Text size="xs" c="dimmed" mb={6} data-testid="reread-earlier">
              Re-read {formatDateTime(shown.at)}
              {shown.username ? ` by ${shown.username}` : ''}. Re-read again for a fresh read.
            </Text>
          )}
          {shown.error ? (
            <Alert color="orange" variant="light" icon={<IconAlert />} title="The image could not be read">
              {shown.error.message}
            </Alert>
          ) : (
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {diffSummary(shown.diff)}
                </Text>
                <Group gap={6}>
                  {shown.flagged ? (
                    <Badge color="orange" variant="light" data-testid="reread-flagged">
                      Likely misread
                    </Badge>
                  ) : null}
                  <Badge variant="outline" color="gray">
                    Confidence {shown.confidence === null ? '—' : `${Math.round(shown.confidence)}%`}
                  </Badge>
                </Group>
              </Group>
              <ReadComparison read={shown} />
              {covered.length ? (
                <Text size="xs" data-testid="reread-occlusion">
                  {covered.join(' ')} Check {shown.occlusion?.damaged.length ? 'them' : 'the plate'} on the image before
                  relying on the re-read.
                </Text>
              ) : null}
              {shown.candidates.length > 1 ? (
                <Text size="xs" c="dimmed">
                  Candidates:{' '}
                  {shown.candidates.map((c, i) => (
                    <span key={c.plate}>
                      {i > 0 ? ', ' : ''}
                      <span className="plate">{c.plate}</span> ({Math.round(c.score <= 1 ? c.score * 100 : c.score)})
                    </span>
                  ))}
                </Text>
              ) : null}
              {canCorrect && !formOpen ? (
                <Group>
                  <Button size="xs" variant="default" onClick={openForm}>
                    Record corrected read
                  </Button>
                </Group>
              ) : null}
            </Stack>
          )}
        </Paper>
      ) : null}

      {formOpen && shown ? (
        <Paper
          withBorder
          p="sm"
          radius="md"
          component="form"
          aria-label="Record corrected read"
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          <Stack gap="xs">
            <Radio.Group label="Which read is right?" value={choice} onChange={(v) => setChoice(v as Choice)}>
              <Stack gap={6} mt={6}>
                <Radio
                  value="original"
                  label={
                    <>
                      The camera’s read, <span className="plate">{shown.originalPlate}</span>
                    </>
                  }
                />
                {shown.plate && shown.plate !== shown.originalPlate ? (
                  <Radio
                    value="reread"
                    label={
                      <>
                        The re-read, <span className="plate">{shown.plate}</span>
                      </>
                    }
                  />
                ) : null}
                {alternatives.map((c) => (
                  <Radio
                    key={c.plate}
                    value={`candidate:${c.plate}`}
                    label={
                      <>
                        A re-read candidate, <span className="plate">{c.plate}</span>
                      </>
                    }
                  />
                ))}
                <Radio value="manual" label="As I read it on the image" />
              </Stack>
            </Radio.Group>
            {choice === 'manual' ? (
              <TextInput
                label="Plate as you read it"
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value.toUpperCase())}
                maxLength={10}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontWeight: 700 } }}
                required
              />
            ) : null}
            <Textarea
              label="Reason"
              description="Why this read is right, as you would say it in a report."
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={1000}
              required
            />
            <ErrorAlert message={saveError} testId="correction-error" />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setFormOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" size="xs" loading={saving} disabled={reason.trim().length < 3}>
                Record correction
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}

      {saved ? (
        <Alert color="teal" variant="light" icon={<IconCheck />} role="status" data-testid="correction-saved">
          {saved.correctedPlate === plate ? (
            <>
              Recorded: the camera’s read <span className="plate">{plate}</span> is right.
            </>
          ) : (
            <>
              Recorded: <span className="plate">{saved.correctedPlate}</span> for camera read{' '}
              <span className="plate">{plate}</span>.
            </>
          )}{' '}
          It goes to the agency server with the next sync.
        </Alert>
      ) : null}

      {history.error ? <ErrorAlert message={history.error} /> : null}
      {history.data && (history.data.reads.length > 0 || corrections.length > 0) ? (
        <Stack gap={4}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            History
          </Text>
          <Table fz="xs" aria-label="Re-reads and corrections of this read" data-testid="ocr-history">
            <Table.Tbody>
              {corrections.map((c) => (
                <CorrectionLine key={`c${c.id}`} c={c} />
              ))}
              {history.data.reads.map((r) => (
                <Table.Tr key={`r${r.readId}`}>
                  <Table.Td className="cell-data">{formatDateTime(r.at)}</Table.Td>
                  <Table.Td>
                    Re-read <span className="plate">{r.plate ?? '—'}</span>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {r.username ?? '—'} · {r.error ? r.error.message : `confidence ${Math.round(r.confidence ?? 0)}%`}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
