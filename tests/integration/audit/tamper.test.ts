import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLink, type AuditRecord, type ChainLink } from '../../../main/core/audit/chain';
import { exportAudit } from '../../../main/services/audit/export';
import { verifyStoreChain } from '../../../main/services/audit/verify';
import { auditHead, sha256Hex } from '../../../main/store/repos/audit';
import { openStore } from '../../../main/store/db';
import { upsertDetections } from '../../../main/store/repos/detections';
import { CAMERAS, detectionBatch } from '../../support/detectionsFixture';
import { SQLCIPHER_PATH, SQLCIPHER_SKIP_REASON, sqlcipherOk } from '../../support/sqlcipherCli';
import {
  ADMIN_PASSWORD,
  INVESTIGATOR_PASSWORD,
  withInvestigator,
  workstation,
  type Workstation,
  storeKey,
} from '../../support/workstation';
import { upsertCameras } from '../../../main/store/repos/cameras';

/**
 * The access log is append-only inside Canvass and tamper-evident outside it: whoever edits the store with
 * the real sqlcipher CLI and the key, or edits an export as text, is caught by `npm run audit:verify`, which
 * names the first record altered, removed or inserted.
 */

const REPO = resolve(__dirname, '../../..');

type Tool = { status: number | null; stdout: string; stderr: string; first: string };

/** Runs the verifier as an outside auditor would: `npx tsx tools/audit-verify.ts …`, plain Node, no app. */
function auditVerify(args: string[], options: { password?: string; stdin?: string } = {}): Tool {
  const env = { ...process.env };
  delete env.CANVASS_PASSWORD;
  if (options.password !== undefined) env.CANVASS_PASSWORD = options.password;
  const r = spawnSync('npx', ['tsx', 'tools/audit-verify.ts', ...args], {
    cwd: REPO,
    env,
    input: options.stdin ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, first: r.stdout.split('\n')[0] ?? '' };
}

const GOOD_PURPOSE = {
  numberKind: 'case' as const,
  number: '26-004512',
  purposeId: 'canvass_major_crime',
  description:
    'Shooting at El Camino Real and San Antonio Rd on 2026-11-21 about 23:40; canvass for the suspect vehicle',
};

let ws: Workstation;
let key: Buffer;
let links: ChainLink[];
/** The investigator's plate search: the record a person covering their tracks would want to change. */
let K: number;
let head: { seq: number; hash: string };
let appExport: { ndjson: string; csv: string };
const scratch: string[] = [];

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-tamper-'));
  scratch.push(dir);
  return dir;
}

