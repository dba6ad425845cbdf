import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chainVerifier,
  GENESIS_HASH,
  linkMaterial,
  makeLink,
  verifyStoredChain,
  verifyChain,
  type AuditRecord,
  type ChainLink,
} from '../../../main/core/audit/chain';
import { canonicalJson } from '../../../main/core/shared/canonicalJson';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A realistic day of access: sign-ins, a purpose, searches and views, in order. */
function records(n: number): AuditRecord[] {
  const actions = ['auth.login', 'purposes.open', 'detections.search', 'detections.view', 'auth.logout'];
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.parse('2026-11-22T09:00:00Z') + i * 61_000).toISOString(),
    action: actions[i % actions.length]!,
    outcome: 'ok' as const,
    username: i % 3 === 0 ? 'det.chen' : 'admin.rivera',
    agency: 'Los Altos Police Department',
    purpose:
      i % 5 >= 2
        ? {
            id: 1,
            numberKind: 'case',
            number: '26-004512',
            purposeId: 'canvass_major_crime',
            purposeLabel: 'Canvass after a major crime',
            description: 'Shooting at El Camino Real',
          }
        : null,
    data: (i % 5 === 2
      ? { query: { plate: `7ABC${100 + i}` }, resultCount: i }
      : { detectionIds: [i] }) as AuditRecord['data'],
    workstation: 'test-ws',
  }));
}

function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (const [i, r] of records(n).entries()) {
    const link = makeLink(sha256, prev, i + 1, r);
    links.push(link);
    prev = link.hash;
  }
  return links;
}

/** What a forger who knows the algorithm (and holds the key) would write: a link with a correct hash of its own. */
function forge(prevHash: string, seq: number, record: AuditRecord): ChainLink {
  return makeLink(sha256, prevHash, seq, record);
}

function renumber(link: ChainLink, seq: number): ChainLink {
  return { ...link, seq };
}

const bodyOf = (link: ChainLink) => JSON.parse(link.body) as AuditRecord;

