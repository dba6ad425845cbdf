import type { Designee, DesigneeArgs, PolicyInfo } from '../../../preload/contract';
import type { Json } from '../../core/shared/canonicalJson';
import { CanvassError } from '../../core/shared/errors';
import { localDate } from '../../core/shared/calendar';
import {
  citationText,
  lawBreach,
  policyProfileSchema,
  profileProblem,
  type Citation,
  type PolicyProfile,
} from '../../core/access/policy';
import { isLegacyProfile, upgradeProfile } from '../../core/access/profileUpgrade';
import { getAgency, storedProfileJson, updateProfile } from '../../store/repos/agency';
import { designeeOn, insertDesignee, listDesignees } from '../../store/repos/designees';
import { inTransaction, type ReadableDB, type WritableDB } from '../../store/db';
import { readKeyring, writeKeyring } from '../../store/keyring';
import { record } from '../audit';
import { withLockoutPolicy } from './auth';
import type { Context } from '../kernel/context';
import { profileOf, storeOf } from '../kernel/context';
import { loadProfiles } from './profiles';

export function info(ctx: Context): PolicyInfo {
  const db = storeOf(ctx);
  const agency = getAgency(db);
  if (!agency) throw new CanvassError('NOT_SET_UP', 'This workstation has no agency yet.');
  const designees = listDesignees(db);
  return {
    agencyName: agency.name,
    ori: agency.ori,
    profile: agency.profile,
    designee: currentDesignee(db, localDate(ctx.now(), agency.profile.timeZone)),
    designees,
  };
}

/**
 * The designee on `day` (the agency's local date), for every document that cites the policy: "the title and
 * name of the current designee in overseeing the ALPR operation". Null when none is recorded.
 */
export function currentDesignee(db: ReadableDB, day: string): Designee | null {
  return designeeOn(db, day);
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

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What identifies an element of a profile's lists across an edit: its id, or a retention rule's scope. */
function keyOf(v: unknown): string | null {
  if (!isNode(v)) return null;
  if (typeof v.id === 'string') return `id:${v.id}`;
  if (typeof v.data === 'string')
    return `rule:${String(v.data)}/${String(v.cameras ?? '*')}/${String(v.program ?? '*')}`;
  return null;
}

/**
 * A value the administrator changed no longer says what its citation says: where the citation came along
 * unchanged, it becomes the administrator's setting (who, when, and what the text said before).
 */
export function reciteChanges(before: unknown, after: unknown, setBy: string): void {
  if (Array.isArray(after)) {
    const earlier = Array.isArray(before) ? before : [];
    after.forEach((item, i) => {
      const key = keyOf(item);
      const match = key === null ? earlier[i] : earlier.find((e) => keyOf(e) === key);
      if (match !== undefined) reciteChanges(match, item, setBy);
    });
    return;
  }
  if (!isNode(after) || !isNode(before)) return;
  if ('cite' in after && 'cite' in before) {
    const { cite: was, ...oldValue } = before;
    const { cite: now, ...newValue } = after;
    if (!same(oldValue, newValue) && same(was, now)) {
      const prior = was as Citation;
      const said =
        prior.kind === 'agency'
          ? ''
          : ` Before, ${citationText(prior)}${prior.kind === 'policy' && prior.quote ? `: “${prior.quote.slice(0, 300)}”` : ''}.`;
      after.cite = { kind: 'agency', note: `Set by ${setBy}.${said}` } satisfies Citation;
    }
  }
  for (const [k, v] of Object.entries(after)) if (k !== 'cite') reciteChanges(before[k], v, setBy);
}

export function update(ctx: Context, next: PolicyProfile): PolicyInfo {
  const parsed = policyProfileSchema.safeParse(next);
  if (!parsed.success) {
    throw new CanvassError('INVALID_ARGUMENT', `The policy is not valid at ${profileProblem(parsed.error)}`);
  }
  const breach = lawBreach(parsed.data);
  if (breach) throw new CanvassError('INVALID_ARGUMENT', breach);
  const db = storeOf(ctx);
  const before = info(ctx).profile;
  const profile = structuredClone(parsed.data);
  const today = localDate(ctx.now(), profile.timeZone);
  reciteChanges(before, profile, `${ctx.session!.fullName} (${ctx.session!.username}) on ${today}`);
  const changes = diff(before, profile);
  if (changes.length === 0) return info(ctx);
  inTransaction(db, () => {
    updateProfile(db, profile, ctx.nowIso());
    record(ctx, db, 'policy.update', 'ok', { profile: profile.id, changes });
  });
  ctx.profile = profile;
  writeKeyring(ctx.keyringPath, withLockoutPolicy(readKeyring(ctx.keyringPath), profile));
  return info(ctx);
}

/** Records who oversees the ALPR operation from `since` on; the change is in the access log with who it replaced. */
export function setDesignee(ctx: Context, args: DesigneeArgs): PolicyInfo {
  const db = storeOf(ctx);
  const profile = profileOf(ctx);
  const today = localDate(ctx.now(), profile.timeZone);
  if (args.since > today) {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      'A designee is recorded from a day that has come: the date cannot be in the future.',
    );
  }
  const replaced = currentDesignee(db, today);
  inTransaction(db, () => {
    const id = insertDesignee(db, { ...args, recordedBy: ctx.session!.userId }, ctx.nowIso());
    record(ctx, db, 'policy.designee', 'ok', {
      designeeId: id,
      title: args.title,
      name: args.name,
      since: args.since,
      replaced: replaced ? { title: replaced.title, name: replaced.name, since: replaced.since } : null,
    });
  });
  return info(ctx);
}

/**
 * Brings a profile stored before citations up to the current schema (core/access/profileUpgrade.ts), once, in
 * one transaction with its access-log record. Runs when the store opens, before anything reads the profile.
 */
export function upgradeStoredProfile(ctx: Context, db: WritableDB): void {
  const stored = storedProfileJson(db);
  if (!isLegacyProfile(stored)) return;
  const today = localDate(ctx.now(), stored.timeZone ?? 'America/Los_Angeles');
  let upgraded: ReturnType<typeof upgradeProfile>;
  try {
    upgraded = upgradeProfile(stored, loadProfiles(ctx.profilesDir), today);
  } catch (err) {
    throw new CanvassError('STORE_CORRUPT', (err as Error).message);
  }
  inTransaction(db, () => {
    updateProfile(db, upgraded.profile, ctx.nowIso());
    record(
      ctx,
      db,
      'policy.upgrade',
      'ok',
      {
        profile: upgraded.profile.id,
        fromSchema: 1,
        toSchema: upgraded.profile.schemaVersion,
        kept: upgraded.kept,
        replacedRetention: upgraded.replacedRetention,
      },
      { username: null },
    );
  });
}
