/**
 * A real process that writes an evidence package and is killed with SIGKILL mid-write (media.test.ts). It signs the
 * evidence technician in on the workstation's data folder, opens the case's purpose, starts the build and prints
 * each progress event as `progress <phase> <files>`, then waits to be killed.
 *
 *   node --import tsx tests/integration/evidence/buildChild.ts <dataDir> <medium> <caseNumber> <ids,...>
 *   (stdin: the technician's username and password, one per line)
 */
import { readFileSync } from 'node:fs';
import { createApi } from '../../../main/services/kernel/api';
import { PROFILES_DIR, TEST_SCRYPT } from '../../support/workstation';

const [dataDir, medium, caseNumber, ids] = process.argv.slice(2);
const [username, password] = readFileSync(0, 'utf8').trim().split('\n');

async function main(): Promise<void> {
  const api = createApi({ dataDir: dataDir!, profilesDir: PROFILES_DIR, scrypt: TEST_SCRYPT, workstation: 'test-ws' });
  const must = async (method: string, args?: unknown) => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  await must('auth.login', { username, password });
  await must('purposes.open', {
    numberKind: 'case',
    number: caseNumber,
    purposeId: 'criminal_investigation',
    description: 'Residential burglary series: booking the ALPR evidence to media',
  });
  api.on('evidence.progress', (p) => process.stdout.write(`progress ${p.phase} ${p.files}\n`));
  api.on('evidence.finished', (f) => process.stdout.write(`finished ${f.status}\n`));
  await must('evidence.build', { detectionIds: ids!.split(',').map(Number), medium });
  setInterval(() => undefined, 1000);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
