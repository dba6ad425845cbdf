import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The real `sqlcipher` command-line shell (Debian bookworm-backports: 4.6.1), used to prove that Canvass's
 * store is a genuine SQLCipher 4 database and to tamper with it the way someone holding the key could.
 * The key goes in on stdin, never on the command line, so it does not show in `ps`.
 */
export const SQLCIPHER_PATH = ['/usr/bin/sqlcipher', '/usr/local/bin/sqlcipher'].find((p) => existsSync(p)) ?? null;

export type CliResult = { status: number | null; stdout: string; stderr: string };

/** `sqlcipher -version`, e.g. "3.46.1 2024-08-13 … (64-bit) (SQLCipher 4.6.1 community)", or null without the CLI. */
export function sqlcipherVersion(): string | null {
  if (!SQLCIPHER_PATH) return null;
  const r = spawnSync(SQLCIPHER_PATH, ['-version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The SQLCipher major version the CLI reports ("SQLCipher 4.6.1 community" → 4), or null. */
export function sqlcipherMajor(version: string | null): number | null {
  const m = version?.match(/SQLCipher (\d+)\.\d+/);
  return m ? Number(m[1]) : null;
}

/** Why the CLI tests are skipped, when they are. */
export const SQLCIPHER_SKIP_REASON =
  'the sqlcipher CLI is not installed (on Debian 12: enable bookworm-backports and `apt-get install -t bookworm-backports sqlcipher`; .ci/run does this)';

/**
 * Runs SQL in the CLI against `dbPath`, keyed with a raw 256-bit key (`PRAGMA key = "x'<hex>'"`) when one is
 * given. Stops at the first error (-bail). The `ok` row that `PRAGMA key` answers with is removed from stdout.
 */
export function sqlcipher(dbPath: string, sql: string, key?: Buffer | null): CliResult {
  if (!SQLCIPHER_PATH) throw new Error(SQLCIPHER_SKIP_REASON);
  const keying = key ? `PRAGMA key = "x'${key.toString('hex')}'";\n` : '';
  const r = spawnSync(SQLCIPHER_PATH, ['-batch', '-bail', '-noheader', '-list', dbPath], {
    input: `${keying}${sql}\n`,
    encoding: 'utf8',
  });
  const stdout = key ? r.stdout.replace(/^ok\n/, '') : r.stdout;
  return { status: r.status, stdout, stderr: r.stderr };
}

/** Like `sqlcipher` but throws with the CLI's error when it fails. */
export function sqlcipherOk(dbPath: string, sql: string, key: Buffer): string {
  const r = sqlcipher(dbPath, sql, key);
  if (r.status !== 0) throw new Error(`sqlcipher failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}
