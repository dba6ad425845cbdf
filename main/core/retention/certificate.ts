/**
 * The deletion certificate of a purge run as a document spec (docs/retention.md), in the manner of NIST SP 800-88
 * Rev. 1 Appendix G's certificate of sanitization: who and what ordered it, the media (the workstation's encrypted
 * store), what was removed (kinds, counts, the capture span), the method and how it was checked, what was kept by
 * which hold, and the hash of the removed-id list. The service signs the document's canonical JSON with the agency
 * evidence key. No plate and no person's data appears in it: counts, dates and ids of holds only.
 */
import { documentId, type Block, type DocumentSpec } from '../documents/spec';
import { localDate } from '../shared/calendar';

export const CERTIFICATE_KIND = 'deletion-certificate';

export type CertificateFacts = {
  runId: number;
  agency: { name: string; ori: string | null };
  profileSource: string;
  timeZone: string;
  trigger: 'schedule' | 'request';
  startedBy: { username: string; fullName: string | null } | null;
  issuedBy: { username: string; fullName: string | null };
  startedAt: string;
  finishedAt: string;
  status: 'finished' | 'cancelled' | 'failed' | 'interrupted';
  workstation: string;
  storePath: string;
  counts: { detections: number; hits: number; images: number; ocrReads: number };
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  idsSha256: string;
  held: number;
  holds: { id: number; kind: string; authority: string; reviewOn: string; records: number }[];
  evidenceHeld: number;
  rules: { kind: string; text: string; cite: string; dueBefore: string | null }[];
  bytesBefore: number | null;
  bytesAfter: number | null;
  keyFingerprint: string;
  error: string | null;
};

const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;
/** The agency-local day of a capture time (the day the policy counts from). */
const day = (ms: number | null, timeZone: string) => (ms === null ? '—' : localDate(new Date(ms), timeZone));
const mb = (b: number | null) =>
  b === null ? 'unknown' : `${(b / 1_048_576).toFixed(1)} MB (${b.toLocaleString('en-US')} bytes)`;

