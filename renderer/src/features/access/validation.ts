import { agencyToday } from '../../ui/format';

export function validateUsername(v: string): string | null {
  const s = v.trim();
  if (!s) return 'Enter a username';
  if (!/^[A-Za-z][A-Za-z0-9._-]{2,31}$/.test(s)) {
    return 'Usernames are 3–32 letters, digits, dots, dashes or underscores, starting with a letter';
  }
  return null;
}

export function validateNewPassword(v: string, min: number): string | null {
  if (!v) return 'Choose a password';
  if (v.length < min) return `Passwords must be at least ${min} characters (this one has ${v.length})`;
  return null;
}

export function validatePasswordConfirmation(v: string, password: string): string | null {
  if (!v) return 'Type the password again';
  return v === password ? null : 'The two passwords do not match';
}

/** A training completion date typed for an agency in `timeZone` (its local dates, as main checks them). */
export function validateTrainingDate(v: string, timeZone: string): string | null {
  if (!v) return 'Enter the date the course was completed';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'Use a date like 2026-01-31';
  if (v > agencyToday(timeZone)) return 'The completion date cannot be in the future';
  return null;
}
