/**
 * `npm run audit:verify -- <path> [--user <username>] [--expect-head <sha256>]`
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
 * own: only an anchor catches it. Pass the head hash the agency server holds (pushed on sync) or the one
 * printed on an audit memo with --expect-head. See docs/audit-log.md.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chainVerifier, GENESIS_HASH, type ChainLink, type ChainVerdict } from '../main/core/audit/chain';
import { CanvassError } from '../main/core/shared/errors';
import { readExport } from '../main/services/audit/export';
import { iterateAudit, sha256Hex } from '../main/store/repos/audit';
import { openStore } from '../main/store/db';
import { findEntry, keyringPathFor, readKeyring, unwrapKey } from '../main/store/keyring';

const USAGE = `usage: npm run audit:verify -- <path> [--user <username>] [--expect-head <sha256>]

  <path>                 an access-log export (.ndjson or .csv), or a workstation data folder / canvass.db
  --user <username>      for a store: whose password unlocks it (the password comes from the
                         CANVASS_PASSWORD environment variable, or is asked for without echo)
  --expect-head <hash>   the chain head you hold as an anchor (from the agency server or an audit memo);
                         the only way to detect a truncated tail or a rewrite by someone with the key

exit status: 0 the log verifies, 1 it was tampered with, 2 it could not be verified (usage, credentials)`;

type Options = { path: string; user: string | null; expectHead: string | null };

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
  return { path, user, expectHead };
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

/** Feeds links to the verifier and notes where the anchor hash appears, if it does. */
function tracker(expectHead: string | null) {
  const verifier = chainVerifier(sha256Hex);
  let anchorSeq: number | null = expectHead === GENESIS_HASH ? 0 : null;
  return {
    verifier,
    push(link: ChainLink, defect?: string) {
      if (expectHead !== null && link.hash === expectHead && anchorSeq === null) anchorSeq = link.seq;
      verifier.push(link, defect);
    },
    anchorSeq: () => anchorSeq,
  };
}

async function verifyStore(storePath: string, user: string | null, expectHead: string | null) {
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
  try {
    db = openStore(storePath, key, { readonly: true });
  } finally {
    key.fill(0);
  }
  try {
    const t = tracker(expectHead);
    for (const link of iterateAudit(db)) {
      t.push(link);
      if (t.verifier.failed) break;
    }
    return { verdict: t.verifier.finish(), anchorSeq: t.anchorSeq() };
  } finally {
    db.close();
  }
}

async function verifyExportFile(path: string, expectHead: string | null) {
  const t = tracker(expectHead);
  for await (const entry of readExport(path)) {
    t.push(entry.link, entry.defect);
    if (t.verifier.failed) break;
  }
  return { verdict: t.verifier.finish(), anchorSeq: t.anchorSeq() };
}

function report(verdict: ChainVerdict, anchorSeq: number | null, expectHead: string | null): number {
  if (!verdict.ok) {
    const p = verdict.problem;
    process.stdout.write(`TAMPERED: ${p.message}\n`);
    process.stdout.write(
      `The first problem is at record ${p.seq} (${p.kind}); the ${verdict.count} record${verdict.count === 1 ? '' : 's'} before it verify.\n`,
    );
    return 1;
  }
  const { count, headSeq, headHash } = verdict;
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
  if (expectHead === null) {
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
    const { verdict, anchorSeq } =
      source.kind === 'store'
        ? await verifyStore(source.storePath, options.user, options.expectHead)
        : await verifyExportFile(source.path, options.expectHead);
    return report(verdict, anchorSeq, options.expectHead);
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
