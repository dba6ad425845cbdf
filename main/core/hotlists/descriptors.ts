/**
 * The vehicle on the image against the vehicle of the entry, field by field: agree, differ, or unknown (one
 * side did not record it). A misread plate on a different car is how a family ended up at gunpoint (Green v.
 * City and County of San Francisco: the make, model and colour differed), so a hit whose descriptors differ
 * needs a typed justification to go past Tentative (hitStates.ts). Pure.
 */
export type Verdict = 'agree' | 'differ' | 'unknown';

export const DESCRIPTOR_FIELDS = ['make', 'model', 'color', 'body'] as const;
export type DescriptorField = (typeof DESCRIPTOR_FIELDS)[number];

export const DESCRIPTOR_LABELS: Record<DescriptorField, string> = {
  make: 'Make',
  model: 'Model',
  color: 'Colour',
  body: 'Body',
};

type Vehicle = { make: string | null; model: string | null; color: string | null; body: string | null };

export type DescriptorCheck = {
  field: DescriptorField;
  detection: string | null;
  entry: string | null;
  verdict: Verdict;
};

export type DescriptorComparison = { fields: DescriptorCheck[]; verdict: Verdict };

function known(v: string | null | undefined): string | null {
  const t = v?.trim().toLowerCase() ?? '';
  return t === '' || t === 'unknown' ? null : t.replace(/[\s-]+/g, ' ');
}

/** Any field that differs makes the whole comparison differ; agree needs at least one field known on both sides. */
export function compareDescriptors(detection: Vehicle, entry: Partial<Vehicle>): DescriptorComparison {
  const fields = DESCRIPTOR_FIELDS.map((field): DescriptorCheck => {
    const d = known(detection[field]);
    const e = known(entry[field] ?? null);
    const verdict: Verdict = d === null || e === null ? 'unknown' : d === e ? 'agree' : 'differ';
    return { field, detection: detection[field] ?? null, entry: entry[field] ?? null, verdict };
  });
  const verdict: Verdict = fields.some((f) => f.verdict === 'differ')
    ? 'differ'
    : fields.some((f) => f.verdict === 'agree')
      ? 'agree'
      : 'unknown';
  return { fields, verdict };
}

/** One line for a list: "Make and colour differ (Lexus, red vs GMC, gray)". */
export function describeComparison(c: DescriptorComparison): string {
  if (c.verdict === 'unknown') return 'No vehicle descriptor to compare.';
  const differ = c.fields.filter((f) => f.verdict === 'differ');
  if (differ.length === 0) {
    const agree = c.fields.filter((f) => f.verdict === 'agree').map((f) => DESCRIPTOR_LABELS[f.field].toLowerCase());
    return `${capital(joinWords(agree))} ${agree.length > 1 ? 'agree' : 'agrees'} with the entry.`;
  }
  const names = joinWords(differ.map((f) => DESCRIPTOR_LABELS[f.field].toLowerCase()));
  const seen = differ.map((f) => f.detection).join(', ');
  const listed = differ.map((f) => f.entry).join(', ');
  return `${capital(names)} ${differ.length > 1 ? 'differ' : 'differs'}: the image shows ${seen}, the entry says ${listed}.`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
