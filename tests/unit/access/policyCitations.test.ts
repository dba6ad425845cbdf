import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  lawBreach,
  parsePolicyProfile,
  policyProfileSchema,
  profileProblem,
  type Citation,
} from '../../../main/core/access/policy';
import { loadProfiles } from '../../../main/services/access/profiles';
import { policySections, sectionsQuoting } from '../../support/policyTexts';
import { SHIPPED_PROFILES, shippedProfile, shippedProfileJson } from '../../support/profiles';

/** Every citation in a profile, with where it sits. */
function citations(node: unknown, path = ''): { path: string; cite: Citation }[] {
  if (Array.isArray(node)) return node.flatMap((x, i) => citations(x, `${path}.${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === 'cite' ? [{ path: path.slice(1), cite: v as Citation }] : citations(v, `${path}.${k}`),
  );
}

const ids = readdirSync(SHIPPED_PROFILES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('every citation says what the policy says', () => {
  for (const id of ids) {
    it(`${id}: each cited section is in the text and each quote is in the section it names`, () => {
      const p = shippedProfile(id);
      const list = [
        ...citations(p),
        ...p.notes.flatMap((n, i) => n.cites.map((cite) => ({ path: `notes.${i}`, cite }))),
      ];
      expect(list.length).toBeGreaterThan(20);
      const sections = new Set(policySections(id).map((s) => s.section.toUpperCase()));
      for (const { path, cite } of list) {
        if (cite.kind !== 'policy') continue;
        expect(sections, `${path}: § ${cite.section}`).toContain(cite.section.replace(/\(.*$/, '').toUpperCase());
        expect(
          sectionsQuoting(id, cite.section, cite.quote),
          `${path}: § ${cite.section} “${cite.quote}”`,
        ).not.toHaveLength(0);
      }
    });

    it(`${id}: values cite the policy's words, and every value the policy does not state says why`, () => {
      for (const { path, cite } of citations(shippedProfile(id))) {
        if (cite.kind === 'policy') expect(cite.quote, path).toBeTruthy();
        if (cite.kind === 'default') expect(cite.note.length, path).toBeGreaterThan(30);
        expect(cite.kind, path).not.toBe('agency');
      }
    });
  }

  it('a wrong quote is caught: the checker is not a formality', () => {
    expect(sectionsQuoting('los-altos-pd', '462.5', 'stored for a maximum of one year')).toHaveLength(1);
    expect(sectionsQuoting('los-altos-pd', '462.5', 'stored for a maximum of two years')).toHaveLength(0);
    expect(sectionsQuoting('los-altos-pd', '462.6', 'stored for a maximum of one year')).toHaveLength(0);
    // Struck-out words are not the policy's: Los Altos struck item (h), the designee.
    expect(sectionsQuoting('los-altos-pd', '462.3.1', 'The title and name of the current designee')).toHaveLength(0);
    expect(sectionsQuoting('modesto-pd', '462.3.1(e)', 'The title and name of the current designee')).toHaveLength(1);
  });
});

describe('the profile schema', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('refuses to load a profile with a value that has lost its citation, naming the file and the field', () => {
    const raw = shippedProfileJson('los-altos-pd') as { inquiry: Record<string, unknown> };
    delete raw.inquiry.cite;
    dir = mkdtempSync(join(tmpdir(), 'canvass-profiles-'));
    writeFileSync(join(dir, 'los-altos-pd.json'), JSON.stringify(raw));
    expect(() => loadProfiles(dir!)).toThrow(
      'The shipped policy profile los-altos-pd.json is invalid at inquiry.cite: Every value needs its citation: the policy section that states it, the law that imposes it, or a note that it is the product’s default.',
    );
  });

  it('refuses a citation of the wrong shape, and a default that does not say why', () => {
    const raw = shippedProfileJson('modesto-pd') as { purposes: { cite: unknown }[]; security: { cite: unknown } };
    raw.purposes[0]!.cite = { kind: 'policy' };
    const problem = (x: unknown) => {
      const r = policyProfileSchema.safeParse(x);
      return r.success ? null : profileProblem(r.error);
    };
    expect(problem(raw)).toMatch(/^purposes\.0\.cite\.section: /);
    const raw2 = shippedProfileJson('modesto-pd') as { security: { cite: unknown } };
    raw2.security.cite = { kind: 'default', note: '' };
    expect(problem(raw2)).toMatch(/^security\.cite\.note: /);
    expect(() => parsePolicyProfile(raw2)).toThrow();
  });

  it('refuses retention that contradicts itself, or leaves a data kind without a general rule', () => {
    const p = shippedProfileJson('modesto-pd') as { retention: Record<string, unknown>[] };
    p.retention[0]!.minimum = { years: 2 };
    expect(() => parsePolicyProfile(p)).toThrow(/The maximum is shorter than the minimum/);
    const q = shippedProfileJson('modesto-pd') as { retention: Record<string, unknown>[] };
    q.retention = q.retention.filter((r) => r.data !== 'hit');
    expect(() => parsePolicyProfile(q)).toThrow(/No retention rule for every hit/);
  });

  it('holds every shipped profile within the law’s bounds, and names the law when an edit would break them', () => {
    for (const id of ids) expect(lawBreach(shippedProfile(id)), id).toBeNull();
    const p = shippedProfile('hayward-pd');
    expect(
      lawBreach({
        ...p,
        sharing: { ...p.sharing, immigrationEnforcement: { ...p.sharing.immigrationEnforcement, prohibited: false } },
      }),
    ).toMatch(/Gov\. Code § 7284\.6/);
    const shortLog = p.retention.map((r) => (r.data === 'audit_log' ? { ...r, minimum: { months: 6 } } : r));
    expect(lawBreach({ ...p, retention: shortLog })).toMatch(/Gov\. Code § 34090/);
  });
});
