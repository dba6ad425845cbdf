import { useId } from 'react';
import { Badge } from '@mantine/core';
import type { Citation } from '../../../../preload/contract';
import './policy.css';

/**
 * Where a policy value comes from, beside the value: the policy's section ("§ 462.5"), the law, the product's
 * default or the administrator's own setting. The words behind it (the quote, or why the product chose it)
 * show on hover and keyboard focus.
 */
const LOOK: Record<Citation['kind'], { color: string; variant: 'light' | 'outline' }> = {
  policy: { color: 'canvass', variant: 'light' },
  law: { color: 'grape', variant: 'light' },
  default: { color: 'gray', variant: 'outline' },
  agency: { color: 'orange', variant: 'light' },
};

export function citationLabel(c: Citation): string {
  if (c.kind === 'policy') return /^\d/.test(c.section) ? `§ ${c.section}` : c.section;
  if (c.kind === 'law') return c.law;
  return c.kind === 'default' ? 'Product default' : 'Agency setting';
}

function citationWords(c: Citation): string | null {
  if (c.kind === 'law') return [c.law, c.note].filter(Boolean).join(' — ');
  if (c.kind !== 'policy') return c.note;
  const quoted = c.quote ? `“${c.quote}”` : null;
  return [quoted, c.note].filter(Boolean).join(' — ') || null;
}

export function CitationTag({ cite }: { cite: Citation }) {
  const id = useId();
  const words = citationWords(cite);
  const { color, variant } = LOOK[cite.kind];
  return (
    <span
      className="citation"
      data-cite-kind={cite.kind}
      tabIndex={words ? 0 : undefined}
      aria-describedby={words ? id : undefined}
    >
      <Badge size="sm" radius="sm" tt="none" fw={500} color={color} variant={variant} maw={280}>
        {citationLabel(cite)}
      </Badge>
      {words ? (
        <span id={id} role="tooltip" className="citation-words">
          {words}
        </span>
      ) : null}
    </span>
  );
}
