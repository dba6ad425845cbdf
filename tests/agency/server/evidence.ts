/**
 * The reference server's side of evidence (docs/sync-protocol.md, "Evidence"): workstations register their evidence
 * keys, and report booked packages and custody entries. A booking is accepted only if its tag manifest hashes to the
 * hash it names and the signature over it verifies with a key this workstation registered; anyone signed in can list
 * the registered keys (`GET /v1/evidence/keys`) to check a package against the agency.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  evidenceBookingPushSchema,
  evidenceCustodyPushSchema,
  evidenceKeyPushSchema,
} from '../../../main/core/sync/protocol';
import type { AgencyStore } from './store';

export function evidenceSchema(db: AgencyStore): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS evidence_keys (
      fingerprint TEXT PRIMARY KEY, workstation_id TEXT NOT NULL, public_pem TEXT NOT NULL, created_at TEXT NOT NULL,
      registered_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS evidence_bookings (
      item_number TEXT PRIMARY KEY, workstation_id TEXT NOT NULL, case_number TEXT NOT NULL, technician TEXT NOT NULL,
      key_fingerprint TEXT NOT NULL, tag_manifest_sha256 TEXT NOT NULL, booked_at TEXT NOT NULL, received_at TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS evidence_custody (
      id INTEGER PRIMARY KEY, item_number TEXT NOT NULL, workstation_id TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL
    ) STRICT;
  `);
}

export type EvidenceVerdict = { ok: true } | { ok: false; message: string };

/** Checks and stores an evidence push; the caller has made sure the key is new (idempotence is by push key). */
export function acceptEvidencePush(
  db: AgencyStore,
  workstationId: string,
  kind: string,
  body: unknown,
  now: string,
): EvidenceVerdict {
  if (kind === 'evidence_key') {
    const k = evidenceKeyPushSchema.safeParse(body);
    if (!k.success)
      return { ok: false, message: 'An evidence key is { algorithm, fingerprint, publicKeyPem, createdAt }.' };
    let key;
    try {
      key = createPublicKey(k.data.publicKeyPem);
    } catch {
      return { ok: false, message: 'publicKeyPem is not a public key.' };
    }
    if (key.asymmetricKeyType !== 'ed25519') return { ok: false, message: 'An evidence key is an Ed25519 key.' };
    const fp = createHash('sha256')
      .update(key.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    if (fp !== k.data.fingerprint) return { ok: false, message: 'The fingerprint is not the SHA-256 of this key.' };
    db.prepare(
      'INSERT OR IGNORE INTO evidence_keys (fingerprint, workstation_id, public_pem, created_at, registered_at) VALUES (?, ?, ?, ?, ?)',
    ).run(fp, workstationId, k.data.publicKeyPem, k.data.createdAt, now);
    return { ok: true };
  }
  if (kind === 'evidence_booking') {
    const b = evidenceBookingPushSchema.safeParse(body);
    if (!b.success)
      return { ok: false, message: `An evidence booking is malformed (${b.error.issues[0]?.path.join('.')}).` };
    const key = db
      .prepare('SELECT public_pem AS pem FROM evidence_keys WHERE fingerprint = ? AND workstation_id = ?')
      .get(b.data.keyFingerprint, workstationId) as { pem: string } | undefined;
    if (!key) return { ok: false, message: 'The package was signed with a key this workstation never registered.' };
    const manifest = Buffer.from(b.data.tagManifest, 'utf8');
    if (createHash('sha256').update(manifest).digest('hex') !== b.data.tagManifestSha256)
      return { ok: false, message: 'The tag manifest does not hash to the hash the booking names.' };
    if (!verify(null, manifest, createPublicKey(key.pem), Buffer.from(b.data.signature, 'base64')))
      return { ok: false, message: 'The signature over the tag manifest does not verify with the registered key.' };
    const held = db
      .prepare('SELECT tag_manifest_sha256 AS h FROM evidence_bookings WHERE item_number = ?')
      .get(b.data.itemNumber) as { h: string } | undefined;
    if (held && held.h !== b.data.tagManifestSha256)
      return { ok: false, message: `Evidence item ${b.data.itemNumber} is booked already, with another package.` };
    db.prepare(
      `INSERT OR IGNORE INTO evidence_bookings (item_number, workstation_id, case_number, technician, key_fingerprint, tag_manifest_sha256,
         booked_at, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      b.data.itemNumber,
      workstationId,
      b.data.caseNumber,
      b.data.technician,
      b.data.keyFingerprint,
      b.data.tagManifestSha256,
      b.data.bookedAt,
      now,
      JSON.stringify(b.data),
    );
    return { ok: true };
  }
  if (kind === 'evidence_custody') {
    const c = evidenceCustodyPushSchema.safeParse(body);
    if (!c.success)
      return { ok: false, message: `A custody entry is malformed (${c.error.issues[0]?.path.join('.')}).` };
    if (!db.prepare('SELECT 1 FROM evidence_bookings WHERE item_number = ?').get(c.data.itemNumber))
      return { ok: false, message: `Evidence item ${c.data.itemNumber} was never booked with this server.` };
    db.prepare('INSERT INTO evidence_custody (item_number, workstation_id, body, received_at) VALUES (?, ?, ?, ?)').run(
      c.data.itemNumber,
      workstationId,
      JSON.stringify(c.data),
      now,
    );
    return { ok: true };
  }
  return { ok: true };
}

export function evidenceKeys(
  db: AgencyStore,
): { fingerprint: string; publicKeyPem: string; workstationId: string; registeredAt: string }[] {
  return db
    .prepare(
      'SELECT fingerprint, public_pem AS publicKeyPem, workstation_id AS workstationId, registered_at AS registeredAt FROM evidence_keys ORDER BY registered_at',
    )
    .all() as { fingerprint: string; publicKeyPem: string; workstationId: string; registeredAt: string }[];
}

export function evidenceBookings(
  db: AgencyStore,
): { itemNumber: string; tagManifestSha256: string; keyFingerprint: string; custody: number }[] {
  return db
    .prepare(
      `SELECT b.item_number AS itemNumber, b.tag_manifest_sha256 AS tagManifestSha256, b.key_fingerprint AS keyFingerprint,
              (SELECT count(*) FROM evidence_custody c WHERE c.item_number = b.item_number) AS custody
       FROM evidence_bookings b ORDER BY b.received_at`,
    )
    .all() as { itemNumber: string; tagManifestSha256: string; keyFingerprint: string; custody: number }[];
}
