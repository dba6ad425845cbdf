import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLink, type AuditRecord, type ChainLink } from '../../../main/core/audit/chain';
import { evolveKey, makeSeal } from '../../../main/core/audit/seal';
import { AuditHeadFile, auditHeadPath } from '../../../main/store/auditHead';
import { hmacHex, readSealState, sealStatePath, writeSealState } from '../../../main/store/auditSealState';
import { openStore } from '../../../main/store/db';
import { findEntry, readKeyring, unwrapKey } from '../../../main/store/keyring';
import { auditHead, iterateAudit, sha256Hex } from '../../../main/store/repos/audit';
import { insertSeal, iterateSeals, lastSeal } from '../../../main/store/repos/integrity';
import { startTestAgency, tempDir, type TestAgency } from '../../agency/testing';
import { AgencyServer } from '../../agency/server/server';
import { agencyUser, syncFromAgency } from '../../support/agencyWorkstation';
import { workstation, type Workstation } from '../../support/workstation';

/**
 * The access log must not lose its tail. Someone with the laptop's files but no key who discards the store's
 * WAL (or puts back an older copy) is caught three ways: the head sealed beside the store, the chain head the
 * workstation keeps on the agency server (pushed whenever it moves and the server can be reached, not only at
 * sync), and the verifier run against either. Someone who also holds the key can rewrite the log, but not the
 * forward-secure seals made before they took it: the agency's key shows which record changed.
 */
const REPO = resolve(__dirname, '../../..');

let ag: TestAgency;
let server: AgencyServer;
let ws: Workstation;
let wsId: string;
let key: Buffer;
const admin = () => agencyUser(ag, 'admin.ramirez');
const copies: string[] = [];

