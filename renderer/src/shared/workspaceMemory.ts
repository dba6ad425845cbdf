/**
 * What the search screen keeps while the session is locked. The lock screen replaces the whole workspace (nothing
 * behind it stays in the page), so the search screen hands its work here when it unmounts and takes it back when
 * the same user unlocks. Memory only (never storage), one slot, and emptied whenever the app leaves the signed-in
 * workspace (sign-out, session ended, back to setup): another user must never see the previous user's results.
 */
export type KeptSearch<S> = { userId: number; state: S };

let kept: KeptSearch<unknown> | null = null;

/** The search screen unmounts (a lock, or a sign-out that `forgetWorkspace` then clears). */
export function keepSearch<S>(userId: number, state: S): void {
  kept = { userId, state };
}

/** The search screen mounts: its kept work if the same user left it, once. */
export function takeSearch<S>(userId: number): S | null {
  const k = kept;
  kept = null;
  return k && k.userId === userId ? (k.state as S) : null;
}

/** The app left the signed-in workspace: drop everything kept. */
export function forgetWorkspace(): void {
  kept = null;
}

/** For tests: whether anything is kept. */
export function hasKeptSearch(): boolean {
  return kept !== null;
}
