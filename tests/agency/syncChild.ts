/**
 * A workstation process for the kill-and-resume test: opens the encrypted store (key from the environment),
 * syncs from the agency server, and prints a line after every committed group so the test can kill it with
 * SIGKILL at a moment it chooses. Not part of the app.
 */
import { AgencyClient } from '../../main/services/sync/client';
import { runSync } from '../../main/services/sync/engine';
import { openStore } from '../../main/store/db';
import { testAudit } from './testing';

async function main(): Promise<void> {
  const [url, storePath, token] = process.argv.slice(2) as [string, string, string];
  const key = Buffer.from(process.env.CANVASS_TEST_KEY ?? '', 'hex');
  const db = openStore(storePath, key);
  const client = new AgencyClient(url);
  client.token = token;
  let committed = 0;
  const result = await runSync(db, {
    client,
    serverUrl: url,
    username: 'det.alvarez',
    audit: testAudit('det.alvarez', 'kill-test'),
    pageSize: 400,
    commitEvery: 800,
    afterPage: (feed, page) => {
      committed += page.records.length;
      if (feed === 'detections') process.stdout.write(`committed ${committed}\n`);
    },
  });
  process.stdout.write(`done ${result.outcome}\n`);
  client.close();
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
