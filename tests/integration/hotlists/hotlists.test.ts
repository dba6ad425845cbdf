import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryFieldsArgs, HitDetail, HitsArrived } from '../../../preload/contract';
import type { HitData, HotlistChangeData, HotlistEntryData } from '../../../main/core/sync/protocol';
import { getRecord, listRecords } from '../../agency/server/store';
import { startTestAgency, type TestAgency } from '../../agency/testing';
import { agencyDay } from '../../support/agencyDay';
import { syncFromAgency, waitForSync } from '../../support/agencyWorkstation';
import { testClock, workstation, type Workstation } from '../../support/workstation';

/**
 * Hot lists and hits against the real reference agency server on loopback: entries entered, approved and
 * pulled back; retro-hits; a stolen car's hit walked to Confirmed; the generator's misread hit (Green v. City and
 * County of San Francisco) rejected; a stale list's hit; skipped states and missing roles refused; updates
 * approved by the entering member's supervisor; two workstations moving the same hit.
 */
describe('hot lists and hits with the agency server', () => {
  let ag: TestAgency;
  let ws: Workstation;
  const password = (u: string) => ag.dataset.users.find((x) => x.data.username === u)!.password;

  async function signIn(w: Workstation, username: string): Promise<void> {
    await w.call('auth.logout').catch(() => undefined);
    await w.call('auth.login', { username, password: password(username) });
    await w.call('purposes.open', {
      numberKind: 'case',
      number: '26-04417',
      purposeId: 'stolen_wanted_vehicle',
      description: 'Hot-list entries and hits of the burglary series and stolen vehicles',
    });
  }

  async function sync(w: Workstation, username: string): Promise<void> {
    await w.call('sync.start', { password: password(username) });
    await waitForSync(w);
    // A refreshed list's retro-hit check runs on its worker after the sync.
    for (let s = await w.call('hotlists.retroStatus'); s; s = await w.call('hotlists.retroStatus'))
      await new Promise((r) => setTimeout(r, 50));
  }

  const hitOf = async (w: Workstation, detectionId: number): Promise<HitDetail> => {
    const { hits } = await w.call('hits.forDetection', { detectionId });
    expect(hits, `a hit for detection ${detectionId}`).toHaveLength(1);
    return w.call('hits.get', { hitId: hits[0]!.id });
  };

  const van = (): EntryFieldsArgs => ({
    plate: ag.dataset.truth.retro.vehicle.plate,
    state: 'CA',
    make: 'Subaru',
    model: 'Outback',
    color: 'green',
    body: 'wagon',
    reason: 'Vehicle of interest: catalytic converter thefts',
    caseNumber: '26-06120',
    synopsis: 'Green Subaru wagon seen leaving two catalytic converter thefts on Hillsdale; contact Det. Alvarez.',
  });

  beforeAll(async () => {
    ag = await startTestAgency({ detections: 3000, seed: 16 });
    ws = workstation({ clock: testClock(new Date().toISOString()) });
    await syncFromAgency(ws, ag);
  });
  afterAll(async () => {
    ws?.dispose();
    await ag?.close();
  });

  it('an entry is refused without approval, approved by the ALPR administrator, pushed and pulled back', async () => {
    await signIn(ws, 'det.alvarez');
    const change = await ws.call('hotlists.enter', { listId: 'BOLO', fields: van() });
    expect(change).toMatchObject({ kind: 'create', status: 'pending', synced: false, canDecide: false });
    const local = await ws.call('hotlists.entry', { entryId: change.entryId });
    expect(local.entry).toMatchObject({ status: 'pending', live: false, local: true, enteredBy: 'det.alvarez' });
    // Not live without the administrator: the member who entered it cannot approve it.
    const own = await ws.refused('hotlists.decide', { key: change.key, decision: 'approve' });
    expect(own).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/approved by the ALPR administrator/),
    });
    expect(local.retroHits).toEqual([]);

    // Pushed at the next sync; the server holds it pending and sends its copy back.
    await sync(ws, 'det.alvarez');
    const onServer = listRecords<HotlistEntryData>(ag.server.db, 'hotlist_entry').find(
      (e) => e.data.requestKey === change.key,
    )!;
    expect(onServer.data).toMatchObject({ status: 'pending', enteredBy: 'det.alvarez', plate: van().plate });
    await sync(ws, 'det.alvarez');
    const pulled = await ws.call('hotlists.entries', { listId: 'BOLO', plate: van().plate });
    expect(pulled.entries).toHaveLength(1);
    expect(pulled.entries[0]).toMatchObject({ id: Number(onServer.id), status: 'pending', local: false });

    await signIn(ws, 'admin.ramirez');
    const queue = await ws.call('hotlists.approvals');
    const waiting = queue.pending.find((c) => c.key === change.key)!;
    expect(waiting).toMatchObject({ canDecide: true, synced: true, entryId: Number(onServer.id) });
    const approved = await ws.call('hotlists.decide', {
      key: change.key,
      decision: 'approve',
      note: 'Case 26-06120 open',
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'admin.ramirez' });
    expect((await ws.call('hotlists.entry', { entryId: Number(onServer.id) })).entry).toMatchObject({
      status: 'active',
      live: true,
    });
    await sync(ws, 'admin.ramirez');
    expect(getRecord<HotlistEntryData>(ag.server.db, 'hotlist_entry', onServer.id)!.data).toMatchObject({
      status: 'active',
      approvedBy: 'admin.ramirez',
    });
    const serverChange = listRecords<HotlistChangeData>(ag.server.db, 'hotlist_change').find(
      (c) => c.data.key === change.key,
    )!;
    expect(serverChange.data).toMatchObject({ status: 'approved', decidedBy: { username: 'admin.ramirez' } });
    const actions = (await ws.call('audit.list', { limit: 400 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['hotlists.enter', 'hotlists.decide', 'hotlists.retroCheck']));
  });

  it('finds retro-hits for the plate seen last week: the exact read first, a look-alike, then the near miss', async () => {
    const entry = (await ws.call('hotlists.entries', { listId: 'BOLO', plate: van().plate })).entries[0]!;
    const { retroHits } = await ws.call('hotlists.entry', { entryId: entry.id });
    const { retro } = ag.dataset.truth;
    expect(retroHits.length).toBeGreaterThanOrEqual(3);
    expect(retroHits[0]).toMatchObject({ tier: 'exact', plate: retro.vehicle.plate, cost: 0 });
    expect(retro.detectionIds).toContain(retroHits[0]!.detectionId);
    const similar = retroHits.findIndex((r) => r.plate === retro.similar.plate);
    const near = retroHits.findIndex((r) => r.plate === retro.near.plate);
    expect(retroHits[similar]).toMatchObject({ tier: 'similar' });
    expect(retroHits[near]).toMatchObject({ tier: 'near' });
    expect(near).toBeGreaterThan(similar);
    expect(similar).toBeGreaterThan(0);
    for (let i = 1; i < retroHits.length; i++)
      expect(retroHits[i]!.cost).toBeGreaterThanOrEqual(retroHits[i - 1]!.cost);
    // Seen within the week: the retro-hit names when and where.
    expect(Date.parse(retroHits[0]!.seenAt)).toBeGreaterThan(Date.now() - 9 * 86_400_000);
  });

  it('refuses bad entries with a message and changes nothing', async () => {
    await signIn(ws, 'det.alvarez');
    const before = (await ws.call('hotlists.entries', { listId: 'BOLO' })).total;
    const bad: [Partial<EntryFieldsArgs>, RegExp, string?][] = [
      [{ plate: '7KR*' }, /wildcard/],
      [{ plate: '7K?R512' }, /wildcard/],
      [{ plate: '7KR#512' }, /“#” is not a character any state issues/],
      [{ state: 'XX' }, /“XX” is not a state of issue/],
      [{ expiresOn: agencyDay(1) }, /is in the past/],
      [{ caseNumber: '' }, /case number/],
    ];
    for (const [patch, message] of bad) {
      const err = await ws.refused('hotlists.enter', {
        listId: 'BOLO',
        fields: { ...van(), plate: '7KRT512', ...patch },
      });
      expect(err.code, JSON.stringify(patch)).toBe('INVALID_ARGUMENT');
      expect(err.message).toMatch(message);
    }
    const general = await ws.refused('hotlists.enter', { listId: 'SVS', fields: { ...van(), plate: '7KRT512' } });
    expect(general.message).toMatch(/general list/);
    expect((await ws.call('hotlists.entries', { listId: 'BOLO' })).total).toBe(before);
  });

  it("a supervisor approves an update of a member's entry; someone else is refused", async () => {
    const { burglary } = ag.dataset.truth;
    await signIn(ws, 'det.alvarez');
    const entry = (await ws.call('hotlists.entry', { entryId: burglary.boloEntryId })).entry;
    expect(entry).toMatchObject({ enteredBy: 'det.alvarez', status: 'active' });
    const update = await ws.call('hotlists.proposeUpdate', {
      entryId: entry.id,
      fields: {
        plate: entry.plate,
        state: entry.state!,
        make: entry.make,
        model: entry.model,
        color: entry.color,
        body: 'van',
        reason: entry.reason,
        caseNumber: entry.caseNumber!,
        synopsis: `${entry.synopsis} Third site added: Bermuda Dr.`,
        expiresOn: agencyDay(-60),
      },
    });
    expect(update).toMatchObject({ kind: 'update', status: 'pending' });
    // The administrator is not the detective's supervisor.
    await signIn(ws, 'admin.ramirez');
    const notHim = (await ws.call('hotlists.approvals')).pending.find((c) => c.key === update.key);
    expect(notHim).toBeUndefined();
    const refused = await ws.refused('hotlists.decide', { key: update.key, decision: 'approve' });
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/sgt\.okafor, the entering member’s supervisor/),
    });
    // Sgt. Okafor supervises Det. Alvarez (the users feed carries it).
    await signIn(ws, 'sgt.okafor');
    const queue = await ws.call('hotlists.approvals');
    expect(queue.pending.find((c) => c.key === update.key)).toMatchObject({ canDecide: true });
    await ws.call('hotlists.decide', { key: update.key, decision: 'approve' });
    expect((await ws.call('hotlists.entry', { entryId: entry.id })).entry.synopsis).toMatch(/Bermuda Dr/);
    await sync(ws, 'sgt.okafor');
    expect(getRecord<HotlistEntryData>(ag.server.db, 'hotlist_entry', entry.id)!.data.synopsis).toMatch(/Bermuda Dr/);
  });

  it("walks a stolen car's alert to Confirmed, one state at a time, and the server follows", async () => {
    await signIn(ws, 'det.alvarez');
    const { stolenCar } = ag.dataset.truth;
    let hit = await hitOf(ws, stolenCar.detectionIds[0]!);
    expect(hit).toMatchObject({ next: 'verify', hit: { status: 'alert' }, descriptors: { verdict: 'agree' } });
    // No state is skipped.
    const skipped = await ws.refused('hits.transition', {
      hitId: hit.hit.id,
      from: 'alert',
      action: 'validate',
      reference: 'CLETS 2611-0457',
      referenceAt: new Date().toISOString(),
      entryActive: true,
    });
    expect(skipped).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/No state is skipped/) });
    expect(
      (
        await ws.refused('hits.transition', {
          hitId: hit.hit.id,
          from: 'alert',
          action: 'close',
          disposition: 'arrest',
        })
      ).message,
    ).toMatch(/closes only once it is confirmed or rejected/);
    const id = hit.hit.id;
    hit = await ws.call('hits.transition', {
      hitId: id,
      from: 'alert',
      action: 'verify',
      compared: { characters: 'match', state: 'match' },
    });
    expect(hit).toMatchObject({ hit: { status: 'tentative', pending: true }, next: 'validate' });
    hit = await ws.call('hits.transition', {
      hitId: id,
      from: 'tentative',
      action: 'validate',
      reference: 'CLETS 2611-0457',
      referenceAt: new Date().toISOString(),
      entryActive: true,
    });
    hit = await ws.call('hits.transition', {
      hitId: id,
      from: 'validated',
      action: 'confirm',
      confirmedBy: 'CA DOJ SVS desk, Ofc. J. Lin',
      confirmedHow: 'Teletype 26-88214',
    });
    expect(hit).toMatchObject({ hit: { status: 'confirmed' }, next: 'close' });
    hit = await ws.call('hits.transition', {
      hitId: id,
      from: 'confirmed',
      action: 'close',
      disposition: 'vehicle_recovered',
    });
    expect(hit).toMatchObject({ hit: { status: 'confirmed', disposition: 'vehicle_recovered' }, next: null });
    expect(hit.trail.map((t) => `${t.from}→${t.to}`)).toEqual([
      'alert→tentative',
      'tentative→validated',
      'validated→confirmed',
      'confirmed→confirmed',
    ]);
    expect(hit.trail[1]!.details).toMatchObject({ reference: 'CLETS 2611-0457', entryActive: true });
    expect(hit.trail[0]!.details.observed).toMatchObject({ descriptors: 'agree', plateRead: stolenCar.vehicle.plate });
    await sync(ws, 'det.alvarez');
    // Each transition landed in the access log with who and what they saw, and the log reached the server.
    const chain = ag.server.auditChain((await ws.call('sync.status')).workstationId!);
    const logged = chain
      .map((l) => JSON.parse(l.body))
      .filter((b) => b.action === 'hits.transition' && b.outcome === 'ok');
    expect(logged.filter((b) => b.data.hitId === id).map((b) => [b.username, b.data.from, b.data.to])).toEqual([
      ['det.alvarez', 'alert', 'tentative'],
      ['det.alvarez', 'tentative', 'validated'],
      ['det.alvarez', 'validated', 'confirmed'],
      ['det.alvarez', 'confirmed', 'confirmed'],
    ]);
    const server = getRecord<HitData>(ag.server.db, 'hit', id)!.data;
    expect(server).toMatchObject({
      status: 'confirmed',
      disposition: 'vehicle_recovered',
      movedBy: { username: 'det.alvarez' },
    });
    await sync(ws, 'det.alvarez');
    expect((await ws.call('hits.get', { hitId: id })).trail.map((t) => t.sync)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
  });

  it("rejects the generator's misread hit as a misread: the descriptors differ and need a justification", async () => {
    await signIn(ws, 'det.alvarez');
    const { misreadHit } = ag.dataset.truth;
    let hit = await hitOf(ws, misreadHit.detectionIds[0]!);
    expect(hit.descriptors.verdict).toBe('differ');
    expect(hit.descriptorsText).toMatch(/Make, model, colour and body differ: the image shows Lexus, ES, red, sedan/);
    const id = hit.hit.id;
    // Comparing the image: the characters differ, so it is no Tentative hit.
    const notVerified = await ws.refused('hits.transition', {
      hitId: id,
      from: 'alert',
      action: 'verify',
      compared: { characters: 'differ', state: 'match' },
    });
    expect(notVerified.message).toMatch(/reject the hit as a misread instead/);
    // Even a person who calls the characters a match cannot take it past Tentative without a justification.
    await ws.call('hits.transition', {
      hitId: id,
      from: 'alert',
      action: 'verify',
      compared: { characters: 'match', state: 'match' },
    });
    const unjustified = await ws.refused('hits.transition', {
      hitId: id,
      from: 'tentative',
      action: 'validate',
      reference: 'CLETS 2611-0458',
      referenceAt: new Date().toISOString(),
      entryActive: true,
    });
    expect(unjustified.message).toMatch(/typed justification/);
    hit = await ws.call('hits.transition', {
      hitId: id,
      from: 'tentative',
      action: 'reject',
      reason: 'misread',
      note: 'Image shows L, not T; red Lexus sedan',
    });
    expect(hit).toMatchObject({ hit: { status: 'rejected', rejectReason: 'misread' }, next: 'close' });
    hit = await ws.call('hits.transition', { hitId: id, from: 'rejected', action: 'close', disposition: 'no_action' });
    expect(hit.hit.closedAt).not.toBeNull();
  });

  it('refuses a transition by someone without the investigator role', async () => {
    // An alert of its own, raised a minute ago: which of the dataset's alerts are still open depends on the hour.
    await signIn(ws, 'det.alvarez');
    const sighting = ag.server.appendSighting(
      { ...ag.dataset.truth.stolenCar.vehicle },
      'SMPD-F02',
      Date.now() - 60_000,
    );
    await sync(ws, 'det.alvarez');
    await signIn(ws, 'et.chen');
    const hit = (await ws.call('hits.get', { hitId: sighting.hitIds[0]! })).hit;
    expect(hit.status).toBe('alert');
    const err = await ws.refused('hits.transition', {
      hitId: hit.id,
      from: 'alert',
      action: 'verify',
      compared: { characters: 'match', state: 'match' },
    });
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Investigator/) });
    expect((await ws.call('hits.get', { hitId: hit.id })).hit.status).toBe('alert');
  });

  it('says a hit came from a stale list, and announces new alerts after a sync', async () => {
    await signIn(ws, 'det.alvarez');
    ag.server.setListRefreshedAt('SVS', new Date(Date.now() - 40 * 3_600_000).toISOString());
    const { vehicle } = ag.dataset.truth.stolenCar;
    const sighting = ag.server.appendSighting({ ...vehicle }, 'SMPD-F02', Date.now() - 60_000);
    const arrived: HitsArrived[] = [];
    const off = ws.api.on('hits.arrived', (a) => arrived.push(a));
    await sync(ws, 'det.alvarez');
    off();
    expect(arrived.at(-1)?.newAlerts).toBeGreaterThanOrEqual(1);
    const hit = await ws.call('hits.get', { hitId: sighting.hitIds[0]! });
    expect(hit.banners.map((b) => b.kind)).toEqual(expect.arrayContaining(['list_stale_at_hit', 'list_stale_now']));
    expect(hit.banners.find((b) => b.kind === 'list_stale_at_hit')!.message).toMatch(
      /was stale when this alert was raised: last refreshed 40 hours before it/,
    );
    expect((await ws.call('hotlists.lists')).find((l) => l.id === 'SVS')).toMatchObject({ stale: true });
    const status = await ws.call('sync.status');
    expect(status.staleHotlists).toContain('SVS');
    // Every record of the new kinds passed its schema at the edge.
    expect(status.quarantined).toBe(0);
    const row = (await ws.call('hits.inbox', {})).hits.find((h) => h.id === hit.hit.id)!;
    expect(row.banners).toContain('list_stale_at_hit');
  });

  it("a hit another workstation moved first: the server's version wins, and the message says who", async () => {
    const { vehicle } = ag.dataset.truth.stolenCar;
    ag.server.setListRefreshedAt('SVS', new Date().toISOString());
    const { hitIds } = ag.server.appendSighting({ ...vehicle }, 'SMPD-F05', Date.now() - 30_000);
    const hitId = hitIds[0]!;
    const ws2 = workstation({ clock: testClock(new Date().toISOString()) });
    try {
      await syncFromAgency(ws2, ag, 'Patrol sergeants office');
      await sync(ws, 'det.alvarez');
      await signIn(ws2, 'sgt.okafor');
      expect((await ws2.call('hits.get', { hitId })).hit.status).toBe('alert');
      // Det. Alvarez verifies it on the first workstation and syncs; the sergeant, offline, verifies it too.
      await signIn(ws, 'det.alvarez');
      await ws.call('hits.transition', {
        hitId,
        from: 'alert',
        action: 'verify',
        compared: { characters: 'match', state: 'match' },
      });
      await sync(ws, 'det.alvarez');
      await ws2.call('hits.transition', {
        hitId,
        from: 'alert',
        action: 'verify',
        compared: { characters: 'match', state: 'unreadable' },
      });
      await sync(ws2, 'sgt.okafor');
      const hit = await ws2.call('hits.get', { hitId });
      expect(hit.hit).toMatchObject({ status: 'tentative', movedByName: 'Det. Marco Alvarez' });
      const mine = hit.trail.find((t) => t.username === 'sgt.okafor')!;
      expect(mine.sync).toBe('superseded');
      expect(mine.message).toMatch(
        /Det\. Marco Alvarez \(det\.alvarez\) had already moved this hit to Tentative hit at .* on Detective bureau 3/,
      );
      // Now that it knows, the workstation refuses a move from the state the sergeant saw, naming who moved it.
      const stale = await ws2.refused('hits.transition', {
        hitId,
        from: 'alert',
        action: 'verify',
        compared: { characters: 'match', state: 'match' },
      });
      expect(stale).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/no longer an Alert.*Det\. Marco Alvarez/),
      });
      // The server kept Det. Alvarez's transition and recorded the sergeant's as superseded.
      expect(getRecord<HitData>(ag.server.db, 'hit', hitId)!.data.movedBy?.username).toBe('det.alvarez');
      expect(ag.server.pushes().filter((p) => p.kind === 'hit_transition' && p.status === 'superseded')).toHaveLength(
        1,
      );
    } finally {
      ws2.dispose();
    }
  });
});