/** A copy of the workstation's data folder to tamper with. */
function copyOfWorkstation(): string {
  const dir = scratchDir();
  cpSync(ws.dir, dir, { recursive: true });
  return dir;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const recordAt = (seq: number) => JSON.parse(links[seq - 1]!.body) as AuditRecord;

beforeAll(async () => {
  ws = workstation();
  await withInvestigator(ws);
  // Detections arrive as sync would put them: straight into the store, with the real key.
  key = await storeKey(ws);
  ws.api.close();
  const seed = openStore(join(ws.dir, 'canvass.db'), key);
  upsertCameras(seed, CAMERAS);
  upsertDetections(seed, detectionBatch(41, 1, 60));
  seed.close();
  ws.reopen();

  await ws.refused('auth.login', { username: 'det.chen', password: 'tango-victor-8 bravo' });
  await ws.call('auth.login', { username: 'det.chen', password: INVESTIGATOR_PASSWORD });
  await ws.call('purposes.open', GOOD_PURPOSE);
  await ws.call('detections.search', { plate: 'QZ*' });
  await ws.call('detections.get', { id: 3 });
  await ws.call('detections.get', { id: 7 });
  await ws.call('auth.logout');
  await ws.call('auth.login', { username: 'admin.rivera', password: ADMIN_PASSWORD });
  appExport = {
    ndjson: (await ws.call('audit.export', { format: 'ndjson' })).path,
    csv: (await ws.call('audit.export', { format: 'csv' })).path,
  };
  await ws.call('auth.logout');
  ws.api.close();

  const db = openStore(join(ws.dir, 'canvass.db'), key, { readonly: true });
  links = [
    ...(db.prepare('SELECT seq, body, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq').all() as ChainLink[]),
  ];
  head = auditHead(db);
  db.close();
  K = links.find((l) => (JSON.parse(l.body) as AuditRecord).action === 'detections.search')!.seq;
}, 120_000);

afterAll(() => {
  ws.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the access log inside Canvass', () => {
  it('holds real activity, with the investigator’s search in the middle of the chain', () => {
    expect(links.length).toBeGreaterThan(15);
    expect(K).toBeGreaterThan(5);
    expect(K).toBeLessThan(links.length - 3);
    expect(recordAt(K)).toMatchObject({ username: 'det.chen', purpose: { number: '26-004512' } });
  });

  it('is append-only: an UPDATE or DELETE through Canvass’s own connection is refused by the store', () => {
    const dir = copyOfWorkstation();
    const db = openStore(join(dir, 'canvass.db'), key);
    try {
      expect(() =>
        db.prepare("UPDATE audit_log SET body = replace(body, 'det.chen', 'admin.rivera') WHERE seq = ?").run(K),
      ).toThrow(/the audit log is append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(K)).toThrow(/the audit log is append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/the audit log is append-only/);
      expect(verifyStoreChain(db)).toEqual({ ok: true, count: head.seq, headSeq: head.seq, headHash: head.hash });
    } finally {
      db.close();
    }
  });
});

describe.skipIf(!SQLCIPHER_PATH)(
  `a store tampered with through the sqlcipher CLI${SQLCIPHER_PATH ? '' : ` (skipped: ${SQLCIPHER_SKIP_REASON})`}`,
  () => {
    /** Tampers with a copy of the store using the real CLI and the store key, as someone holding it could. */
    function tampered(sql: string): string {
      const dir = copyOfWorkstation();
      sqlcipherOk(join(dir, 'canvass.db'), sql, key);
      return dir;
    }

    it('an untouched store verifies: `npm run audit:verify` prints the record count and chain head, exit 0', () => {
      const env = { ...process.env, CANVASS_PASSWORD: ADMIN_PASSWORD };
      const r = spawnSync('npm', ['run', '--silent', 'audit:verify', '--', ws.dir, '--user', 'admin.rivera'], {
        cwd: REPO,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`OK: ${head.seq} records, chain head ${head.hash}`);
      expect(r.stdout).toMatch(/without --expect-head a removed tail .* cannot be detected/);
      expect(r.stdout + r.stderr).not.toContain(ADMIN_PASSWORD);
      expect(r.stdout + r.stderr).not.toContain(key.toString('hex'));
    });

    it('a record’s body changed (triggers dropped) is named as altered', () => {
      const dir = tampered(`DROP TRIGGER audit_log_no_update;
      UPDATE audit_log SET body = replace(body, '"username":"det.chen"', '"username":"admin.rivera"') WHERE seq = ${K};`);
      const r = auditVerify([dir, '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(r.status).toBe(1);
      expect(r.first).toBe(`TAMPERED: Record ${K} was altered: its content does not match its hash.`);
      expect(r.stdout).toContain(`the ${K - 1} records before it verify`);
    });

    it('a record deleted is named as removed, and so is one whose gap was closed by renumbering', () => {
      const deleted = tampered(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = ${K};`);
      const r = auditVerify([join(deleted, 'canvass.db'), '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(r.status).toBe(1);
      expect(r.first).toBe(`TAMPERED: Record ${K} was removed (the log jumps from ${K - 1} to ${K + 1}).`);

      const renumbered = tampered(`DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;
      DELETE FROM audit_log WHERE seq = ${K};
      UPDATE audit_log SET seq = -seq WHERE seq > ${K};
      UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0;`);
      const r2 = auditVerify([renumbered, '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(r2.status).toBe(1);
      expect(r2.first).toBe(
        `TAMPERED: Record ${K} was removed and the records after it were renumbered (the record now numbered ${K} was written as ${K + 1}).`,
      );
    });

    it('a forged record inserted with a correct hash of its own, the later records renumbered, is named as inserted', () => {
      const forged = makeLink(sha256Hex, links[K - 2]!.hash, K, {
        ...recordAt(K),
        action: 'detections.view',
        data: { detectionIds: [12] },
      });
      const dir = tampered(`DROP TRIGGER audit_log_no_update;
      UPDATE audit_log SET seq = -seq WHERE seq >= ${K};
      UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0;
      INSERT INTO audit_log (seq, body, prev_hash, hash) VALUES (${K}, ${quote(forged.body)}, ${quote(forged.prevHash)}, ${quote(forged.hash)});`);
      const r = auditVerify([dir, '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(r.status).toBe(1);
      expect(r.first).toBe(
        `TAMPERED: A record was inserted at ${K}: the record after it is the real record ${K} and follows record ${K - 1} directly.`,
      );
    });

    it('a truncated tail is caught by the head sealed beside the store, and without it only against the anchored head', () => {
      const dir = tampered(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > ${head.seq - 2};`);
      const sealed = auditVerify([dir, '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(sealed.status).toBe(1);
      expect(sealed.first).toMatch(
        new RegExp(
          `^TAMPERED: Records ${head.seq - 1}–${head.seq} are missing: the log ends at record ${head.seq - 2}, but its head was sealed at record ${head.seq} `,
        ),
      );
      // Someone holding the key can take the sealed head away too: the chain alone then verifies.
      rmSync(join(dir, 'audit-head.json'));
      const alone = auditVerify([dir, '--user', 'admin.rivera'], { password: ADMIN_PASSWORD });
      expect(alone.status).toBe(0);
      expect(alone.first).toBe(`OK: ${head.seq - 2} records, chain head ${links[head.seq - 3]!.hash}`);
      const anchored = auditVerify([dir, '--user', 'admin.rivera', '--expect-head', head.hash], {
        password: ADMIN_PASSWORD,
      });
      expect(anchored.status).toBe(1);
      expect(anchored.first).toMatch(
        /^TAMPERED: The chain head [0-9a-f]{64} \(record \d+\) is not the expected head [0-9a-f]{64}, and no record in the log has that hash: records at the end of the log were removed \(a truncated tail\)/,
      );
    });

    it('an anchor taken earlier (the head of an export) is found in the longer log: OK, with how many records came after it', () => {
      const earlier = links[head.seq - 2]!; // the app's export was followed by one more record: the export itself, then the logout
      const r = auditVerify([ws.dir, '--user', 'admin.rivera', '--expect-head', earlier.hash], {
        password: ADMIN_PASSWORD,
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        `The expected head is the hash of record ${earlier.seq}; the log holds it unchanged and 1 record written after it.`,
      );
      const same = auditVerify([ws.dir, '--user', 'admin.rivera', '--expect-head', head.hash.toUpperCase()], {
        password: ADMIN_PASSWORD,
      });
      expect(same.stdout).toContain('The chain head matches the expected head.');
    });

    it('reads the password from stdin when it is not in the environment; a wrong one is refused with exit 2 and never echoed', () => {
      const piped = auditVerify([ws.dir, '--user', 'admin.rivera'], { stdin: `${ADMIN_PASSWORD}\n` });
      expect(piped.first).toBe(`OK: ${head.seq} records, chain head ${head.hash}`);
      const wrong = auditVerify([ws.dir, '--user', 'admin.rivera'], { password: 'correct horse staple' });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('The password for admin.rivera is incorrect.');
      expect(wrong.stdout + wrong.stderr).not.toContain('correct horse staple');
    });

    it('usage errors exit 2 with a clear message', () => {
      const noUser = auditVerify([ws.dir], { password: ADMIN_PASSWORD });
      expect(noUser.status).toBe(2);
      expect(noUser.stderr).toContain('A store is encrypted: say whose password unlocks it with --user <username>.');
      const nothing = auditVerify([]);
      expect(nothing.status).toBe(2);
      expect(nothing.stderr).toMatch(/Say what to verify/);
      const badHead = auditVerify([appExport.ndjson, '--expect-head', 'abc']);
      expect(badHead.status).toBe(2);
      expect(badHead.stderr).toMatch(/64 hexadecimal digits/);
      expect(auditVerify([join(ws.dir, 'nope.ndjson')]).stderr).toMatch(/does not exist/);
    }, 120_000);
  },
);

describe('exports edited as text', () => {
  /** Exports of the whole store as it stands, so their head is the store's head. */
  let ndjson: string;
  let csv: string;
  beforeAll(() => {
    const dir = scratchDir();
    const db = openStore(join(ws.dir, 'canvass.db'), key, { readonly: true });
    ndjson = join(dir, 'access-log.ndjson');
    csv = join(dir, 'access-log.csv');
    exportAudit(db, 'ndjson', ndjson);
    exportAudit(db, 'csv', csv);
    db.close();
  });

  function edited(path: string, edit: (lines: string[]) => string[]): string {
    const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
    const out = join(scratchDir(), path.endsWith('.csv') ? 'edited.csv' : 'edited.ndjson');
    writeFileSync(out, `${edit(lines).join('\n')}\n`);
    return out;
  }

  it('untouched NDJSON and CSV exports verify with the same head as the store', () => {
    for (const path of [ndjson, csv]) {
      const r = auditVerify([path]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.first).toBe(`OK: ${head.seq} records, chain head ${head.hash}`);
    }
  });

  it('the exports the app wrote verify too, up to the moment they were made', () => {
    const r = auditVerify([appExport.csv]);
    expect(r.status).toBe(0);
    expect(r.first).toMatch(/^OK: \d+ records, chain head [0-9a-f]{64}$/);
    expect(auditVerify([appExport.ndjson]).status).toBe(0);
  });

  describe.each([
    {
      format: 'NDJSON',
      line: (seq: number) => seq - 1,
      path: () => ndjson,
      field: ['"username":"det.chen"', '"username":"admin.rivera"'],
      repeated: ['"record":{"action":', '"record":{"username":"admin.rivera","action":'],
    },
    {
      format: 'CSV',
      line: (seq: number) => seq,
      path: () => csv,
      field: ['""username"":""det.chen""', '""username"":""admin.rivera""'],
      repeated: ['{""action"":', '{""username"":""admin.rivera"",""action"":'],
    },
  ])('$format', ({ line, path, field, repeated }) => {
    it('a changed field is named as altered', () => {
      const out = edited(path(), (lines) => lines.map((l, i) => (i === line(K) ? l.replace(field[0]!, field[1]!) : l)));
      const r = auditVerify([out]);
      expect(r.status).toBe(1);
      expect(r.first).toBe(`TAMPERED: Record ${K} was altered: its content does not match its hash.`);
    });

    it('a repeated key placed before the real one is refused: only the canonical bytes verify', () => {
      // A reader that keeps the first of two equal keys shows admin.rivera; the hash covers det.chen.
      const out = edited(path(), (lines) =>
        lines.map((l, i) => (i === line(K) ? l.replace(repeated[0]!, repeated[1]!) : l)),
      );
      expect(readFileSync(out, 'utf8')).toContain(repeated[1]!);
      const r = auditVerify([out]);
      expect(r.status).toBe(1);
      expect(r.first).toBe(
        `TAMPERED: Record ${K} was altered: line ${line(K) + 1} is not in the canonical form Canvass writes (a repeated or reordered key, or added spacing).`,
      );
    });

    it('a deleted line is named as removed', () => {
      const out = edited(path(), (lines) => lines.filter((_, i) => i !== line(K)));
      const r = auditVerify([out]);
      expect(r.status).toBe(1);
      expect(r.first).toBe(`TAMPERED: Record ${K} was removed (the log jumps from ${K - 1} to ${K + 1}).`);
    });

    it('an inserted line is named as inserted', () => {
      const out = edited(path(), (lines) => [
        ...lines.slice(0, line(K)),
        lines[line(K)]!.replace(field[0]!, field[1]!),
        ...lines.slice(line(K)),
      ]);
      const r = auditVerify([out]);
      expect(r.status).toBe(1);
      expect(r.first).toBe(
        `TAMPERED: A record was inserted at ${K}: the record after it is the real record ${K} and follows record ${K - 1} directly.`,
      );
    });
  });

  it('in a CSV, a readable column edited on its own is caught: it must say what the hashed record says', () => {
    const out = edited(csv, (lines) => lines.map((l, i) => (i === K ? l.replace(',det.chen,', ',admin.rivera,') : l)));
    const r = auditVerify([out]);
    expect(r.status).toBe(1);
    expect(r.first).toBe(
      `TAMPERED: Record ${K} was altered: its username column (line ${K + 1}) says "admin.rivera" but the record says "det.chen".`,
    );
  });

  it('a line that is not a record is named where it stands', () => {
    const out = edited(ndjson, (lines) => lines.map((l, i) => (i === K - 1 ? '{"seq": oops' : l)));
    const r = auditVerify([out]);
    expect(r.status).toBe(1);
    expect(r.first).toBe(`TAMPERED: Record ${K} was altered: line ${K} is not a readable log record.`);
  });
});
