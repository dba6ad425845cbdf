import { VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A plate for the ear: one character at a time ("7 A B C 1 2 3"), so a screen reader does not read "7ABC123" as
 * a word or a number, and zero is told from the letter O.
 */
export function spellPlate(plate: string): string {
  return [...plate].map((c) => (c === '0' ? 'zero' : c === 'O' ? 'letter O' : c)).join(' ');
}

/**
 * A plate shown big: the eye sees the characters as drawn (`children`, marked or not), a screen reader hears
 * "plate" and the characters one by one. (An aria-label would not do: it is prohibited on a plain span.)
 */
export function SpokenPlate({ plate, children }: { plate: string; children?: ReactNode }) {
  return (
    <>
      <span aria-hidden="true">{children ?? plate}</span>
      <VisuallyHidden>{`plate ${spellPlate(plate)}`}</VisuallyHidden>
    </>
  );
}
