import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogStore, type AuditLogStore } from '../../support/auditLogStore';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { screen, type Inquiry, type ScreeningRules } from '../../../main/core/audit/screening';
import { inquiryFromRecord } from '../../../main/core/audit/inquiries';
import { iterateAudit } from '../../../main/store/repos/audit';
import {
  FLAGGED_SHOWN,
  joinStretches,
  screenInWorker,
  screenPeriod,
  screenStretch,
  stretchesFor,
  type ScreenRequest,
} from '../../../main/services/audit/screenPeriod';
import { packStretch, unpackStretch } from '../../../main/services/audit/screenWire';
import type { WritableDB } from '../../../main/store/db';
import { shippedProfile } from '../../support/profiles';
import { searchRecord } from '../../bench/records';

const RECORDS = 3_000;
const START = Date.parse('2026-05-01T07:00:00Z');
const profile = shippedProfile('los-altos-pd');
const rules: ScreeningRules = {
  inquiry: profile.inquiry,
  purposes: profile.purposes,
  timeZone: profile.timeZone,
  training: { validity: profile.training.validity.period, requiredTopics: profile.training.topics.required },
};

/** A log with every flag screening gives, plates searched again under other purposes across the whole log. */
function record(i: number): AuditRecord {
  const p = (i * 7919) % 60;
  const [number, description] =
    p < 40
      ? [`26-${String(p).padStart(6, '0')}`, `Burglary ${p} on Main St, blue van`]
      : [null, ['investigation', 'bolo', 'protest at city hall'][p % 3]!];
  const plate = `7ABC${String(i % 4 === 0 ? (i * 31) % 97 : p * 10 + (i % 10)).padStart(3, '0')}`;
  const at = new Date(START + i * 60_000).toISOString();
  const r = searchRecord(i, [i], plate);
  return {
    ...r,
    at,
    action: i % 9 === 0 ? 'detections.view' : i % 13 === 0 ? 'search.commonVehicles' : 'detections.search',
    outcome: i % 17 === 0 ? 'denied' : 'ok',
    username: i % 50 === 0 ? 'det.gone' : i % 3 === 0 ? 'off.lee' : 'det.chen',
    purpose: { ...r.purpose!, id: p, numberKind: number ? 'case' : null, number, description },
    data: {
      ...r.data,
      query: { plate, from: new Date(START + i * 60_000 - (i % 40) * 86_400_000).toISOString(), to: at },
    },
  };
}

describe('screening a long log in stretches on two threads', () => {
  let path: string;
  let key: Buffer;
  let db: WritableDB;
  const request = (): ScreenRequest => {
    const k = new ArrayBuffer(key.length);
    new Uint8Array(k).set(key);
    return {
      storePath: path,
      key: k,
      local: 'ws-1',
      importId: null,
      // Not the whole log: records on either side of the period are left out by every stretch.
      fromIso: new Date(START + 100 * 60_000).toISOString(),
      toIso: new Date(START + (RECORDS - 100) * 60_000).toISOString(),
      rules,
      accounts: [
        [
          'det.chen',
          {
            username: 'det.chen',
            disabledAt: null,
            courses: [{ completedOn: '2026-01-10', topics: rules.training.requiredTopics.map((t) => t.id) }],
          },
        ],
        ['off.lee', { username: 'off.lee', disabledAt: new Date(START + 2_000 * 60_000).toISOString(), courses: [] }],
      ],
      seed: 'a'.repeat(64),
      size: 25,
    };
  };

  let log: AuditLogStore;
  beforeAll(() => {
    log = auditLogStore(RECORDS, record);
    ({ path, key, db } = log);
  });
  afterAll(() => log.dispose());

  it('gives what one pass gives, wherever the log is cut and however many stretches (each crossing threads)', () => {
    const whole = screenPeriod(db, request());
    // The log really exercises the join: flags of every kind, repeats that span the cut, a sample.
    expect(whole.population).toBeGreaterThan(1_500);
    for (const kind of ['untied_reason', 'untrained', 'repeated_plate', 'sensitive_words', 'account'] as const)
      expect(whole.byKind[kind]).toBeGreaterThan(0);
    expect(whole.sample).toHaveLength(25);
    for (const threads of [2, 3, 7]) {
      const req = request();
      const stretches = stretchesFor(db, req, threads, 1);
      expect(stretches).toHaveLength(threads);
      // structuredClone: what postMessage does to a stretch on its way to the joining thread.
      const parts = stretches.map((s) => unpackStretch(structuredClone(packStretch(screenStretch(db, req, s)))));
      expect(joinStretches(db, req, parts)).toEqual(whole);
    }
  });

  it('reads back the first inquiries a repeated plate points at, screened as the one pass in memory screens them', () => {
    const req = request();
    const inPeriod: Inquiry[] = [];
    for (const link of iterateAudit(db)) {
      const q = inquiryFromRecord(req.local, link.seq, JSON.parse(link.body) as AuditRecord);
      if (q && q.at >= req.fromIso && q.at < req.toIso) inPeriod.push(q);
    }
    const reference = screen(inPeriod, req.rules, new Map(req.accounts));
    const whole = screenPeriod(db, req);
    // Some inquiries are flagged only for the repeat: screening let go of them and read them again.
    const onlyRepeated = reference.flagged.filter((s) => s.flags.every((f) => f.kind === 'repeated_plate'));
    expect(onlyRepeated.length).toBeGreaterThan(0);
    expect(whole.byKind).toEqual(reference.byKind);
    expect(whole.byUser).toEqual(reference.byUser);
    expect(whole.flaggedCount).toBe(reference.flagged.length);
    expect(whole.flagged).toEqual(reference.flagged.slice(0, FLAGGED_SHOWN));
  });

  it('gives the same reply through two auditScreen workers as through one', async () => {
    const one = await screenInWorker(request(), db, { threads: 1 });
    const two = await screenInWorker(request(), db, { threads: 2, splitFrom: 1 });
    expect(two).toEqual(one);
    expect(one).toEqual(screenPeriod(db, request()));
  });

  it('keeps the one-pass path below the threshold and for an import', () => {
    expect(stretchesFor(db, request(), 2)).toHaveLength(1);
    expect(stretchesFor(db, { ...request(), importId: 3 }, 2, 1)).toHaveLength(1);
  });
});
