import { join } from 'node:path';
import type { TransparencyReport } from '../../../preload/contract';
import { figuresCsv, publicFigures, transparencySpec, type TransparencyFacts } from '../../core/retention/transparency';
import { addDays, startOfLocalDay } from '../../core/shared/calendar';
import { CanvassError } from '../../core/shared/errors';
import { inTransaction } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import {
  correctionsCount,
  countCameras,
  countDetections,
  hitsByState,
  runsBetween,
  searchesByPurpose,
} from '../../store/repos/retention';
import { record } from '../audit';
import { writeBytesAtomically } from '../kernel/atomicFile';
import { registerDocument, renderInWorker, unusedDocumentId, writeDocumentFiles } from '../documents';
import { profileOf, storeOf, type Context } from '../kernel/context';
import { retentionDir } from './certificate';
import { auditsDone, releasesByAgency } from './neighbours';
import { kindsInfo, planOf } from './purge';

/**
 * The public transparency report for the agency's days `from`..`to` (inclusive): the PDF (through the document
 * toolkit), a CSV and a JSON of the same figures, written side by side. Counts only; the administrator who issues it
 * reviews and publishes it, and the issue is recorded.
 */
export async function transparencyReport(ctx: Context, from: string, to: string): Promise<TransparencyReport> {
  if (to < from) throw new CanvassError('INVALID_ARGUMENT', `The period ends (${to}) before it begins (${from}).`);
  const db = storeOf(ctx);
  const profile = profileOf(ctx);
  const tz = profile.timeZone;
  const fromMs = startOfLocalDay(from, tz).getTime();
  const toMs = startOfLocalDay(addDays(to, 1), tz).getTime();
  const fromIso = new Date(fromMs).toISOString();
  const toIso = new Date(toMs).toISOString();
  const agency = getAgency(db);
  const session = ctx.session!;
  const detections = countDetections(db, fromMs, toMs);
  const byState = hitsByState(db, fromMs, toMs);
  const runs = runsBetween(db, fromIso, toIso);
  const facts: TransparencyFacts = {
    agency: { name: agency?.name ?? ctx.agencyName, ori: agency?.ori ?? null },
    profileSource: profile.source,
    timeZone: tz,
    from,
    to,
    issuedAt: ctx.nowIso(),
    issuedBy: { username: session.username, fullName: session.fullName },
    cameras: countCameras(db).map((c) => ({ label: `${c.kind} cameras`, count: c.count })),
    detections,
    hits: byState.reduce((n, h) => n + h.count, 0),
    hitsByState: byState.map((h) => ({ label: h.reason ? `${h.status}: ${h.reason}` : h.status, count: h.count })),
    searchesByPurpose: searchesByPurpose(db, fromIso, toIso).map((s) => ({ label: s.purpose, count: s.count })),
    releases: releasesByAgency(db, fromIso, toIso),
    retention: kindsInfo(ctx, planOf(ctx)).map((k) => ({
      kind: k.kind,
      period: k.keepDays ? `${k.profileText}; tightened to ${k.keepDays} days` : k.profileText,
      cite: k.cite,
    })),
    audits: auditsDone(db, from, to),
    correctionsMade: correctionsCount(db, fromIso, toIso),
    purges: {
      runs: runs.length,
      detections: runs.reduce((n, r) => n + r.detections, 0),
      hits: runs.reduce((n, r) => n + r.hits, 0),
      images: runs.reduce((n, r) => n + r.images, 0),
    },
  };
  const rows = publicFigures(facts);
  const spec = transparencySpec(facts, rows);
  spec.meta.documentId = unusedDocumentId(db, spec.meta.documentId);
  const rendered = await renderInWorker(spec, ctx.fontsDir);
  const dir = retentionDir(ctx);
  const pdfPath = writeDocumentFiles(dir, spec.meta.documentId, rendered);
  const csvPath = join(dir, `${spec.meta.documentId}.csv`);
  const jsonPath = join(dir, `${spec.meta.documentId}.figures.json`);
  writeBytesAtomically(csvPath, figuresCsv(rows));
  writeBytesAtomically(
    jsonPath,
    JSON.stringify({ agency: facts.agency.name, from, to, issuedAt: facts.issuedAt, rows }, null, 2) + '\n',
  );
  const doc = inTransaction(db, () => {
    const d = registerDocument(db, spec, rendered, `transparency-${from}-${to}`, pdfPath);
    record(ctx, db, 'retention.transparencyReport', 'ok', {
      from,
      to,
      documentId: d.id,
      pdfSha256: d.pdfSha256,
      detections,
      hits: facts.hits,
    });
    return d;
  });
  const { subject: _subject, ...pdf } = doc;
  return { from, to, pdf, csvPath, jsonPath };
}
