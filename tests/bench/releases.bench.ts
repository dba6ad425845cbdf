/**
 * Release figures (issue 19), on a workstation whose store holds 6,000 seeded detections (tests/support):
 *
 * - releases.packet_5000.seconds: `releases.fulfil` of an approved request whose scope (an area and a window)
 *   covers exactly 5,000 detections: screened again, read from the store, the CSV and release record, the packet
 *   PDF rendered on the document worker, the bag written, fsynced, read back and verified, the release recorded.
 *   Target under 10 s (the baseline column). `packet_50.seconds`, measured in the same run, is the same path for 50
 *   detections: what does not grow with the release.
 * - releases.screen.ms: screening one request in the core (the rules and the immigration test), median of 2,000;
 *   releases.screen_call.ms: `releases.screen` through the Api (the directory read, the screening kept on file,
 *   the access-log record), median of 50. Target under 50 ms.
 *
 *   npm run bench -- releases
 */
import { screenRequest } from '../../main/core/releases/screen';
import type { ReleaseRequestDraft } from '../../main/core/releases/request';
import { shippedProfile } from '../support/profiles';
import { CERTIFICATION, REQUESTER, SHERIFF_ENTRY, THEIR_CASE } from '../support/releaseRequest';
import { COMMANDER, CUSTODIAN, releaseWorkstation, requestArgs, SHERIFF } from '../integration/releases/fixture';
import { emit, round, wanted } from './report';

const START = Date.parse('2026-11-21T23:40:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(filter: string | undefined): Promise<void> {
  if (!wanted(filter, 'releases')) return;
  if (wanted(filter, 'releases.screen')) screenFigure();
  if (!wanted(filter, 'releases.packet') && !wanted(filter, 'releases.screen_call')) return;

  const f = await releaseWorkstation('los-altos-pd', 6000);
  try {
    const pdf = await f.pdf();
    await f.as(CUSTODIAN);
    const sheriff = await f.ws.call('releases.saveAgency', SHERIFF);
    // detectionBatch: detection i is seen at START + i s, around two cameras a few km apart.
    const area = { kind: 'radius' as const, lat: 37.38, lon: -122.1, radiusM: 20_000 };
    const approved = async (count: number) => {
      await f.as(CUSTODIAN);
      const r = await f.ws.call(
        'releases.record',
        requestArgs(sheriff.id, pdf, {
          scope: { kind: 'area', area, from: iso(START + 1000), to: iso(START + count * 1000) },
        }),
      );
      await f.as(COMMANDER);
      await f.ws.call('releases.decide', { id: r.id, decision: 'approve', note: 'Approved for the bench' });
      return r.id;
    };
    const fulfil = async (id: number, expected: number) => {
      await f.as(CUSTODIAN, true);
      const t0 = performance.now();
      const done = await f.ws.call('releases.fulfil', { id, folder: f.dir });
      const s = (performance.now() - t0) / 1000;
      if (done.detections !== expected) throw new Error(`released ${done.detections}, not ${expected}`);
      return s;
    };
    if (wanted(filter, 'releases.packet')) {
      const small = await fulfil(await approved(50), 50);
      const big = await fulfil(await approved(5000), 5000);
      emit({ name: 'releases.packet_5000.seconds', value: round(big), unit: 's', baseline: 10, note: 'target < 10 s' });
      emit({
        name: 'releases.packet_50.seconds',
        value: round(small),
        unit: 's',
        baseline: null,
        note: 'same path, 50 detections, same run',
      });
    }
    if (wanted(filter, 'releases.screen_call')) {
      await f.as(CUSTODIAN);
      const r = await f.ws.call('releases.record', requestArgs(sheriff.id, pdf));
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        await f.ws.call('releases.screen', { id: r.id });
        times.push(performance.now() - t0);
      }
      emit({
        name: 'releases.screen_call.ms',
        value: round(median(times)),
        unit: 'ms',
        baseline: 50,
        note: 'median of 50; target < 50 ms',
      });
    }
  } finally {
    f.ws.dispose();
  }
}

function screenFigure(): void {
  const profile = shippedProfile('los-altos-pd');
  const draft: ReleaseRequestDraft = {
    agency: SHERIFF_ENTRY,
    requester: REQUESTER,
    purpose: 'Armed robbery series on El Camino Real: the suspect vehicles’ movements over the last two weeks, '.repeat(
      8,
    ),
    theirCaseNumber: THEIR_CASE,
    legalBasis: 'request',
    scope: { kind: 'plates', plates: ['8ABC123'], from: '2026-11-01T00:00:00Z', to: '2026-11-20T00:00:00Z' },
    attachment: { name: 'request.pdf', mime: 'application/pdf', sha256: 'a'.repeat(64), byteLength: 1000 },
    certification: CERTIFICATION,
  };
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    screenRequest(draft, profile, '2026-11-22');
    times.push(performance.now() - t0);
  }
  emit({
    name: 'releases.screen.ms',
    value: round(median(times), 3),
    unit: 'ms',
    baseline: 50,
    note: 'median of 2,000; target < 50 ms',
  });
}
