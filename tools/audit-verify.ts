/**
 * `npm run audit:verify -- <path> [--user <username>] [--expect-head <sha256>] [--anchor <seq>:<sha256>] [--seal-key <hex>]`
 *
 * Verifies Canvass's hash-chained access log in plain Node, without the app:
 *   - an NDJSON or CSV export (no credentials needed: the chain is self-describing), or
 *   - a workstation data folder or its canvass.db (needs `--user` and that user's password, from the
 *     CANVASS_PASSWORD environment variable or typed at the prompt; the store is opened read-only).
 *
 * Prints `OK: <n> records, chain head <hash>` and exits 0, or `TAMPERED: <what and where>` naming the first
 * record that was altered, removed or inserted and exits 1. Anything that stops verification from starting
 * (usage, unknown user, wrong password, missing file) exits 2. Never prints the key or the password.
 *
 * A truncated tail, or a full rewrite by someone who holds the store key, leaves a chain that verifies on its
 * own: only an anchor catches it. Pass the chain head the agency server holds for the workstation with
 * --anchor <seq>:<hash> (the missing range is named), or a head hash from an audit memo with --expect-head. For
 * a store, the head sealed beside it (audit-head.json) is checked too, and with --seal-key (the root the agency
 * server received at enrollment) the forward-secure seals. See docs/audit-log.md.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareWithAnchor, type ChainPoint } from '../main/core/audit/anchor';
import { chainVerifier, GENESIS_HASH, type ChainLink, type ChainVerdict } from '../main/core/audit/chain';
import { sealSeries, verifySeals, type SealVerdict } from '../main/core/audit/seal';
import { AuditHeadFile, auditHeadPath, type HeadReading } from '../main/store/auditHead';
import { hmacHex } from '../main/store/auditSealState';
import { hashOfRecord, iterateSeals } from '../main/store/repos/integrity';
import { CanvassError } from '../main/core/shared/errors';
import { readExport } from '../main/services/audit/export';
import { iterateAudit, sha256Hex } from '../main/store/repos/audit';
import { openStore } from '../main/store/db';
import { findEntry, keyringPathFor, readKeyring, unwrapKey } from '../main/store/keyring';

const USAGE = `usage: npm run audit:verify -- <path> [--user <username>] [--expect-head <sha256>] [--anchor <seq>:<sha256>] [--seal-key <hex>]

  <path>                 an access-log export (.ndjson or .csv), or a workstation data folder / canvass.db
  --user <username>      for a store: whose password unlocks it (the password comes from the
                         CANVASS_PASSWORD environment variable, or is asked for without echo)
  --expect-head <hash>   a chain head you hold as an anchor (an audit memo); with --anchor, the
                         record number too (the agency server's anchor of the workstation): the only
                         ways to detect a truncated tail or a rewrite by someone with the key
  --anchor <seq>:<hash>  the chain head the agency server holds for the workstation (names what is missing)
  --seal-key <hex>       for a store: the root of its forward-secure seals, as the agency server holds it

exit status: 0 the log verifies, 1 it was tampered with, 2 it could not be verified (usage, credentials)`;

type Options = {
  path: string;
  user: string | null;
  expectHead: string | null;
  anchor: ChainPoint | null;
  sealKey: string | null;
};

/** A problem that stops verification from starting: exit 2. `usage` says whether the command line is at fault. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly usage = true,
  ) {
    super(message);
  }
}
const cannotVerify = (message: string) => new UsageError(message, false);

function parseArgs(argv: readonly string[]): Options {
  let path: string | null = null;
  let user: string | null = null;
  let expectHead: string | null = null;
  let anchor: string | null = null;
  let sealKey: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === '--user') user = value();
    else if (arg.startsWith('--user=')) user = arg.slice('--user='.length);
    else if (arg === '--expect-head') expectHead = value();
    else if (arg.startsWith('--expect-head=')) expectHead = arg.slice('--expect-head='.length);
    else if (arg === '--anchor') anchor = value();
    else if (arg.startsWith('--anchor=')) anchor = arg.slice('--anchor='.length);
    else if (arg === '--seal-key') sealKey = value();
    else if (arg.startsWith('--seal-key=')) sealKey = arg.slice('--seal-key='.length);
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else if (path === null) path = arg;
    else throw new UsageError(`One path at a time (got ${path} and ${arg}).`);
  }
  if (path === null) throw new UsageError('Say what to verify: an export file, a data folder or a canvass.db.');
  if (expectHead !== null) {
    expectHead = expectHead.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(expectHead))
      throw new UsageError('--expect-head takes a SHA-256 hash: 64 hexadecimal digits.');
  }
  if (user !== null && user.trim() === '') throw new UsageError('--user needs a username.');
  let point: ChainPoint | null = null;
  if (anchor !== null) {
    const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(anchor.trim());
    if (!m)
      throw new UsageError('--anchor takes <record number>:<SHA-256 hash>, e.g. 22:5c67…204c (64 hexadecimal digits).');
    point = { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
  }
  if (sealKey !== null && !/^[0-9a-fA-F]{64}$/.test(sealKey.trim()))
    throw new UsageError('--seal-key takes the root key the agency server holds: 64 hexadecimal digits.');
  return { path, user, expectHead, anchor: point, sealKey: sealKey?.trim().toLowerCase() ?? null };
}

type Source = { kind: 'store'; storePath: string } | { kind: 'export'; path: string };

function sourceOf(path: string): Source {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist.`);
  if (statSync(path).isDirectory()) {
    const storePath = join(path, 'canvass.db');
    if (!existsSync(storePath))
      throw new UsageError(`${path} is a folder without a canvass.db: not a Canvass data folder.`);
    return { kind: 'store', storePath };
  }
  if (basename(path).endsWith('.db')) return { kind: 'store', storePath: path };
  return { kind: 'export', path };
}

/** The password from CANVASS_PASSWORD, else typed at a terminal without echo, else the first line of stdin. */
async function readPassword(user: string): Promise<string> {
  const fromEnv = process.env.CANVASS_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stdin = process.stdin;
  if (stdin.isTTY) return promptHidden(`Password for ${user}: `);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError('No password: set CANVASS_PASSWORD or type it at the prompt.');
  return line;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(null);
        if (ch === '\u0003') return done(cannotVerify('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Feeds links to the verifier and notes where the anchor hash appears, and the hash at the anchor's record. */
function tracker(expectHead: string | null, anchor: ChainPoint | null) {
  const verifier = chainVerifier(sha256Hex);
  let anchorSeq: number | null = expectHead === GENESIS_HASH ? 0 : null;
  let atAnchor: string | null = anchor?.seq === 0 ? GENESIS_HASH : null;
  return {
    verifier,
    push(link: ChainLink, defect?: string) {
      if (expectHead !== null && link.hash === expectHead && anchorSeq === null) anchorSeq = link.seq;
      if (anchor && link.seq === anchor.seq) atAnchor = link.hash;
      verifier.push(link, defect);
    },
    anchorSeq: () => anchorSeq,
    atAnchor: () => atAnchor,
  };
}

type Checked = {
  verdict: ChainVerdict;
  anchorSeq: number | null;
  atAnchor: string | null;
  sealedHead?: HeadReading;
  seals?: SealVerdict;
};

async function verifyStore(storePath: string, options: Options): Promise<Checked> {
  const { user, expectHead, anchor } = options;
  if (user === null)
    throw new UsageError('A store is encrypted: say whose password unlocks it with --user <username>.');
  const keyringPath = keyringPathFor(storePath);
  if (!existsSync(keyringPath))
    throw cannotVerify(`There is no keyring.json beside ${storePath}: the store cannot be unlocked.`);
  let ring;
  try {
    ring = readKeyring(keyringPath);
  } catch (err) {
    throw cannotVerify((err as Error).message);
  }
  const entry = findEntry(ring, user);
  if (!entry) throw cannotVerify(`${user} holds no key to this store (unknown or disabled account).`);
  if (entry.lockedAt)
    throw cannotVerify(`${user} is locked out since ${entry.lockedAt}; an ALPR administrator must unlock the account.`);
  const password = await readPassword(user);
  const key = await unwrapKey(ring, entry, password);
  if (!key) throw cannotVerify(`The password for ${user} is incorrect.`);
  let db;
  let sealedHead: HeadReading;
  try {
    db = openStore(storePath, key, { readonly: true });
    const file = new AuditHeadFile(auditHeadPath(storePath), key);
    sealedHead = file.read();
    file.close();
  } finally {
    key.fill(0);
  }
  try {
    const t = tracker(expectHead, anchor);
    for (const link of iterateAudit(db)) {
      t.push(link);
      if (t.verifier.failed) break;
    }
    const store = db;
    const seals = options.sealKey
      ? verifySeals(hmacHex, options.sealKey, iterateSeals(store, sealSeries(hmacHex, options.sealKey)), (seq) =>
          hashOfRecord(store, seq),
        )
      : undefined;
    return { verdict: t.verifier.finish(), anchorSeq: t.anchorSeq(), atAnchor: t.atAnchor(), sealedHead, seals };
  } finally {
    db.close();
  }
}

async function verifyExportFile(path: string, options: Options): Promise<Checked> {
  if (options.sealKey)
    throw new UsageError('--seal-key checks the seals kept in a store: give a data folder or canvass.db.');
  const t = tracker(options.expectHead, options.anchor);
  for await (const entry of readExport(path)) {
    t.push(entry.link, entry.defect);
    if (t.verifier.failed) break;
  }
  return { verdict: t.verifier.finish(), anchorSeq: t.anchorSeq(), atAnchor: t.atAnchor() };
}

function report(checked: Checked, options: Options): number {
  const { verdict, anchorSeq } = checked;
  const { expectHead } = options;
  if (!verdict.ok) {
    const p = verdict.problem;
    process.stdout.write(`TAMPERED: ${p.message}\n`);
    process.stdout.write(
      `The first problem is at record ${p.seq} (${p.kind}); the ${verdict.count} record${verdict.count === 1 ? '' : 's'} before it verify.\n`,
    );
    return 1;
  }
  const { count, headSeq, headHash } = verdict;
  const atAnchor = checked.atAnchor;
  if (options.anchor) {
    const a = compareWithAnchor(
      options.anchor,
      { seq: headSeq, hash: headHash },
      (seq) => (seq === options.anchor!.seq ? atAnchor : null),
      'the anchor',
    );
    if (a.status === 'missing' || a.status === 'differs') {
      process.stdout.write(`TAMPERED: ${a.message}\n`);
      process.stdout.write(
        `The ${count} records present chain correctly among themselves; only the anchor shows the difference.\n`,
      );
      return 1;
    }
  }
  const sealed = checked.sealedHead;
  if (sealed?.state === 'sealed') {
    const s = sealed.head;
    if (s.seq > headSeq) {
      process.stdout.write(
        `TAMPERED: ${s.seq - headSeq === 1 ? `Record ${s.seq} is` : `Records ${headSeq + 1}–${s.seq} are`} missing: the log ends at record ${headSeq}, but its head was sealed at record ${s.seq} (${s.at}) in audit-head.json beside the store. Its newest writes were discarded (the WAL dropped) or an older copy of the store was put back.\n`,
      );
      return 1;
    }
  } else if (sealed?.state === 'altered') {
    process.stdout.write(
      'TAMPERED: The sealed head beside the store (audit-head.json) does not verify: it was altered, or comes from another workstation.\n',
    );
    return 1;
  }
  if (checked.seals && !checked.seals.ok) {
    process.stdout.write(`TAMPERED: ${checked.seals.problem.message}\n`);
    process.stdout.write(`The first ${checked.seals.count} seals verify under the agency's key.\n`);
    return 1;
  }
  if (expectHead !== null && headHash !== expectHead && anchorSeq === null) {
    process.stdout.write(
      `TAMPERED: The chain head ${headHash} (record ${headSeq}) is not the expected head ${expectHead}, and no record in the log has that hash: ` +
        `records at the end of the log were removed (a truncated tail) or the log was rewritten by someone holding the store key.\n`,
    );
    process.stdout.write(
      `The ${count} records present chain correctly among themselves; only the anchor shows the difference.\n`,
    );
    return 1;
  }
  process.stdout.write(`OK: ${count} records, chain head ${headHash}\n`);
  if (options.anchor) {
    const after = headSeq - options.anchor.seq;
    process.stdout.write(
      after === 0
        ? `The chain head is the anchor (record ${options.anchor.seq}).\n`
        : `The log holds the anchor (record ${options.anchor.seq}) unchanged, and ${after} record${after === 1 ? '' : 's'} written after it.\n`,
    );
  }
  if (checked.seals?.ok)
    process.stdout.write(
      `The ${checked.seals.count} forward-secure seals verify under the agency's key, through record ${checked.seals.lastSeq}.\n`,
    );
  if (expectHead === null) {
    if (options.anchor === null)
      process.stdout.write(
        'Note: without --expect-head a removed tail or a rewrite by someone holding the store key cannot be detected; compare the head with the one the agency server holds or an audit memo shows.\n',
      );
  } else if (headHash === expectHead) {
    process.stdout.write('The chain head matches the expected head.\n');
  } else {
    const added = headSeq - anchorSeq!;
    process.stdout.write(
      `The expected head is ${anchorSeq === 0 ? 'the start of the log' : `the hash of record ${anchorSeq}`}; the log holds it unchanged and ${added} record${added === 1 ? '' : 's'} written after it.\n`,
    );
  }
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseArgs(argv);
    const source = sourceOf(options.path);
    const checked =
      source.kind === 'store'
        ? await verifyStore(source.storePath, options)
        : await verifyExportFile(source.path, options);
    return report(checked, options);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`audit:verify: ${err.message}\n${err.usage ? `${USAGE.split('\n')[0]}\n` : ''}`);
      return 2;
    }
    if (err instanceof CanvassError && (err.code === 'STORE_CORRUPT' || err.code === 'AUDIT_CHAIN_BROKEN')) {
      process.stdout.write(`TAMPERED: ${err.message}\n`);
      return 1;
    }
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      process.stdout.write(
        'TAMPERED: The store is damaged or was altered outside Canvass: a page of the access log fails its integrity check.\n',
      );
      return 1;
    }
    if (err instanceof CanvassError) {
      process.stderr.write(`audit:verify: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`audit:verify: could not verify: ${(err as Error)?.message ?? String(err)}\n`);
    return 2;
  }
}

async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2));
}

void run();
