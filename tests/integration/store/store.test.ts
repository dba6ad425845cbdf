import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CanvassError } from '../../../main/core/shared/errors';
import { exportAudit } from '../../../main/services/audit/export';
import { verifyStoreChain } from '../../../main/services/audit/verify';
import { appendAudit, auditHead } from '../../../main/store/repos/audit';
import { inTransaction, openStore, type WritableDB } from '../../../main/store/db';
import { upsertDetections, type DetectionRow } from '../../../main/store/repos/detections';
import { findEntry, readKeyring, unwrapKey } from '../../../main/store/keyring';
import { migrate, SCHEMA_VERSION } from '../../../main/store/migrate';
import { migrations, type Migration } from '../../../main/store/migrations';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import {
  SQLCIPHER_PATH,
  SQLCIPHER_SKIP_REASON,
  sqlcipher,
  sqlcipherMajor,
  sqlcipherVersion,
} from '../../support/sqlcipherCli';
import { ADMIN_PASSWORD, setupArgs, workstation, type Workstation, storeKey } from '../../support/workstation';
import { upsertCameras } from '../../../main/store/repos/cameras';

/**
 * The encrypted store, on a real disk, against the foundation's rules: a genuine SQLCipher 4 file that is
 * unreadable without its key, and bad input (wrong password, a damaged file, a store from the future, a full
 * disk, a killed process) that gives a clear message and loses no committed data.
 */

const REPO = resolve(__dirname, '../../..');
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-store-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type Opened = { dir: string; path: string; key: Buffer; db: WritableDB };

/** A fresh store with a random data key, migrated, holding the cameras. */
function newStore(): Opened {
  const dir = tempDir();
  const path = join(dir, 'canvass.db');
  const key = randomBytes(32);
  const db = openStore(path, key);
  cleanup.push(() => db.open && db.close());
  upsertCameras(db, CAMERAS);
  return { dir, path, key, db };
}

function record(action: string, data: Record<string, number | string>) {
  return {
    at: '2026-11-22T09:00:00.000Z',
    action,
    outcome: 'ok' as const,
    username: 'det.chen',
    agency: 'Los Altos Police Department',
    purpose: null,
    data,
    workstation: 'test-ws',
  };
}

/** Commits a batch of detections and its audit record in one transaction, as sync does. */
function commitBatch(db: WritableDB, rows: DetectionRow[]): void {
  inTransaction(db, () => {
    upsertDetections(db, rows);
    appendAudit(db, record('sync.detections', { firstId: rows[0]!.id, count: rows.length }));
  });
}

function digest(path: string): string | null {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}

/** The bytes of the store and its WAL and shared-memory files, as fingerprints. */
function storeFiles(path: string) {
  return { db: digest(path), wal: digest(`${path}-wal`), shm: digest(`${path}-shm`) };
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** A page of a table or index (SQLite's dbstat), to damage on purpose. Pages are 4096 bytes in SQLCipher 4. */
function pageOf(db: WritableDB, name: string, pagetype: 'leaf' | 'internal'): number {
  const row = db
    .prepare('SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno DESC LIMIT 1')
    .get(name, pagetype) as { pageno: number } | undefined;
  if (!row) throw new Error(`no ${pagetype} page of ${name}`);
  expect(db.pragma('page_size', { simple: true })).toBe(4096);
  return row.pageno;
}

function plates(db: WritableDB): string[] {
  return (db.prepare('SELECT plate FROM detections ORDER BY id').all() as { plate: string }[]).map((r) => r.plate);
}

function caught(fn: () => unknown): CanvassError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CanvassError) return err;
    throw new Error(`expected a CanvassError, got ${String(err)}`);
  }
  throw new Error('expected the call to fail');
}

const cliVersion = sqlcipherVersion();