describe('the access-log hash chain', () => {
  it('hashes SHA-256(prevHash + "\\n" + seq + "\\n" + canonical JSON of the record), starting from 64 zeros', () => {
    const [first, second] = chain(2);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(first!.body).toBe(canonicalJson(records(1)[0]));
    expect(first!.hash).toBe(sha256(`${'0'.repeat(64)}\n1\n${first!.body}`));
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.hash).toBe(sha256(linkMaterial(first!.hash, 2, second!.body)));
  });

  it('verifies a sound chain and reports its length and head', () => {
    const links = chain(25);
    expect(verifyChain(links, sha256)).toEqual({ ok: true, count: 25, headSeq: 25, headHash: links[24]!.hash });
  });

  it('verifies an empty log with the genesis hash as its head', () => {
    expect(verifyChain([], sha256)).toEqual({ ok: true, count: 0, headSeq: 0, headHash: GENESIS_HASH });
  });

  it('names a record whose content was altered', () => {
    const links = chain(12);
    const r = bodyOf(links[6]!);
    links[6] = { ...links[6]!, body: canonicalJson({ ...r, username: 'someone.else' }) };
    const v = verifyChain(links, sha256);
    expect(v).toMatchObject({ ok: false, count: 6, problem: { kind: 'altered', seq: 7 } });
    if (!v.ok) expect(v.problem.message).toBe('Record 7 was altered: its content does not match its hash.');
  });

  it('names the last record when it is the one altered', () => {
    const links = chain(5);
    links[4] = { ...links[4]!, body: links[4]!.body.replace('auth.logout', 'auth.login') };
    expect(verifyChain(links, sha256)).toMatchObject({ ok: false, count: 4, problem: { kind: 'altered', seq: 5 } });
  });

  it('catches a record altered and re-hashed by someone who knows the algorithm: the next one no longer follows it', () => {
    const links = chain(12);
    const r = bodyOf(links[6]!);
    links[6] = forge(links[5]!.hash, 7, { ...r, data: { detectionIds: [999] } });
    const v = verifyChain(links, sha256);
    expect(v).toMatchObject({ ok: false, problem: { kind: 'broken', seq: 8 } });
    if (!v.ok) expect(v.problem.message).toMatch(/Record 8 does not follow record 7: record 7 was replaced/);
  });

  it('names a removed record, and a removed run of records', () => {
    const one = chain(12);
    one.splice(4, 1);
    const v1 = verifyChain(one, sha256);
    expect(v1).toMatchObject({ ok: false, count: 4, problem: { kind: 'removed', seq: 5 } });
    if (!v1.ok) expect(v1.problem.message).toBe('Record 5 was removed (the log jumps from 4 to 6).');

    const three = chain(12);
    three.splice(4, 3);
    const v3 = verifyChain(three, sha256);
    expect(v3).toMatchObject({ ok: false, problem: { kind: 'removed', seq: 5 } });
    if (!v3.ok) expect(v3.problem.message).toBe('Records 5–7 were removed (the log jumps from 4 to 8).');
  });

  it('names a removed record even when the records after it were renumbered to close the gap', () => {
    const links = chain(12);
    links.splice(4, 1);
    const shifted = links.map((l, i) => (i >= 4 ? renumber(l, l.seq - 1) : l));
    const v = verifyChain(shifted, sha256);
    expect(v).toMatchObject({ ok: false, count: 4, problem: { kind: 'removed', seq: 5 } });
    if (!v.ok) expect(v.problem.message).toMatch(/Record 5 was removed and the records after it were renumbered/);
  });

  it('names a forged record inserted with a correct hash of its own, the records after it renumbered', () => {
    const links = chain(12);
    const forged = forge(links[4]!.hash, 6, {
      ...bodyOf(links[4]!),
      action: 'detections.search',
      data: { note: 'backfilled' },
    });
    const tampered = [...links.slice(0, 5), forged, ...links.slice(5).map((l) => renumber(l, l.seq + 1))];
    const v = verifyChain(tampered, sha256);
    expect(v).toMatchObject({ ok: false, count: 5, problem: { kind: 'inserted', seq: 6 } });
    if (!v.ok)
      expect(v.problem.message).toBe(
        'A record was inserted at 6: the record after it is the real record 6 and follows record 5 directly.',
      );
  });

  it('names a line inserted into an export, whether its hash is forged well or badly', () => {
    const links = chain(12);
    const copy = { ...links[3]!, body: links[3]!.body.replace('det.chen', 'admin.rivera') };
    expect(verifyChain([...links.slice(0, 8), copy, ...links.slice(8)], sha256)).toMatchObject({
      ok: false,
      count: 8,
      problem: { kind: 'inserted', seq: 9 },
    });
    // An exact duplicate of an earlier line.
    expect(verifyChain([...links.slice(0, 8), links[7]!, ...links.slice(8)], sha256)).toMatchObject({
      ok: false,
      problem: { kind: 'inserted', seq: 9 },
    });
    // At the very start of the log.
    const atStart = [
      forge(GENESIS_HASH, 1, { ...bodyOf(links[0]!), username: 'admin.rivera', data: { note: 'backdated' } }),
      ...links,
    ];
    expect(verifyChain(atStart, sha256)).toMatchObject({ ok: false, count: 0, problem: { kind: 'inserted', seq: 1 } });
  });

  it('names two records that were swapped, as lines of an export or as rows that kept their numbers', () => {
    const links = chain(12);
    const lines = [...links];
    [lines[5], lines[6]] = [lines[6]!, lines[5]!];
    const v = verifyChain(lines, sha256);
    expect(v).toMatchObject({ ok: false, count: 5, problem: { kind: 'reordered', seq: 6 } });
    if (!v.ok) expect(v.problem.message).toBe('Records 6 and 7 were swapped: record 7 comes before record 6.');

    const rows = [...links];
    rows[5] = renumber(links[6]!, 6);
    rows[6] = renumber(links[5]!, 7);
    expect(verifyChain(rows, sha256)).toMatchObject({ ok: false, count: 5, problem: { kind: 'reordered', seq: 6 } });
  });

  it('catches a broken back-link: edited alone it breaks the record’s hash, re-hashed it breaks the chain', () => {
    const links = chain(12);
    const edited = [...links];
    edited[8] = { ...links[8]!, prevHash: links[6]!.hash };
    expect(verifyChain(edited, sha256)).toMatchObject({ ok: false, count: 8, problem: { kind: 'altered', seq: 9 } });

    const relinked = [...links];
    relinked[8] = forge('f'.repeat(64), 9, bodyOf(links[8]!));
    const v = verifyChain(relinked, sha256);
    expect(v).toMatchObject({ ok: false, count: 8, problem: { kind: 'broken', seq: 9 } });
    if (!v.ok) expect(v.problem.message).toMatch(/Record 9 does not follow record 8/);
  });

  it('refuses a log whose first record does not start from the genesis hash', () => {
    const links = chain(3);
    links[0] = forge('a'.repeat(64), 1, bodyOf(links[0]!));
    expect(verifyChain(links, sha256)).toMatchObject({ ok: false, count: 0, problem: { kind: 'broken', seq: 1 } });
  });

  it('reports a link its reader found unreadable as altered, with the reader’s words', () => {
    const links = chain(4);
    const v = chainVerifier(sha256);
    v.push(links[0]!);
    v.push(links[1]!, 'line 3 is not a readable log record');
    v.push(links[2]!);
    v.push(links[3]!);
    expect(v.finish()).toMatchObject({
      ok: false,
      count: 1,
      problem: { kind: 'altered', seq: 2, message: 'Record 2 was altered: line 3 is not a readable log record.' },
    });
  });

  it('verifies a stream link by link in constant memory and stops at the first problem', () => {
    const links = chain(2_000);
    const v = chainVerifier(sha256);
    for (const link of links) v.push(link);
    expect(v.finish()).toEqual(verifyChain(links, sha256));

    const damaged = chainVerifier(sha256);
    let fed = 0;
    for (const link of links.map((l) => (l.seq === 100 ? { ...l, hash: '0'.repeat(64) } : l))) {
      damaged.push(link);
      fed++;
      if (damaged.failed) break;
    }
    expect(fed).toBe(101); // one link of lookahead
    expect(damaged.finish()).toMatchObject({ ok: false, count: 99, problem: { kind: 'altered', seq: 100 } });
  });

  describe('the fast verifier of stored links', () => {
    /** As a store reads them: material rows in pages of 7, and the links stored after a seq for the rest. */
    const viaRows = (links: ChainLink[], start = { seq: 0, hash: GENESIS_HASH }) => {
      const rows = links.map((l) => [l.seq, l.prevHash, l.hash, linkMaterial(l.prevHash, l.seq, l.body)] as const);
      const pages = Array.from({ length: Math.ceil(rows.length / 7) }, (_, i) => rows.slice(i * 7, i * 7 + 7));
      // A store yields the links stored after a seq (its rows are in seq order, one per seq).
      return verifyStoredChain(sha256, start, pages, (last) => links.filter((l) => l.seq > last.seq));
    };
    const viaLinks = (links: ChainLink[], start?: { seq: number; hash: string }) => {
      const v = chainVerifier(sha256, start);
      for (const l of links) {
        v.push(l);
        if (v.failed) break;
      }
      return v.finish();
    };

    it('gives the full verifier’s verdict on a sound log, an empty one and a range started mid-log', () => {
      const links = chain(50);
      expect(viaRows(links)).toEqual(verifyChain(links, sha256));
      expect(viaRows([])).toEqual(verifyChain([], sha256));
      const start = { seq: 20, hash: links[19]!.hash };
      expect(viaRows(links.slice(20), start)).toEqual(viaLinks(links.slice(20), start));
    });

    it('gives the full verifier’s verdict, word for word, on every kind of tampering, wherever it is', () => {
      // Seeded, so a failure can be replayed: every mutation the tests above name, at random places.
      let seed = 24;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      const mutations: ((l: ChainLink[]) => ChainLink[])[] = [
        (l) => {
          const i = rnd(l.length);
          l[i] = { ...l[i]!, body: l[i]!.body.replace('"ok"', '"denied"') };
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l.splice(i, 1 + rnd(3));
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l.splice(i, 1);
          return l.map((x, j) => (j >= i ? renumber(x, x.seq - 1) : x));
        },
        (l) => {
          const i = 1 + rnd(l.length - 1);
          const f = forge(l[i - 1]!.hash, i + 1, { ...bodyOf(l[i - 1]!), data: { note: 'x' } });
          return [...l.slice(0, i), f, ...l.slice(i).map((x) => renumber(x, x.seq + 1))];
        },
        (l) => {
          const i = rnd(l.length);
          return [...l.slice(0, i + 1), l[i]!, ...l.slice(i + 1)];
        },
        (l) => {
          const i = rnd(l.length - 1);
          [l[i], l[i + 1]] = [l[i + 1]!, l[i]!];
          return l;
        },
        (l) => {
          const i = rnd(l.length - 1);
          const a = l[i]!;
          l[i] = renumber(l[i + 1]!, a.seq);
          l[i + 1] = renumber(a, a.seq + 1);
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l[i] = { ...l[i]!, prevHash: l[rnd(l.length)]!.hash };
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l[i] = forge(i === 0 ? GENESIS_HASH : l[i - 1]!.hash, i + 1, { ...bodyOf(l[i]!), data: { note: 'y' } });
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l[i] = forge('f'.repeat(64), l[i]!.seq, bodyOf(l[i]!));
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l[i] = { ...l[i]!, hash: '0'.repeat(64) };
          return l;
        },
        (l) => {
          const i = rnd(l.length);
          l[i] = renumber(l[i]!, l[i]!.seq + 2);
          return l;
        },
        (l) => [forge(GENESIS_HASH, 1, { ...bodyOf(l[0]!), data: { note: 'z' } }), ...l],
      ];
      let failures = 0;
      for (let round = 0; round < 600; round++) {
        let links = chain(30);
        const times = 1 + rnd(2);
        for (let k = 0; k < times; k++) links = mutations[rnd(mutations.length)]!(links);
        // What a store can hold of it: one row per seq, in seq order (its primary key).
        links = [...new Map([...links].reverse().map((l) => [l.seq, l])).values()].sort((a, b) => a.seq - b.seq);
        const expected = verifyChain(links, sha256);
        if (!expected.ok) failures++;
        expect(viaRows(links)).toEqual(expected);
        // And as the second range of a split log, started from the stored link before it.
        const cut = 1 + rnd(links.length - 1);
        const start = { seq: links[cut - 1]!.seq, hash: links[cut - 1]!.hash };
        expect(viaRows(links.slice(cut), start)).toEqual(viaLinks(links.slice(cut), start));
      }
      expect(failures).toBeGreaterThan(450);
    });
  });
});
