import type { AgencyLogInfo } from '../../../preload/contract';
import { cursorText, isSilent } from '../../core/audit/agencyLog';
import { GENESIS_HASH, linkMaterial } from '../../core/audit/chain';
import { inTransaction } from '../../store/db';
import { sha256Hex } from '../../store/repos/audit';
import {
  agencyLogCount,
  agencyLogHeads,
  agencyWorkstations,
  upsertAgencyLinks,
  upsertAgencyWorkstation,
} from '../../store/repos/audits';
import { storeOf, type Context } from '../kernel/context';
import { enrolledWorkstationId, fetchAgencyLogPage } from '../sync';
import { record } from './log';

const PAGE = 5000;

/**
 * Pulls the agency-wide access log (every other workstation's pushed chain) into this store for audits, page by
 * page after what is held. Each link is checked again here — its hash, and that it continues the link before it —
 * so the auditor does not take the server's verdict on trust; a chain that fails keeps what came before the break.
 */
export async function pullAgencyLog(ctx: Context): Promise<AgencyLogInfo> {
  const db = storeOf(ctx);
  const own = enrolledWorkstationId(ctx);
  const heads = agencyLogHeads(db);
  const broken = new Map<string, string>();
  let fetched = 0;
  let serverWorkstations: Awaited<ReturnType<typeof fetchAgencyLogPage>>['workstations'] = [];
  for (;;) {
    const cursor = new Map([...heads].map(([ws, h]) => [ws, h.seq]));
    if (own) cursor.set(own, Number.MAX_SAFE_INTEGER);
    for (const ws of broken.keys()) cursor.set(ws, Number.MAX_SAFE_INTEGER);
    const page = await fetchAgencyLogPage(ctx, cursorText(cursor), PAGE);
    serverWorkstations = page.workstations;
    const accepted = new Map<string, { seq: number; body: string; hash: string }[]>();
    for (const link of page.links) {
      if (link.workstationId === own || broken.has(link.workstationId)) continue;
      const head = heads.get(link.workstationId) ?? { seq: 0, hash: GENESIS_HASH };
      const problem =
        link.seq !== head.seq + 1
          ? `record ${head.seq + 1} is missing`
          : link.prevHash !== head.hash
            ? `record ${link.seq} does not follow record ${head.seq}`
            : sha256Hex(linkMaterial(link.prevHash, link.seq, link.body)) !== link.hash
              ? `record ${link.seq} does not match its hash`
              : null;
      if (problem) {
        broken.set(link.workstationId, problem);
        continue;
      }
      heads.set(link.workstationId, { seq: link.seq, hash: link.hash });
      const list = accepted.get(link.workstationId) ?? [];
      list.push(link);
      accepted.set(link.workstationId, list);
      fetched++;
    }
    inTransaction(db, () => {
      for (const [ws, links] of accepted) upsertAgencyLinks(db, ws, links);
    });
    if (!page.more || page.links.length === 0) break;
  }
  const now = ctx.now();
  inTransaction(db, () => {
    for (const w of serverWorkstations) {
      const local = broken.get(w.id);
      upsertAgencyWorkstation(db, {
        workstationId: w.id,
        name: w.name,
        verdict: local
          ? `Broken here: ${local}`
          : w.verdict.ok
            ? w.id === own
              ? 'Verified by the server (this workstation)'
              : 'Verified by the server and here'
            : `Broken on the server: ${w.verdict.message}`,
        headSeq: w.headSeq,
        lastPushedAt: w.lastPushedAt,
        fetchedAt: now.toISOString(),
      });
    }
    record(ctx, db, 'audit.agencyLog', 'ok', {
      workstations: serverWorkstations.length,
      fetched,
      broken: [...broken.keys()],
      silent: serverWorkstations.filter((w) => isSilent(w.lastPushedAt, now)).map((w) => w.id),
    });
  });
  return {
    workstations: agencyWorkstations(db).map((w) => ({ ...w, silent: isSilent(w.lastPushedAt, now) })),
    records: agencyLogCount(db),
    fetchedAt: now.toISOString(),
  };
}