describe.skipIf(!SQLCIPHER_PATH)(
  `the store is a real SQLCipher 4 database${SQLCIPHER_PATH ? '' : ` (skipped: ${SQLCIPHER_SKIP_REASON})`}`,
  () => {
    it('the sqlcipher CLI on this machine is SQLCipher 4 (Debian 12’s own 3.4.1 cannot read v4 files)', () => {
      expect(cliVersion).toMatch(/SQLCipher 4\.\d+\.\d+/);
      expect(sqlcipherMajor(cliVersion)).toBe(4);
    });

    it('the sqlcipher CLI opens the store with the same raw key and reads the plates', () => {
      const s = newStore();
      const rows = detectionBatch(11, 1, 40);
      commitBatch(s.db, rows);
      s.db.close();
      const out = sqlcipher(
        s.path,
        'PRAGMA cipher_integrity_check;\nSELECT count(*) FROM detections;\nSELECT plate FROM detections ORDER BY id;',
        s.key,
      );
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      // cipher_integrity_check prints nothing when every page's HMAC holds.
      expect(out.stdout.trim().split('\n')).toEqual(['40', ...rows.map((r) => r.plate)]);
    });

    it('without the key, or with a wrong key, the CLI cannot read it', () => {
      const s = newStore();
      commitBatch(s.db, detectionBatch(12, 1, 40));
      s.db.close();
      const noKey = sqlcipher(s.path, 'SELECT plate FROM detections;');
      expect(noKey.status).not.toBe(0);
      expect(noKey.stderr).toMatch(/file is not a database/);
      const wrongKey = sqlcipher(s.path, 'SELECT plate FROM detections;', randomBytes(32));
      expect(wrongKey.status).not.toBe(0);
      expect(wrongKey.stderr).toMatch(/file is not a database/);
      expect(wrongKey.stdout).not.toMatch(/QZ/);
    });
  },
);

describe('the store on disk', () => {
  it('has no SQLite header and no plaintext plate, camera or user in the database, WAL or shared-memory files', () => {
    const s = newStore();
    const rows = detectionBatch(13, 1, 300);
    commitBatch(s.db, rows);
    const secrets = [...rows.map((r) => r.plate), 'El Camino Real', 'det.chen', 'Los Altos Police Department'].map(
      (t) => Buffer.from(t, 'utf8'),
    );
    const scan = (when: string) => {
      for (const suffix of ['', '-wal', '-shm']) {
        const file = `${s.path}${suffix}`;
        if (!existsSync(file)) continue;
        const bytes = readFileSync(file);
        const leaked = secrets.find((t) => bytes.includes(t));
        expect(leaked?.toString(), `${when}: plaintext in canvass.db${suffix}`).toBeUndefined();
      }
      expect(readFileSync(s.path).subarray(0, 16).equals(SQLITE_HEADER), `${when}: plain SQLite header`).toBe(false);
      // No journal or temp file beside the store: temp storage is in memory.
      expect(readdirSync(s.dir).filter((f) => !/^canvass\.db(-wal|-shm)?$/.test(f))).toEqual([]);
    };
    expect(statSync(`${s.path}-wal`).size, 'the batch is still in the WAL').toBeGreaterThan(0);
    scan('before a checkpoint');
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    scan('after a checkpoint');
    s.db.close();
    scan('after closing');
  });

  it('has STRICT tables, WAL on and foreign keys enforced', () => {
    const { db } = newStore();
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining([
        'agency',
        'audit_log',
        'cameras',
        'detections',
        'images',
        'purposes',
        'training_records',
        'user_roles',
        'users',
      ]),
    );
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const row = { ...detectionBatch(14, 1, 1)[0]!, cameraId: 'no-such-camera' };
    expect(() => upsertDetections(db, [row])).toThrow(/FOREIGN KEY constraint failed/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO detections (plate, seen_at, lat, lon, camera_id, confidence) VALUES ('QZA00001', 'last night', 0, 0, 'cam-ecr-sa-nb', 0.9)",
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column detections\.seen_at/);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });
});

