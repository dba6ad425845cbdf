import { CanvassError } from '../../core/shared/errors';

/** A password rule an administrator can explain: long enough, not the username, not one repeated character. */
export function checkPassword(password: string, username: string, minLength: number): void {
  if (password.length < minLength) {
    throw new CanvassError('INVALID_ARGUMENT', `A password needs at least ${minLength} characters.`);
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw new CanvassError('INVALID_ARGUMENT', 'A password must not contain the username.');
  }
  if (new Set(password).size < 4) {
    throw new CanvassError('INVALID_ARGUMENT', 'That password is too easy to guess; use more varied characters.');
  }
}
