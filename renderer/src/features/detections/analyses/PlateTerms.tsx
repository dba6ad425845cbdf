import { useState, type Dispatch, type SetStateAction } from 'react';
import { Group, Text, TextInput } from '@mantine/core';
import { localToIso, localZoneName } from '../searchState';

/** The terms of an analysis of one plate (travelling together, usual places): the plate, a state, a window. */
export type PlateForm = { plate: string; state: string; from: string; to: string };
export const EMPTY_PLATE_FORM: PlateForm = { plate: '', state: '', from: '', to: '' };

export type PlateTerms = { plate: string; state?: string; from?: string; to?: string };

const PLATE = /^[A-Z0-9]{1,8}$/;

/** The form as the service's terms (pure), or what to fix. The window's times are the workstation's. */
export function toPlateTerms(f: PlateForm): { ok: true; terms: PlateTerms } | { ok: false; problem: string } {
  const plate = f.plate.toUpperCase().replace(/[\s-]/g, '');
  if (!PLATE.test(plate)) return { ok: false, problem: 'Enter the whole plate: 1–8 letters and digits.' };
  const terms: PlateTerms = { plate };
  if (f.state.trim()) terms.state = f.state.trim().toUpperCase();
  for (const k of ['from', 'to'] as const) {
    if (!f[k]) continue;
    const iso = localToIso(f[k]);
    if (!iso) return { ok: false, problem: `The “${k}” time is not a date and time.` };
    terms[k] = iso;
  }
  return { ok: true, terms };
}

/** The form as typed and what to fix in it; `check` gives the terms when they are whole, or says what to fix. */
export type PlateTermsState = {
  form: PlateForm;
  setForm: Dispatch<SetStateAction<PlateForm>>;
  problem: string | null;
  check: (f?: PlateForm) => PlateTerms | null;
};

/** The plate form's state for a screen (travelling together, usual places). */
export function usePlateTerms(): PlateTermsState {
  const [form, setForm] = useState<PlateForm>(EMPTY_PLATE_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const check = (f: PlateForm = form) => {
    const t = toPlateTerms(f);
    setProblem(t.ok ? null : t.problem);
    return t.ok ? t.terms : null;
  };
  return { form, setForm, problem, check };
}

/** The fields: the plate (Enter runs), its state, and an optional window. */
export function PlateTermsFields({
  terms: { form, setForm, problem },
  onSubmit,
  plateTestId,
  plateDescription,
  zoneNote,
}: {
  terms: PlateTermsState;
  onSubmit: () => void;
  plateTestId: string;
  plateDescription?: string;
  /** Said under the window (e.g. which zone the hours are counted in). */
  zoneNote?: string;
}) {
  const onChange = (patch: Partial<PlateForm>) => setForm((f) => ({ ...f, ...patch }));
  const field = (k: 'from' | 'to', label: string) => (
    <TextInput
      size="xs"
      type="datetime-local"
      label={label}
      value={form[k]}
      onChange={(e) => onChange({ [k]: e.currentTarget.value })}
    />
  );
  return (
    <>
      <TextInput
        label="Plate"
        description={plateDescription}
        value={form.plate}
        onChange={(e) => onChange({ plate: e.currentTarget.value.toUpperCase() })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onSubmit();
        }}
        classNames={{ input: 'cv-plate-input' }}
        maxLength={12}
        error={problem}
        data-testid={plateTestId}
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        label="State"
        placeholder="Any"
        value={form.state}
        onChange={(e) => onChange({ state: e.currentTarget.value.toUpperCase() })}
        maxLength={2}
        w={90}
        size="xs"
      />
      <Text size="xs" c="dimmed">
        Window ({localZoneName()}); empty: every sighting this workstation holds.{zoneNote ? ` ${zoneNote}` : ''}
      </Text>
      <Group gap="xs" grow>
        {field('from', 'From')}
        {field('to', 'To')}
      </Group>
    </>
  );
}
