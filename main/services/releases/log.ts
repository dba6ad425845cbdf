/**
 * The release log (docs/releases.md): who received what, when, under which request — on screen, as CSV, and as the
 * counts the audit memo and the transparency report read (`releasesInPeriod`).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ReleaseLogEntry, ReleasePeriod } from '../../../preload/contract';
import { logCsv, type ReleaseRecord } from '../../core/releases/packet';
import type { AgencyKind } from '../../core/releases/request';
import type { ReadableDB } from '../../store/db';
import { releasesBetween } from '../../store/repos/releases';
import { record } from '../audit';
import { writeBytesAtomically } from '../kernel/atomicFile';
import { storeOf, type Context } from '../kernel/context';

const EVER = { from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' };

export function logEntries(db: ReadableDB, period: ReleasePeriod): ReleaseLogEntry[] {
  return releasesBetween(db, period.from ?? EVER.from, period.to ?? EVER.to).map((row) => {
    const r = JSON.parse(row.releaseJson!) as ReleaseRecord;
    const a = r.request.agency;
    return {
      number: row.number,
      agency: { name: a.name, ori: a.ori, kind: a.kind, state: a.state },
      requester: `${r.request.requester.name}, ${r.request.requester.title}`,
      purpose: r.request.purpose,
      theirCaseNumber: r.request.theirCaseNumber,
      legalBasis: r.request.legalBasis,
      approvedBy: r.approval.by.username,
      approvedAt: r.approval.at,
      releasedBy: r.fulfilledBy.username,
      releasedAt: r.fulfilledAt,
      detections: r.summary.detections,
      first: r.summary.first,
      last: r.summary.last,
      packetDocumentId: row.packetDocumentId!,
      tagManifestSha256: row.tagManifestSha256!,
    };
  });
}

export type ReleasesInPeriod = {
  releases: ReleaseLogEntry[];
  /** One line per receiving agency, most releases first. */
  byAgency: {
    name: string;
    ori: string | null;
    kind: AgencyKind;
    state: string;
    releases: number;
    detections: number;
  }[];
  total: { releases: number; detections: number };
};

/**
 * Releases made in [fromIso, toIso) and their counts by receiving agency: what the audit memo (issue 20) lists and
 * the transparency report (issue 21) counts. Reads the store only; an empty period answers zero releases.
 */
export function releasesInPeriod(db: ReadableDB, fromIso: string, toIso: string): ReleasesInPeriod {
  const releases = logEntries(db, { from: fromIso, to: toIso });
  const by = new Map<string, ReleasesInPeriod['byAgency'][number]>();
  for (const r of releases) {
    const k = `${r.agency.name}\u0000${r.agency.state}`;
    const e = by.get(k) ?? { ...r.agency, releases: 0, detections: 0 };
    e.releases += 1;
    e.detections += r.detections;
    by.set(k, e);
  }
  return {
    releases,
    byAgency: [...by.values()].sort((a, b) => b.releases - a.releases || a.name.localeCompare(b.name)),
    total: { releases: releases.length, detections: releases.reduce((s, r) => s + r.detections, 0) },
  };
}

export function exportLog(ctx: Context, period: ReleasePeriod): { path: string; rows: number } {
  const db = storeOf(ctx);
  const entries = logEntries(db, period);
  const text = logCsv(
    entries.map((e) => ({
      request: e.number,
      receiving_agency: e.agency.name,
      ori: e.agency.ori,
      kind: e.agency.kind,
      state: e.agency.state,
      requester: e.requester,
      purpose: e.purpose,
      their_case_number: e.theirCaseNumber,
      legal_basis: e.legalBasis,
      approved_by: e.approvedBy,
      approved_at_utc: e.approvedAt,
      released_by: e.releasedBy,
      released_at_utc: e.releasedAt,
      detections: e.detections,
      first_detection_utc: e.first,
      last_detection_utc: e.last,
      packet_document: e.packetDocumentId,
      tag_manifest_sha256: e.tagManifestSha256,
    })),
  );
  const stamp = ctx.nowIso().replace(/[:.]/g, '-');
  const path = join(ctx.exportDir, `canvass-release-log-${stamp}.csv`);
  writeBytesAtomically(path, text);
  record(ctx, db, 'releases.exportLog', 'ok', {
    path,
    rows: entries.length,
    sha256: createHash('sha256').update(text).digest('hex'),
    from: period.from ?? null,
    to: period.to ?? null,
  });
  return { path, rows: entries.length };
}
