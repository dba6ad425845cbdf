import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Args, Method, Returns, SetupArgs } from '../../preload/contract';
import type { AuditRecord } from '../../main/core/audit/chain';
import { createApi, type Api } from '../../main/services/kernel/api';
import { findEntry, readKeyring, unwrapKey } from '../../main/store/keyring';
import { openStore, type WritableDB } from '../../main/store/db';
import { SHIPPED_PROFILES as PROFILES_DIR } from './profiles';

export { PROFILES_DIR };

/** Cheap key derivation for tests; the app always uses the default (~0.5 s). */
export const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export type TestClock = { now: Date; advanceDays(days: number): void; advanceMinutes(m: number): void };

export function testClock(start = '2026-11-22T09:00:00Z'): TestClock {
  const clock = {
    now: new Date(start),
    advanceDays(days: number) {
      clock.now = new Date(clock.now.getTime() + days * 86_400_000);
    },
    advanceMinutes(m: number) {
      clock.now = new Date(clock.now.getTime() + m * 60_000);
    },
  };
  return clock;
}

export type Workstation = {
  dir: string;
  api: Api;
  clock: TestClock;
  /** Calls a method and returns its value, or throws the `{code, message}` it answered with. */
  call<M extends Method>(method: M, ...args: Args<M> extends undefined ? [] : [Args<M>]): Promise<Returns<M>>;
  /** Calls a method that must fail and returns its error. */
  refused<M extends Method>(
    method: M,
    ...args: Args<M> extends undefined ? [] : [Args<M>]
  ): Promise<{ code: string; message: string }>;
  reopen(): void;
  dispose(): void;
};

export function workstation(options: { dir?: string; clock?: TestClock } = {}): Workstation {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'canvass-test-'));
  const clock = options.clock ?? testClock();
  const make = () =>
    createApi({
      dataDir: dir,
      profilesDir: PROFILES_DIR,
      clock: () => clock.now,
      scrypt: TEST_SCRYPT,
      workstation: 'test-ws',
    });
  const ws: Workstation = {
    dir,
    api: make(),
    clock,
    async call(method, ...args) {
      const r = await ws.api.call(method, args[0]);
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}: ${r.error.message}`), r.error);
      return r.value as never;
    },
    async refused(method, ...args) {
      const r = await ws.api.call(method, args[0]);
      if (r.ok) throw new Error(`${method} was expected to be refused but succeeded`);
      return r.error;
    },
    reopen() {
      ws.api.close();
      ws.api = make();
    },
    dispose() {
      ws.api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ws;
}

export const ADMIN_PASSWORD = 'correct horse battery';
export const INVESTIGATOR_PASSWORD = 'tango-victor-9 bravo';

export function setupArgs(overrides: Partial<SetupArgs['agency']> = {}): SetupArgs {
  return {
    agency: { name: 'Los Altos Police Department', profileId: 'los-altos-pd', ...overrides },
    admin: {
      username: 'admin.rivera',
      fullName: 'Sgt. Ana Rivera',
      badgeId: '4411',
      classification: 'sworn_officer',
      roles: ['administrator'],
      password: ADMIN_PASSWORD,
      training: { course: 'ALPR Operator (POST 2024)', completedOn: '2026-03-01', instructor: 'Lt. K. Osei' },
    },
  };
}

/** A set-up workstation with an administrator and a trained investigator; returns the investigator's id. */
export async function withInvestigator(ws: Workstation, admin: Partial<SetupArgs['admin']> = {}): Promise<number> {
  const args = setupArgs();
  await ws.call('setup.create', { ...args, admin: { ...args.admin, ...admin } });
  const id = await addInvestigator(ws, { username: 'det.chen', fullName: 'Det. Mei Chen', badgeId: '5120' });
  await ws.call('auth.logout');
  return id;
}

/**
 * Creates an investigator with INVESTIGATOR_PASSWORD and current training; an administrator must be signed in.
 * Returns their user id.
 */
export async function addInvestigator(
  ws: Workstation,
  who: { username: string; fullName: string; badgeId: string },
): Promise<number> {
  const inv = await ws.call('users.create', {
    ...who,
    classification: 'sworn_officer',
    roles: ['investigator'],
    password: INVESTIGATOR_PASSWORD,
  });
  await ws.call('training.record', {
    userId: inv.id,
    course: 'ALPR Operator (POST 2024)',
    completedOn: '2026-06-15',
    instructor: 'Lt. K. Osei',
  });
  return inv.id;
}

/** The store's data key, unwrapped with the set-up administrator's password: for seeding the store as sync would. */
export async function storeKey(ws: Workstation, admin = setupArgs().admin.username): Promise<Buffer> {
  const ring = readKeyring(join(ws.dir, 'keyring.json'));
  const key = await unwrapKey(ring, findEntry(ring, admin)!, ADMIN_PASSWORD);
  if (!key) throw new Error('the administrator’s password does not unwrap the store key');
  return key;
}

/** A purpose a reviewer can tie to an incident: the shooting the tests' searches are about. */
export const SHOOTING_PURPOSE = {
  numberKind: 'case' as const,
  number: '26-004512',
  purposeId: 'canvass_major_crime',
  description: 'Shooting at El Camino Real and San Antonio Rd on 2026-11-21; canvass for the suspect vehicle',
};

/** Writes into the store as a sync would, with the real key, while the Api is closed; returns the key. */
export async function seedStore(ws: Workstation, seed: (db: WritableDB) => void): Promise<Buffer> {
  const key = await storeKey(ws);
  ws.api.close();
  const db = openStore(join(ws.dir, 'canvass.db'), key);
  try {
    seed(db);
  } finally {
    db.close();
  }
  ws.reopen();
  return key;
}

/** The access log as an auditor outside Canvass would read it: from an NDJSON export (an administrator signed in). */
export async function auditRecords(ws: Workstation): Promise<AuditRecord[]> {
  const { path } = await ws.call('audit.export', { format: 'ndjson' });
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { record: AuditRecord }).record);
}
