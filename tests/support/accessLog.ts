import { join } from 'node:path';
import type { AuditEntry } from '../../preload/contract';
import type { AuditRecord } from '../../main/core/audit/chain';
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
    return [...iterateAudit(db)]
      .map((link): AuditEntry => {
        const r = JSON.parse(link.body) as AuditRecord;
        return {
          seq: link.seq,
          at: r.at,
          action: r.action,
          outcome: r.outcome,
          username: r.username,
          agency: r.agency,
          purpose: r.purpose ? [r.purpose.number, r.purpose.purposeLabel].filter(Boolean).join(' — ') : null,
          data: JSON.stringify(r.data),
          redacted: false,
          hash: link.hash,
        };
      })
      .reverse();
  } finally {
    db.close();
  }
}
