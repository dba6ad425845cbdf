/** The agency directory (docs/releases.md): who may ask, what kind of agency each is, and its agreement. */
import type { AgencyArgs, DirectoryAgency } from '../../../preload/contract';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { getAgencyEntry, listAgencies, saveAgencyEntry } from '../../store/repos/releases';
import { record } from '../audit';
import { storeOf, type Context } from '../kernel/context';

export function agencies(ctx: Context): DirectoryAgency[] {
  return listAgencies(storeOf(ctx));
}

export function saveAgency(ctx: Context, a: AgencyArgs): DirectoryAgency {
  const db = storeOf(ctx);
  if (a.id !== null && !getAgencyEntry(db, a.id))
    throw new CanvassError('NOT_FOUND', `No agency ${a.id} in the directory.`);
  if (a.agreement.expires && !a.agreement.onFile)
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'An expiry date belongs to an agreement on file: tick “on file” or clear the date.',
    );
  const entry = { ...a, state: a.state.toUpperCase() };
  const id = inTransaction(db, () => {
    const saved = saveAgencyEntry(db, entry, ctx.session!.username, ctx.nowIso());
    record(ctx, db, 'releases.saveAgency', 'ok', {
      id: saved,
      name: a.name,
      ori: a.ori,
      kind: a.kind,
      state: entry.state,
      agreement: a.agreement.onFile ? (a.agreement.expires ?? 'on file') : 'none',
      change: a.id === null ? 'added' : 'updated',
    });
    return saved;
  });
  return getAgencyEntry(db, id)!;
}
