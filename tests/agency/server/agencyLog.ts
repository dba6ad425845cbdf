/**
 * The reference server's agency-wide access log (docs/sync-protocol.md, "Agency log"): `GET /v1/audit/agency`
 * gives an administrator or custodian every enrolled workstation with its chain's verdict and when it last pushed,
 * and the links after the caller's cursor per workstation, in pages.
 */
import { createHash } from 'node:crypto';
import { chainVerifier, type ChainLink } from '../../../main/core/audit/chain';
import { parseCursor, type AgencyLogPage } from '../../../main/core/audit/agencyLog';
import type { AgencyStore } from './store';

const sha256Hex = (t: string) => createHash('sha256').update(t).digest('hex');

export function agencyLogPage(db: AgencyStore, after: string, limit: number): AgencyLogPage {
  const cursors = parseCursor(after);
  const enrolled = db.prepare('SELECT id, name FROM workstations ORDER BY id').all() as { id: string; name: string }[];
  const workstations: AgencyLogPage['workstations'] = enrolled.map((w) => {
    // The server accepted each link only if it continued the chain; it checks what it holds again here, and a
    // divergence a workstation reported with its anchor (a rolled-back log) fails the verdict too.
    const verifier = chainVerifier(sha256Hex);
    const links = db
      .prepare('SELECT seq, body, prev_hash AS prevHash, hash FROM audit_links WHERE workstation_id = ? ORDER BY seq')
      .iterate(w.id) as Iterable<ChainLink>;
    for (const link of links) verifier.push(link);
    const v = verifier.finish();
    const divergence = db
      .prepare('SELECT divergence FROM audit_anchors WHERE workstation_id = ? AND divergence IS NOT NULL LIMIT 1')
      .get(w.id) as { divergence: string } | undefined;
    const last = db.prepare('SELECT max(received_at) AS at FROM audit_links WHERE workstation_id = ?').get(w.id) as {
      at: string | null;
    };
    return {
      id: w.id,
      name: w.name,
      headSeq: v.ok ? v.headSeq : 0,
      headHash: v.ok ? v.headHash : '0'.repeat(64),
      lastPushedAt: last.at,
      verdict: !v.ok
        ? { ok: false as const, message: v.problem.message }
        : divergence
          ? { ok: false as const, message: `The workstation reported a rolled-back log: ${divergence.divergence}` }
          : { ok: true as const },
    };
  });
  const links: AgencyLogPage['links'] = [];
  let more = false;
  for (const w of enrolled) {
    const rows = db
      .prepare(
        'SELECT seq, body, prev_hash AS prevHash, hash FROM audit_links WHERE workstation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(w.id, cursors.get(w.id) ?? 0, limit - links.length + 1) as ChainLink[];
    for (const r of rows) {
      if (links.length === limit) {
        more = true;
        break;
      }
      links.push({ workstationId: w.id, ...r });
    }
    if (more) break;
  }
  return { workstations, links, more };
}
