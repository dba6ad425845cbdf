import type { PolicyInfo } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import { CanvassError } from '../../core/shared/errors';
import { policyProfileSchema, type PolicyProfile } from '../../core/access/policy';
import { getAgency, updateProfile } from '../../store/repos/agency';
import { inTransaction } from '../../store/db';
import { readKeyring, writeKeyring } from '../../store/keyring';
import { record } from '../audit';
import { withLockoutPolicy } from './auth';
import type { Context } from '../kernel/context';
import { storeOf } from '../kernel/context';

export function info(ctx: Context): PolicyInfo {
  const agency = getAgency(storeOf(ctx));
  if (!agency) throw new CanvassError('NOT_SET_UP', 'This workstation has no agency yet.');
  return { agencyName: agency.name, ori: agency.ori, profile: agency.profile };
}

/** Leaf-by-leaf differences, so the audit record says exactly what the administrator changed. */
export function diff(before: unknown, after: unknown, path = ''): { path: string; from: Json; to: Json }[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    return [...new Set([...Object.keys(b), ...Object.keys(a)])]
      .sort()
      .flatMap((k) => diff(b[k], a[k], path ? `${path}.${k}` : k));
  }
  return [{ path, from: (before ?? null) as Json, to: (after ?? null) as Json }];
}

export function update(ctx: Context, next: PolicyProfile): PolicyInfo {
  const parsed = policyProfileSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CanvassError('INVALID_ARGUMENT', `The policy is not valid at ${issue.path.join('.')}: ${issue.message}`);
  }
  const db = storeOf(ctx);
  const before = info(ctx).profile;
  const changes = diff(before, parsed.data);
  if (changes.length === 0) return info(ctx);
  inTransaction(db, () => {
    updateProfile(db, parsed.data, ctx.nowIso());
    record(ctx, db, 'policy.update', 'ok', { profile: parsed.data.id, changes });
  });
  ctx.profile = parsed.data;
  writeKeyring(ctx.keyringPath, withLockoutPolicy(readKeyring(ctx.keyringPath), parsed.data));
  return info(ctx);
}
