import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../main/core/audit/chain';
import { openStore } from '../../../main/store/db';
import { iterateAudit } from '../../../main/store/repos/audit';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  setupArgs,
  storeKey,
  withInvestigator,
  workstation,
  type Workstation,
} from '../../support/workstation';

/**
 * Keys and secrets in memory and on disk: no copy of the data key is left in the process once the session is
 * locked or over (the store closes while locked, the unwrapped copies are wiped, SQLCipher is keyed from a
 * buffer rather than a string), and what someone typed into the username field is never kept in the clear.
 */
const REPO = resolve(__dirname, '../../..');

let ws: Workstation;
beforeEach(async () => {
  ws = workstation();
  await withInvestigator(ws);
});
afterEach(() => ws.dispose());

describe('the data key in memory', () => {
  it('leaves no copy once locked or signed out, and is never spelled out as a string', async () => {
    const key = await storeKey(ws);
    ws.api.close();
    const mask = randomBytes(32);
    const masked = Buffer.from(key.map((b, i) => b ^ mask[i]!));
    key.fill(0);
    const r = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'tests/support/keyMemoryChild.ts',
        ws.dir,
        'det.chen',
        INVESTIGATOR_PASSWORD,
        'a brand new long passphrase',
      ],
      { cwd: REPO, input: `${mask.toString('hex')}\n${masked.toString('hex')}\n`, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout.trim()) as Record<string, { raw: number; hex: number }>;
    expect(seen.start).toEqual({ raw: 0, hex: 0 });
    // Signed in, the open store holds the key (and main one copy for workers); never as a hex string.
    expect(seen.signedIn!.raw).toBeGreaterThan(0);
    for (const stage of ['signedIn', 'unlocked', 'passwordChanged', 'unlockedAgain']) expect(seen[stage]!.hex).toBe(0);
    // Locked: the store is closed and the key dropped. Signed out: nothing left of it.
    expect(seen.locked).toEqual({ raw: 0, hex: 0 });
    expect(seen.signedOut).toEqual({ raw: 0, hex: 0 });
  }, 150_000);
});

describe('a password typed into the username field', () => {
  it('is not kept in keyring.json, and the log records the attempt without it', async () => {
    const typed = 'Tr0ub4dor&3-hunter2';
    expect((await ws.refused('auth.login', { username: typed, password: 'whatever' })).code).toBe('WRONG_PASSWORD');
    expect((await ws.refused('auth.login', { username: 'det.chen', password: 'not it' })).code).toBe('WRONG_PASSWORD');
    const ring = readFileSync(join(ws.dir, 'keyring.json'), 'utf8');
    expect(ring).not.toContain('hunter2');
    expect(ring).not.toContain('unknown username');
    expect((JSON.parse(ring) as { pendingEvents: unknown[] }).pendingEvents).toHaveLength(2);

    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    const key = await storeKey(ws);
    const db = openStore(join(ws.dir, 'canvass.db'), key, { migrate: false });
    const bodies = [...iterateAudit(db)].map((l) => l.body);
    db.close();
    expect(bodies.join('\n')).not.toContain('hunter2');
    const failed = bodies.map((b) => JSON.parse(b) as AuditRecord).filter((r) => r.action === 'auth.login_failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ username: null, data: { typedUsername: 'not an account here' } });
    expect(failed[0]!.data.typedTag).toMatch(/^[0-9a-f]{16}$/);
    expect(failed[1]).toMatchObject({ username: 'det.chen', outcome: 'failed' });
    expect(
      (JSON.parse(readFileSync(join(ws.dir, 'keyring.json'), 'utf8')) as { pendingEvents: unknown[] }).pendingEvents,
    ).toEqual([]);
  });

  it('a keyring whose event key was replaced is reported, and its events that cannot be read are counted', async () => {
    const path = join(ws.dir, 'keyring.json');
    const ring = JSON.parse(readFileSync(path, 'utf8')) as { eventKey: string };
    // Someone with the file swaps in a public key of their own, to read later failures.
    ring.eventKey = randomBytes(32).toString('base64');
    writeFileSync(path, JSON.stringify(ring));
    await ws.refused('auth.login', { username: 'det.chen', password: 'not it' });
    await ws.call('auth.login', { username: setupArgs().admin.username, password: ADMIN_PASSWORD });
    const alert = (await ws.call('audit.alerts', { open: true })).find((a) => a.kind === 'keyring.event_key');
    expect(alert?.message).toMatch(
      /event key was replaced outside Canvass; 1 failed sign-in recorded under it cannot be read/,
    );
    expect((JSON.parse(readFileSync(path, 'utf8')) as { eventKey: string }).eventKey).not.toBe(ring.eventKey);
  });
});
