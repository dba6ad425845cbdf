import { sign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RetentionKindInfo } from '../../../preload/contract';
import { certificateSpec } from '../../core/retention/certificate';
import { inTransaction } from '../../store/db';
import { getAgency } from '../../store/repos/agency';
import { evidenceHeldCount, listHolds, setRunCertificate, type RunRow } from '../../store/repos/retention';
import { registerDocument, renderInWorker, unusedDocumentId, writeDocumentFiles } from '../documents';
import { ensureEvidenceKey, signingKey } from '../evidence';
import { writeBytesAtomically } from '../kernel/atomicFile';
import { profileOf, storeOf, type Context } from '../kernel/context';

/** Where certificates and transparency reports are written (each PDF with its JSON and signature beside it). */
export function retentionDir(ctx: Context): string {
  const dir = join(ctx.exportDir, 'retention');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The run's certificate of sanitization: rendered off the main thread, written beside its canonical JSON, signed
 * over that JSON with the agency evidence key (`<id>.sig`, raw Ed25519, and the public key in `<id>.pub.pem`, so
 * `openssl pkeyutl -verify -rawin` checks it), registered, and named on the run.
 */
export async function issueCertificate(
  ctx: Context,
  run: RunRow,
  kinds: RetentionKindInfo[],
): Promise<{ documentId: string; signature: string; keyFingerprint: string }> {
  const db = storeOf(ctx);
  const profile = profileOf(ctx);
  const agency = getAgency(db);
  const key = ensureEvidenceKey(ctx);
  const signer = signingKey(ctx);
  const session = ctx.session!;
  const spec = certificateSpec({
    runId: run.id,
    agency: { name: agency?.name ?? ctx.agencyName, ori: agency?.ori ?? null },
    profileSource: profile.source,
    timeZone: profile.timeZone,
    trigger: run.trigger,
    startedBy: run.startedBy ? { username: run.startedBy, fullName: null } : null,
    issuedBy: { username: session.username, fullName: session.fullName },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt ?? ctx.nowIso(),
    status: run.status === 'running' ? 'interrupted' : run.status,
    workstation: ctx.workstation,
    storePath: ctx.storePath,
    counts: { detections: run.detections, hits: run.hits, images: run.images, ocrReads: run.ocrReads },
    firstSeenAt: run.firstSeenAt,
    lastSeenAt: run.lastSeenAt,
    idsSha256: run.idsSha256,
    held: run.held,
    holds: listHolds(db, false).map((h) => ({
      id: h.id,
      kind: h.kind,
      authority: h.authority,
      reviewOn: h.reviewOn,
      records: h.records,
    })),
    evidenceHeld: evidenceHeldCount(db),
    rules: kinds.map((k) => ({
      kind: k.kind,
      text: k.keepDays ? `${k.profileText}; tightened to ${k.keepDays} days` : k.profileText,
      cite: k.cite,
      dueBefore: k.dueBefore,
    })),
    bytesBefore: run.bytesBefore,
    bytesAfter: run.bytesAfter,
    keyFingerprint: key.fingerprint,
    error: run.error,
  });
  spec.meta.documentId = unusedDocumentId(db, spec.meta.documentId);
  const rendered = await renderInWorker(spec, ctx.fontsDir);
  const dir = retentionDir(ctx);
  const path = writeDocumentFiles(dir, spec.meta.documentId, rendered);
  const signature = sign(null, Buffer.from(rendered.json, 'utf8'), signer.privateKey);
  writeBytesAtomically(join(dir, `${spec.meta.documentId}.sig`), signature);
  writeBytesAtomically(join(dir, `${spec.meta.documentId}.pub.pem`), signer.publicPem);
  inTransaction(db, () => {
    registerDocument(db, spec, rendered, `retention-run-${run.id}`, path);
    setRunCertificate(db, run.id, spec.meta.documentId);
  });
  return { documentId: spec.meta.documentId, signature: signature.toString('base64'), keyFingerprint: key.fingerprint };
}
