import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { Box, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { PatternFeedback, PatternPart } from '../../../../preload/contract';
import './search.css';

/** Asks main what a pattern means (search.describePattern); injected so a test can hand it the core describer. */
export type DescribePattern = (plate: string, similar: boolean) => Promise<PatternFeedback>;

export type PlateFieldProps = {
  value: string;
  onChange: (value: string) => void;
  similar: boolean;
  onSimilarChange: (on: boolean) => void;
  nearMisses: boolean;
  onNearMissesChange: (on: boolean) => void;
  describe: DescribePattern;
  /** Told of each answer, so the form can refuse to run a malformed pattern. */
  onFeedback?: (feedback: PatternFeedback | null) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Light debounce: the answer is cheap, but not every keystroke needs one. */
  debounceMs?: number;
};

/**
 * The plate field built for partial plates: monospace, and as the person types it says what each part of the
 * pattern means (a character and its look-alikes, `?`, `*`, a class), or why the pattern cannot be used and at
 * which column. The meaning comes from main's pattern language, so the field and the search cannot disagree.
 */
export function PlateField({
  value,
  onChange,
  similar,
  onSimilarChange,
  nearMisses,
  onNearMissesChange,
  describe,
  onFeedback,
  inputRef,
  debounceMs = 120,
}: PlateFieldProps) {
  const feedbackId = useId();
  const [feedback, setFeedback] = useState<PatternFeedback | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const seq = useRef(0);
  const notify = useRef(onFeedback);
  notify.current = onFeedback;

  useEffect(() => {
    const mine = ++seq.current;
    if (value.trim() === '') {
      setFeedback(null);
      notify.current?.(null);
      return;
    }
    const timer = setTimeout(() => {
      describe(value, similar).then(
        (f) => {
          // A slower answer to an older pattern never overwrites the newer one.
          if (mine !== seq.current) return;
          setUnavailable(false);
          setFeedback(f);
          notify.current?.(f);
        },
        () => {
          if (mine !== seq.current) return;
          setUnavailable(true);
          setFeedback(null);
          notify.current?.(null);
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [value, similar, describe, debounceMs]);

  const refused = feedback && !feedback.ok ? feedback : null;

  return (
    <Box>
      <TextInput
        ref={inputRef}
        label="Plate"
        description="Partial plates welcome: ? one character, * any run, [8B] one of."
        placeholder="8K?A*"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value.toUpperCase())}
        spellCheck={false}
        autoComplete="off"
        maxLength={40}
        size="md"
        aria-describedby={feedbackId}
        aria-invalid={refused ? true : undefined}
        error={refused ? true : undefined}
        classNames={{ input: 'cv-plate-input' }}
        data-testid="plate-input"
      />
      <Stack gap={6} mt={8}>
        <Switch
          size="xs"
          label="Similar-looking characters"
          description="8 / B, 0 / O / D / Q, 1 / I / L / T …"
          checked={similar}
          onChange={(e) => onSimilarChange(e.currentTarget.checked)}
          data-testid="similar-toggle"
        />
        <Switch
          size="xs"
          label="Near misses"
          description="One character missing, extra or swapped"
          checked={nearMisses}
          onChange={(e) => onNearMissesChange(e.currentTarget.checked)}
          data-testid="near-toggle"
        />
      </Stack>
      <Box id={feedbackId} mt={8} aria-live="polite" data-testid="plate-feedback">
        {refused ? (
          <Refusal feedback={refused} />
        ) : feedback?.ok ? (
          <Meaning parts={feedback.parts} summary={feedback.summary} nearMisses={nearMisses} />
        ) : unavailable ? (
          <Text size="xs" c="dimmed">
            The pattern’s meaning is not available right now; the search still checks it.
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}

function Refusal({ feedback }: { feedback: Extract<PatternFeedback, { ok: false }> }) {
  const { normalized, column, reason } = feedback;
  // `column` is 0-based into `normalized`; people count from 1.
  const at = Math.max(0, Math.min(column, normalized.length));
  return (
    <Box role="alert" data-testid="plate-error" className="cv-refusal">
      <Text size="sm" c="red" fw={600}>
        {reason} <span className="cv-refusal-column">(column {at + 1})</span>
      </Text>
      <div className="cv-caret-line" aria-hidden="true">
        <span>{normalized.slice(0, at)}</span>
        <mark className="cv-caret-char">{normalized[at] ?? '\u00a0'}</mark>
        <span>{normalized.slice(at + 1)}</span>
      </div>
    </Box>
  );
}

function Meaning({ parts, summary, nearMisses }: { parts: PatternPart[]; summary: string; nearMisses: boolean }) {
  return (
    <Box>
      <ol className="cv-parts" aria-label="What the pattern means">
        {parts.map((p) => (
          <li key={`${p.column}-${p.text}`} className="cv-part" data-kind={p.kind}>
            <span className="cv-part-text">{p.text}</span>
            <span className="cv-part-meaning">{partLabel(p)}</span>
          </li>
        ))}
      </ol>
      <Text size="xs" c="dimmed" mt={6} data-testid="plate-summary">
        {summary}
        {nearMisses ? ' Near misses are listed after the rest.' : ''}
      </Text>
    </Box>
  );
}

/** What one part means, with its look-alikes when similar characters are on. */
export function partLabel(p: PatternPart): string {
  if (p.kind === 'char') return p.similar.length ? `or ${p.similar.join(', ')}` : 'exactly';
  return p.similar.length ? `${p.meaning} (or ${p.similar.join(', ')})` : p.meaning;
}
