import type { ReadableDB, WritableDB } from '../db';

/** The public halves of the evidence keys this workstation signs with (migration 0125). */
export type EvidenceKeyRow = {
  fingerprint: string;
  publicPem: string;
  createdAt: string;
  outboxKey: string;
  /** When the agency server accepted the key (its outbox item was pushed), or null. */
  registeredAt: string | null;
  registrationError: string | null;
};

export function insertEvidenceKey(db: WritableDB, k: Omit<EvidenceKeyRow, 'registeredAt' | 'registrationError'>): void {
  db.prepare(
    'INSERT INTO evidence_keys (fingerprint, public_pem, created_at, outbox_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(k.fingerprint, k.publicPem, k.createdAt, k.outboxKey);
}

export function getEvidenceKey(db: ReadableDB, fingerprint: string): EvidenceKeyRow | null {
  return (
    (db
      .prepare(
        `SELECT k.fingerprint, k.public_pem AS publicPem, k.created_at AS createdAt, k.outbox_key AS outboxKey,
                o.pushed_at AS registeredAt, o.last_error AS registrationError
         FROM evidence_keys k LEFT JOIN sync_outbox o ON o.key = k.outbox_key WHERE k.fingerprint = ?`,
      )
      .get(fingerprint) as EvidenceKeyRow | undefined) ?? null
  );
}
