/**
 * A real process appending access records through the group commit until it is killed with SIGKILL
 * (groupCommit.test.ts). 32 callers append concurrently; each prints `<seq> <hash>` only once its promise said the
 * record is on disk, as the app would show results only then.
 *
 *   node --import tsx tests/integration/audit/groupCommitChild.ts <storePath>   (stdin: the key in hex)
 */
import { readFileSync } from 'node:fs';
import { openStore } from '../../../main/store/db';
import { AuditGroupCommit } from '../../../main/services/audit/groupCommit';
import { searchRecord } from '../../bench/records';

const [path] = process.argv.slice(2);
const key = Buffer.from(readFileSync(0, 'utf8').trim(), 'hex');
const db = openStore(path!, key);
key.fill(0);
const group = new AuditGroupCommit(db);
let next = 0;
async function caller(): Promise<void> {
  for (;;) {
    const i = next++;
    const link = await group.append(searchRecord(i, [i], 'KILL'));
    process.stdout.write(`${link.seq} ${link.hash}\n`);
  }
}
for (let c = 0; c < 32; c++) void caller();
