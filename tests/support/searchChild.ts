/**
 * A real workstation process that signs in, opens a purpose and runs one search (tests/integration/audit/
 * durability.test.ts traces its system calls). Around the search it tries to open two marker files that do not
 * exist, so the trace shows where the search began and where its results were back in hand.
 *
 *   node --import tsx tests/support/searchChild.ts <dataDir> <username> <password>
 */
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { createApi } from '../../main/services/kernel/api';
import { PROFILES_DIR, SHOOTING_PURPOSE, TEST_SCRYPT } from './workstation';

const [dir, username, password] = process.argv.slice(2) as [string, string, string];

function marker(name: string): void {
  try {
    openSync(join(dir, `.marker-${name}`), 'r');
  } catch {
    /* it does not exist: the attempt is the mark */
  }
}

async function main(): Promise<void> {
  const api = createApi({ dataDir: dir, profilesDir: PROFILES_DIR, scrypt: TEST_SCRYPT, workstation: 'search-child' });
  const must = async (method: string, args?: unknown) => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await must('auth.login', { username, password });
  await must('purposes.open', SHOOTING_PURPOSE);
  marker('search-begins');
  const result = (await must('detections.search', { plate: 'QZ*' })) as { rows: unknown[] };
  marker('results-returned');
  process.stdout.write(`${JSON.stringify({ rows: result.rows.length })}\n`);
  api.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
