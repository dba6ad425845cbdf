import { join } from 'node:path';
import type { AuditEntry } from '../../preload/contract';
import { auditEntry } from '../../main/services/audit/entries';
import { openStore } from '../../main/store/db';
import { findEntry, readKeyring, unwrapKey } from '../../main/store/keyring';
import { iterateAudit } from '../../main/store/repos/audit';

/**
 * The whole access log as an outside auditor reads it: straight from the store (read-only), unlocked with an
 * account's password, newest first, in the shape `audit.list` answers. The app's own view hides plates and
 * detection ids from an account that may not see them (an administrator-only account); tests that check what a
 * record holds read it here.
 */
export async function accessLog(dir: string, username: string, password: string): Promise<AuditEntry[]> {
  const ring = readKeyring(join(dir, 'keyring.json'));
  const entry = findEntry(ring, username);
  const key = entry ? await unwrapKey(ring, entry, password) : null;
  if (!key) throw new Error(`${username} cannot unlock the store in ${dir}`);
  const db = openStore(join(dir, 'canvass.db'), key, { readonly: true });
  key.fill(0);
  try {
    return [...iterateAudit(db)].map((link) => auditEntry(link, true)).reverse();
  } finally {
    db.close();
  }
}