function auditVerify(args: string[], password: string): { status: number | null; stdout: string; first: string } {
  const r = spawnSync('npx', ['tsx', 'tools/audit-verify.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, CANVASS_PASSWORD: password },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, first: r.stdout.split('\n')[0] ?? '' };
}

function headOf(dir: string) {
  const db = openStore(join(dir, 'canvass.db'), key, { migrate: false });
  try {
    return auditHead(db);
  } finally {
    db.close();
  }
}

function serverAnchor() {
  return server.anchorsOf(wsId).anchors.at(-1) ?? null;
}

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A copy of the data folder as someone without the key could take it while Canvass runs: the WAL left behind. */
function copyWithoutWal(from: string): string {
  const dir = tempDir('canvass-rollback-');
  copies.push(dir);
  cpSync(from, dir, { recursive: true, filter: (src) => !/canvass\.db-(wal|shm)$/.test(src) });
  return dir;
}

beforeAll(async () => {
  ag = await startTestAgency({ detections: 1500, seed: 41 });
  server = ag.server;
  ws = workstation();
  await syncFromAgency(ws, ag);
  const ring = readKeyring(join(ws.dir, 'keyring.json'));
  key = (await unwrapKey(ring, findEntry(ring, admin().username)!, admin().password))!;
  wsId = (JSON.parse(readFileSync(join(ws.dir, 'enrollment.json'), 'utf8')) as { workstationId: string }).workstationId;
}, 120_000);

afterAll(async () => {
  ws.dispose();
  await server.close().catch(() => undefined);
  rmSync(ag.dir, { recursive: true, force: true });
  for (const d of copies) rmSync(d, { recursive: true, force: true });
});

describe('the chain head on the agency server', () => {
  it('reaches the server promptly, without a sync, with the seals; and again once an unreachable server is back', async () => {
    await ws.call('auth.login', { username: admin().username, password: admin().password });
    await ws.call('audit.list', { limit: 5 });
    const head = headOf(ws.dir);
    await waitFor('the anchor of the current head', () => serverAnchor()?.seq === head.seq);
    expect(serverAnchor()?.hash).toBe(head.hash);
    // The seals made at enrollment and at each sign-out came with it, and the server verified them.
    expect(server.anchorsOf(wsId).seals.length).toBeGreaterThan(0);

    // The server goes away: the workstation keeps working and keeps the head to send.
    const port = Number(new URL(ag.url).port);
    await server.close();
    await ws.call('audit.list', { limit: 5 });
    await ws.call('audit.list', { limit: 5 });
    const offlineHead = headOf(ws.dir);
    await new Promise((r) => setTimeout(r, 1_500));
    server = new AgencyServer({ dataDir: ag.dir, port, testHooks: true });
    await server.listen();
    expect(serverAnchor()?.seq).toBeLessThan(offlineHead.seq);
    await waitFor('the anchor once the server is back', () => (serverAnchor()?.seq ?? 0) >= offlineHead.seq, 30_000);

    const verified = await ws.call('audit.verify');
    expect(verified.ok).toBe(true);
    expect(verified.anchor?.status).toMatch(/^(matches|continues)$/);
  }, 60_000);
});

describe('a dropped WAL, or an older copy of the store put back', () => {
  it('is named by the verifier (sealed head, server anchor) and at the next sign-in, here and on the server', async () => {
    // Records since this sign-in sit in the WAL; the copy leaves it behind.
    await ws.call('audit.list', { limit: 5 });
    const live = headOf(ws.dir);
    await waitFor('the live head anchored', () => serverAnchor()?.seq === live.seq);
    const dir = copyWithoutWal(ws.dir);
    const copied = headOf(dir);
    expect(copied.seq).toBeLessThan(live.seq);
    const range = `Records ${copied.seq + 1}–${live.seq} are missing`;

    // The verifier alone used to say OK: the sealed head beside the store says otherwise.
    const sealedHead = new AuditHeadFile(auditHeadPath(join(dir, 'canvass.db')), key).read();
    if (sealedHead.state !== 'sealed') throw new Error('the copy has no sealed head');
    expect(sealedHead.head.seq).toBe(live.seq);
    const alone = auditVerify([dir, '--user', admin().username], admin().password);
    expect(alone.status).toBe(1);
    expect(alone.first).toBe(
      `TAMPERED: ${range}: the log ends at record ${copied.seq}, but its head was sealed at record ${live.seq} (${sealedHead.head.at}) in audit-head.json beside the store. Its newest writes were discarded (the WAL dropped) or an older copy of the store was put back.`,
    );
    // Against the agency server's anchor, even if the sealed head was taken away too.
    rmSync(join(dir, 'audit-head.json'));
    const anchor = serverAnchor()!;
    const anchored = auditVerify(
      [dir, '--user', admin().username, '--anchor', `${anchor.seq}:${anchor.hash}`],
      admin().password,
    );
    expect(anchored.status).toBe(1);
    expect(anchored.first).toBe(
      `TAMPERED: ${range}: the anchor holds the chain head at record ${live.seq}, but the log ends at record ${copied.seq}. Its newest records were removed (a dropped WAL, an older copy of the store put back, or a truncated tail).`,
    );

    // The workstation itself: the original signs out and stops; the copy is opened in its place.
    await ws.call('auth.logout');
    ws.api.close();
    const final = headOf(ws.dir);
    await waitFor('the sign-out anchored', () => serverAnchor()?.seq === final.seq);
    const dir2 = copyWithoutWal(join(ws.dir));
    cpSync(join(dir, 'canvass.db'), join(dir2, 'canvass.db'));
    const restored = workstation({ dir: dir2, clock: ws.clock });
    try {
      await restored.call('auth.login', { username: admin().username, password: admin().password });
      const alerts = await restored.call('audit.alerts', { open: true });
      const rollback = alerts.find((a) => a.kind === 'audit.rollback');
      expect(rollback?.message).toMatch(
        new RegExp(
          `^Records ${copied.seq + 1}–${final.seq} are missing from the access log: the log ends at record ${copied.seq}, but its head was sealed at record ${final.seq}`,
        ),
      );
      expect((await restored.call('app.state')).session?.integrityAlerts).toBeGreaterThan(0);
      // The anchor push finds the server's anchor missing here, reports it, and the server keeps the divergence.
      const mismatch = await waitFor('an anchor mismatch', () =>
        server.anchorsOf(wsId).anchors.find((a) => a.divergence !== null),
      );
      expect(mismatch.divergence).toMatchObject({ anchor: { seq: final.seq, hash: final.hash }, localHash: null });
      const kinds = (await restored.call('audit.alerts', { open: true })).map((a) => a.kind);
      expect(kinds).toEqual(expect.arrayContaining(['audit.rollback', 'audit.anchor_mismatch']));
      const db = openStore(join(dir2, 'canvass.db'), key, { migrate: false });
      const logged = [...iterateAudit(db)]
        .map((l) => JSON.parse(l.body) as AuditRecord)
        .filter((r) => r.action === 'integrity.alert')
        .map((r) => r.data.kind);
      db.close();
      expect(logged).toEqual(expect.arrayContaining(['audit.rollback', 'audit.anchor_mismatch']));
    } finally {
      restored.api.close();
    }
  }, 90_000);
});

describe('forward-secure seals', () => {
  it('a key holder who rewrites records sealed before they took the laptop is named by the agency’s key', () => {
    const dir = tempDir('canvass-thief-');
    copies.push(dir);
    cpSync(ws.dir, dir, { recursive: true });
    const storePath = join(dir, 'canvass.db');
    const root = server.anchorsOf(wsId).sealKey!;
    expect(root).toMatch(/^[0-9a-f]{64}$/);
    const db = openStore(storePath, key, { migrate: false });
    const state = readSealState(sealStatePath(storePath), key);
    if (typeof state === 'string') throw new Error(`no sealing state: ${state}`);
    const sealed = lastSeal(db, state.series)!;
    const links: ChainLink[] = [...iterateAudit(db)];
    const target = links.find(
      (l) => l.seq < sealed.seq && (JSON.parse(l.body) as AuditRecord).action === 'audit.list',
    )!;
    // The thief holds the data key and the current sealing key: they rewrite a record and every link after it,
    // seal the new head afresh and put a new current seal on it.
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(target.seq);
    let prev = links[target.seq - 2]!.hash;
    const insert = db.prepare('INSERT INTO audit_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)');
    for (const l of links.slice(target.seq - 1)) {
      const r = JSON.parse(l.body) as AuditRecord;
      const next = makeLink(sha256Hex, prev, l.seq, l.seq === target.seq ? { ...r, username: 'someone.else' } : r);
      insert.run(next.seq, next.body, next.prevHash, next.hash);
      prev = next.hash;
    }
    const head = auditHead(db);
    insertSeal(
      db,
      state.series,
      makeSeal(hmacHex, state.keyHex, {
        epoch: state.epoch,
        seq: head.seq,
        hash: head.hash,
        prevTag: sealed.tag,
        at: new Date().toISOString(),
      }),
    );
    writeSealState(sealStatePath(storePath), key, {
      ...state,
      epoch: state.epoch + 1,
      keyHex: evolveKey(hmacHex, state.keyHex),
    });
    const file = new AuditHeadFile(auditHeadPath(storePath), key);
    file.write(head.seq, head.hash, new Date().toISOString());
    file.close();
    const firstCovering = [...iterateSeals(db, state.series)].find((s) => s.seq >= target.seq)!;
    db.close();

    const plain = auditVerify([dir, '--user', admin().username], admin().password);
    expect(plain.status, plain.stdout).toBe(0);
    const withKey = auditVerify([dir, '--user', admin().username, '--seal-key', root], admin().password);
    expect(withKey.status).toBe(1);
    expect(withKey.first).toBe(
      `TAMPERED: Record ${firstCovering.seq} is not the one sealed at ${firstCovering.at} (seal ${firstCovering.epoch}): the log up to it was rewritten after it was sealed.`,
    );
    // Re-making the old seals with the key they hold does not help: those epochs' keys are gone.
    const again = openStore(storePath, key, { migrate: false });
    again.exec('DROP TRIGGER audit_seals_no_delete');
    const seals = [...iterateSeals(again, state.series)];
    again.prepare('DELETE FROM audit_seals').run();
    let tag = '0'.repeat(64);
    for (const s of seals) {
      const h =
        s.seq <= auditHead(again).seq
          ? ((again.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(s.seq) as { hash: string } | undefined)
              ?.hash ?? s.hash)
          : s.hash;
      const forged = makeSeal(hmacHex, state.keyHex, { ...s, hash: s.seq === 0 ? s.hash : h, prevTag: tag });
      insertSeal(again, state.series, forged);
      tag = forged.tag;
    }
    again.close();
    const reforged = auditVerify([dir, '--user', admin().username, '--seal-key', root], admin().password);
    expect(reforged.status).toBe(1);
    expect(reforged.first).toMatch(
      /^TAMPERED: Seal 0 \(.*\) is not the workstation's: its tag does not verify under the agency's key for that epoch\.$/,
    );
  }, 60_000);
});