describe('bad input loses no committed data', () => {
  let ws: Workstation | null = null;
  afterEach(() => {
    ws?.dispose();
    ws = null;
  });

  /** A set-up workstation, signed out, with detections synced into its store. */
  async function workstationWithDetections(
    count: number,
  ): Promise<{ ws: Workstation; path: string; key: Buffer; rows: DetectionRow[] }> {
    ws = workstation();
    // The administrator also investigates, so this workstation can search its own store.
    const args = setupArgs();
    await ws.call('setup.create', { ...args, admin: { ...args.admin, roles: ['administrator', 'investigator'] } });
    await ws.call('auth.logout');
    const key = await storeKey(ws);
    const path = join(ws.dir, 'canvass.db');
    const db = openStore(path, key);
    upsertCameras(db, CAMERAS);
    const rows = detectionBatch(21, 1, count);
    commitBatch(db, rows);
    db.close();
    return { ws, path, key, rows };
  }

  it('a wrong password: the keyring refuses it, the person is told, and the store is untouched', async () => {
    const { ws, path } = await workstationWithDetections(20);
    const before = storeFiles(path);
    const err = await ws.refused('auth.login', { username: 'admin.rivera', password: 'correct horse staple' });
    expect(err).toEqual({
      code: 'WRONG_PASSWORD',
      message: 'The username or password is incorrect. 4 attempts left before the account locks.',
    });
    const ring = readKeyring(join(ws.dir, 'keyring.json'));
    expect(await unwrapKey(ring, findEntry(ring, 'admin.rivera')!, 'correct horse staple')).toBeNull();
    expect(storeFiles(path)).toEqual(before);
    // The right password still opens it, with everything in it.
    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    expect((await ws.call('audit.verify')).ok).toBe(true);
  });

  it('a store damaged on its first page: signing in says it is damaged, and nothing is written', async () => {
    const { ws, path } = await workstationWithDetections(20);
    overwrite(path, 1200, randomBytes(32));
    const before = storeFiles(path);
    const err = await ws.refused('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toMatch(
      /cannot be decrypted: the file is damaged or was altered outside Canvass\. Restore it from the agency server/,
    );
    expect(storeFiles(path)).toEqual(before);
    expect(readdirSync(ws.dir).filter((f) => f.startsWith('canvass.db'))).toEqual(['canvass.db']);
  });

  it('a store damaged on a data page: the search says the store is damaged, and nothing is written', async () => {
    const { ws, path, key, rows } = await workstationWithDetections(20);
    const db = openStore(path, key);
    const page = pageOf(db, 'detections', 'leaf');
    db.close();
    overwrite(path, (page - 1) * 4096 + 2000, randomBytes(16));

    await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
    await ws.call('purposes.open', {
      numberKind: 'case',
      number: '26-004512',
      purposeId: 'canvass_major_crime',
      description:
        'Shooting at El Camino Real and San Antonio Rd on 2026-11-21 about 23:40; canvass for the suspect vehicle',
    });
    const before = storeFiles(path);
    const err = await ws.refused('detections.search', { plate: rows[3]!.plate });
    expect(err).toEqual({
      code: 'STORE_CORRUPT',
      message: 'The store is damaged. Nothing was saved from this action.',
    });
    expect(storeFiles(path)).toEqual(before);
  });

  it('a store whose schema page was damaged is refused as damaged, not with an internal error', () => {
    const s = newStore();
    commitBatch(s.db, detectionBatch(22, 1, 20));
    const page = pageOf(s.db, 'sqlite_schema', 'leaf');
    expect(page).toBeGreaterThan(1);
    s.db.close();
    overwrite(s.path, (page - 1) * 4096 + 2000, randomBytes(16));
    const before = storeFiles(s.path);
    const err = caught(() => openStore(s.path, s.key));
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toMatch(/damaged or was altered outside Canvass/);
    expect(storeFiles(s.path)).toEqual(before);
  });

  it('a store from a newer version of Canvass is refused and left exactly as it was', () => {
    const s = newStore();
    commitBatch(s.db, detectionBatch(23, 1, 20));
    s.db.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    s.db.close();
    const before = storeFiles(s.path);
    const err = caught(() => openStore(s.path, s.key));
    expect(err.code).toBe('STORE_FROM_FUTURE');
    expect(err.message).toBe(
      `This store was written by a newer version of Canvass (schema ${SCHEMA_VERSION + 10}; this version knows up to ${SCHEMA_VERSION}). Install the newer version to open it.`,
    );
    expect(storeFiles(s.path)).toEqual(before);
  });

  it('a migration that fails rolls back whole: the schema and user_version stay as they were', () => {
    const s = newStore();
    commitBatch(s.db, detectionBatch(24, 1, 20));
    const failing: Migration[] = [
      ...migrations,
      {
        version: SCHEMA_VERSION + 10,
        name: 'notes',
        up: (db) => void db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT'),
      },
      {
        version: SCHEMA_VERSION + 20,
        name: 'detection-notes',
        up: (db) => {
          db.exec('ALTER TABLE detections ADD COLUMN note TEXT');
          throw new Error('the second new migration failed half way');
        },
      },
    ];
    expect(() => migrate(s.db, failing)).toThrow(/failed half way/);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(s.db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeUndefined();
    expect(
      (s.db.prepare('PRAGMA table_info(detections)').all() as { name: string }[]).map((c) => c.name),
    ).not.toContain('note');
    expect(plates(s.db)).toHaveLength(20);

    // From an empty file, too: no half-built schema.
    const dir = tempDir();
    const fresh = openStore(join(dir, 'canvass.db'), randomBytes(32), { migrate: false });
    cleanup.push(() => fresh.open && fresh.close());
    expect(() => migrate(fresh, failing)).toThrow(/failed half way/);
    expect(fresh.pragma('user_version', { simple: true })).toBe(0);
    expect(fresh.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 });
  });

  it('a disk that fills during a batched write: DISK_FULL, nothing of the batch, every committed row kept, integrity ok', () => {
    const s = newStore();
    const committed = detectionBatch(25, 1, 500);
    commitBatch(s.db, committed);
    const head = auditHead(s.db);
    const pages = s.db.pragma('page_count', { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages + 3}`);

    const err = caught(() => commitBatch(s.db, detectionBatch(26, 501, 5_000)));
    expect(err.code).toBe('DISK_FULL');
    expect(err.message).toBe('The disk is full. Nothing was saved from this action; free some space and try again.');
    expect(s.db.inTransaction).toBe(false);
    expect(plates(s.db)).toEqual(committed.map((r) => r.plate));
    expect(auditHead(s.db)).toEqual(head);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Once there is room again, the store carries on, and after reopening everything committed is there.
    s.db.pragma('max_page_count = 1073741823');
    commitBatch(s.db, detectionBatch(27, 501, 100));
    s.db.close();
    const reopened = openStore(s.path, s.key);
    cleanup.push(() => reopened.close());
    expect(plates(reopened)).toHaveLength(600);
    expect(verifyStoreChain(reopened)).toMatchObject({ ok: true, count: 2 });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it.skipIf(!existsSync('/dev/full'))(
    'an export to a full disk fails with DISK_FULL and leaves no file that looks like a complete export',
    () => {
      const s = newStore();
      for (let i = 0; i < 5; i++) commitBatch(s.db, detectionBatch(30 + i, 1 + i * 50, 50));
      const exportDir = join(s.dir, 'exports');
      mkdirSync(exportDir);
      const target = join(exportDir, 'canvass-access-log.ndjson');
      // The export writes `<target>.partial` first; here that name leads to /dev/full, where every write fails with ENOSPC.
      symlinkSync('/dev/full', `${target}.partial`);
      const err = caught(() => exportAudit(s.db, 'ndjson', target));
      expect(err.code).toBe('DISK_FULL');
      expect(err.message).toBe('The disk is full; the export was not written. Free some space and try again.');
      expect(readdirSync(exportDir)).toEqual([]);
      expect(existsSync('/dev/full')).toBe(true);
      // With room, the same export is written whole.
      expect(exportAudit(s.db, 'ndjson', target)).toBe(5);
      expect(readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(5);
    },
  );

  it('a process killed mid-transaction: all of the committed batch, none of the open one, integrity ok, the chain verifies', async () => {
    const dir = tempDir();
    const path = join(dir, 'canvass.db');
    const key = randomBytes(32);
    openStore(path, key).close();
    const countA = 400;
    const countB = 20_000;

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/crashChild.ts', dir, String(countA), String(countB)],
      {
        cwd: REPO,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    cleanup.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stdin.end(key.toString('hex'));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolveMid, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the child never reached the middle of batch B: ${stdout} ${stderr}`)),
        45_000,
      );
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('mid\n')) {
          clearTimeout(timer);
          resolveMid();
        }
      });
      child.on('exit', (code) => reject(new Error(`the child exited early (${code}): ${stderr}`)));
    });
    expect(stdout).toBe('committed A\nmid\n');
    // Batch B's uncommitted pages are on disk, in the WAL, when the process dies.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_000_000);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const db = openStore(path, key);
    cleanup.push(() => db.open && db.close());
    const ids = (db.prepare('SELECT id FROM detections ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: countA }, (_, i) => i + 1));
    const plateOfB = detectionBatch(2, countA + 1, 1)[0]!.plate;
    expect(db.prepare('SELECT count(*) AS n FROM detections WHERE plate = ?').get(plateOfB)).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyStoreChain(db)).toMatchObject({ ok: true, count: 1 });
  });
});