export function certificateSpec(f: CertificateFacts): DocumentSpec {
  const status =
    f.status === 'finished'
      ? 'Completed'
      : f.status === 'cancelled'
        ? 'Stopped on request (what was removed before the stop is listed; the next run removes the rest)'
        : f.status === 'interrupted'
          ? 'Interrupted (the application stopped; what was removed is listed; the next run removes the rest)'
          : `Failed: ${f.error ?? 'unknown'}`;
  const blocks: Block[] = [
    { type: 'heading', text: 'Certificate of sanitization', level: 1 },
    {
      type: 'paragraph',
      text: 'In the manner of NIST SP 800-88 Rev. 1, Appendix G. This certificate records a retention purge of ALPR data on one workstation under the agency\u2019s ALPR policy. It names no plate and no person.',
    },
    {
      type: 'fields',
      rows: [
        { label: 'Purge run', value: `#${f.runId}` },
        {
          label: 'Ordered by',
          value:
            f.trigger === 'schedule'
              ? 'The retention schedule (daily, automatic)'
              : `Request of ${person(f.startedBy)}`,
        },
        { label: 'Policy', value: f.profileSource },
        { label: 'Started', value: utc(f.startedAt) },
        { label: 'Finished', value: utc(f.finishedAt) },
        { label: 'Status', value: status },
      ],
    },
    { type: 'heading', text: 'Media', level: 2 },
    {
      type: 'fields',
      rows: [
        { label: 'Media type', value: 'Encrypted database file (SQLCipher 4, AES-256) on the workstation\u2019s disk' },
        { label: 'Workstation', value: f.workstation },
        { label: 'File', value: f.storePath, mono: true },
        { label: 'Size before', value: mb(f.bytesBefore) },
        { label: 'Size after', value: mb(f.bytesAfter) },
      ],
    },
    { type: 'heading', text: 'What was removed', level: 2 },
    {
      type: 'table',
      columns: [
        { key: 'kind', label: 'Kind', width: 3 },
        { key: 'count', label: 'Records removed', width: 2, align: 'right' },
      ],
      rows: [
        { kind: 'Detections (reads)', count: String(f.counts.detections) },
        { kind: 'Hits', count: String(f.counts.hits) },
        { kind: 'Images (plate and overview)', count: String(f.counts.images) },
        { kind: 'OCR re-reads', count: String(f.counts.ocrReads) },
      ],
    },
    {
      type: 'fields',
      rows: [
        { label: 'Captured from', value: day(f.firstSeenAt, f.timeZone) },
        { label: 'Captured to', value: day(f.lastSeenAt, f.timeZone) },
        { label: 'Removed-id hash', value: f.idsSha256, mono: true },
      ],
    },
    {
      type: 'paragraph',
      tone: 'muted',
      text: 'The removed-id hash is a SHA-256 chain, one link per batch: SHA-256 of the previous link, a newline, the kind, and the batch\u2019s ids in ascending order, one per line; the chain starts at 64 zeros.',
    },
    { type: 'heading', text: 'Retention rules applied', level: 2 },
    {
      type: 'table',
      columns: [
        { key: 'kind', label: 'Kind', width: 1.2 },
        { key: 'text', label: 'Period', width: 2.4 },
        { key: 'cite', label: 'Authority', width: 1.6 },
        { key: 'due', label: 'Captured before', width: 1.8 },
      ],
      rows: f.rules.map((r) => ({
        kind: r.kind,
        text: r.text,
        cite: r.cite,
        due: r.dueBefore ? utc(r.dueBefore) : 'nothing due',
      })),
    },
    { type: 'heading', text: 'Method', level: 2 },
    {
      type: 'fields',
      rows: [
        {
          label: 'Sanitization method',
          value: 'Clear (logical deletion with overwrite), NIST SP 800-88 Rev. 1 \u00a7 2.5',
        },
        {
          label: 'Technique',
          value:
            'SQLite DELETE with secure_delete=ON (freed cells and pages overwritten with zeros before encryption); incremental vacuum returns freed pages to the file system; the write-ahead log checkpointed and truncated.',
        },
        {
          label: 'Server copies',
          value:
            'The agency server purges its own copy under the same policy; its tombstones, when synced, remove what it removed.',
        },
        {
          label: 'Verification',
          value:
            'The run record is written in the same transaction as each batch; the access log records the run with its counts and this hash.',
        },
      ],
    },
    { type: 'heading', text: 'What was kept', level: 2 },
    {
      type: 'paragraph',
      text: `${f.held} record(s) due by age were kept: ${f.evidenceHeld} by booked evidence packages, the rest by the legal holds below.`,
    },
    f.holds.length
      ? {
          type: 'table',
          columns: [
            { key: 'id', label: 'Hold', width: 0.8 },
            { key: 'kind', label: 'Kind', width: 1.2 },
            { key: 'authority', label: 'Authority', width: 3.2 },
            { key: 'review', label: 'Review on', width: 1.3 },
            { key: 'records', label: 'Records', width: 1, align: 'right' },
          ],
          rows: f.holds.map((h) => ({
            id: `#${h.id}`,
            kind: h.kind.replace('_', ' '),
            authority: h.authority,
            review: h.reviewOn,
            records: String(h.records),
          })),
        }
      : { type: 'paragraph', text: 'No legal hold was in force.', tone: 'muted' },
    { type: 'heading', text: 'Signature', level: 2 },
    {
      type: 'fields',
      rows: [
        {
          label: 'Signed with',
          value: 'The agency evidence key (Ed25519), over this document\u2019s data (the JSON beside it)',
        },
        { label: 'Key fingerprint', value: f.keyFingerprint, mono: true },
        { label: 'Issued by', value: person(f.issuedBy) },
      ],
    },
    { type: 'signatures', lines: [{ role: 'ALPR Administrator (or designee)', name: f.issuedBy.fullName }] },
  ];
  return {
    meta: {
      kind: CERTIFICATE_KIND,
      documentId: documentId('DCT', `RUN${f.runId}`, f.finishedAt),
      title: 'Certificate of sanitization',
      subtitle: `Retention purge #${f.runId}`,
      agency: f.agency,
      caseNumber: null,
      createdAt: f.finishedAt,
      createdBy: f.issuedBy,
      timeZone: f.timeZone,
      handling: null,
    },
    blocks,
  };
}

function person(p: { username: string; fullName: string | null } | null): string {
  if (!p) return 'unknown';
  return p.fullName ? `${p.fullName} (${p.username})` : p.username;
}
