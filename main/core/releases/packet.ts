/**
 * What a fulfilled release holds and says (docs/releases.md): the released detections as CSV (the columns of a
 * case's CSV export, so one reader reads evidence packages, case exports and releases), the release record as data
 * (`data/release.json`: the request, the screening decision, the approval, the certification, the sender's
 * retention limit — what the receiving side shows as provenance), the README, and the release packet PDF spec.
 */
import type { Block, DocumentSpec } from '../documents/spec';
import { documentId } from '../documents/spec';
import { CASE_CSV_COLUMNS, localTime } from '../cases/csv';
import { maskToFeatures } from '../plates/vehicle';
import { localDate } from '../shared/calendar';
import { csvLine, sheetSafe, type CsvValue } from '../shared/csv';
import { LEGAL_BASIS_LABELS, AGENCY_KIND_LABELS, scopeText, type ReleaseRequestDraft } from './request';
import type { ScreenDecision } from './screen';
import { bagInfoText, humanSize, payloadOxum } from '../evidence/bagit';

export const RELEASE_FORMAT = 'canvass-release';
export const PACKET_KIND = 'release-packet';
export const HANDLING = 'ALPR data — law enforcement use only (Civ. Code § 1798.90.55(b))';

export const RELEASE_PAYLOAD = {
  detectionsCsv: 'data/detections.csv',
  record: 'data/release.json',
  packetPdf: 'data/release-packet.pdf',
  packetJson: 'data/release-packet.json',
  writtenRequest: (ext: string) => `data/written-request.${ext}`,
} as const;

export const releaseFolderName = (number: string) => `canvass-release-${number}`;

export type ReleasedDetection = {
  id: number;
  plate: string;
  state: string | null;
  seenAt: number;
  lat: number;
  lon: number;
  cameraId: string;
  cameraName: string | null;
  heading: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  body: string | null;
  /** The unique features as the store keeps them (a bit mask, core/plates/vehicle). */
  features: number;
  confidence: number;
  version: number;
  plateImage: string | null;
  overviewImage: string | null;
};

/** The detection columns of a case's CSV export (core/cases/csv), so one reader reads both, then the record's own. */
const DETECTION_FIELDS = CASE_CSV_COLUMNS.slice(
  CASE_CSV_COLUMNS.indexOf('plate'),
  CASE_CSV_COLUMNS.indexOf('read_confidence') + 1,
);
export const RELEASE_COLUMNS = [
  'detection_id',
  ...DETECTION_FIELDS,
  'record_version',
  'plate_image_sha256',
  'overview_image_sha256',
] as const;

export function releaseCsv(rows: readonly ReleasedDetection[], timeZone: string): string {
  const out = [`${RELEASE_COLUMNS.join(',')}\r\n`];
  for (const d of rows) {
    const iso = new Date(d.seenAt).toISOString();
    const line: CsvValue[] = [
      d.id,
      sheetSafe(d.plate),
      sheetSafe(d.state),
      iso,
      localTime(iso, timeZone),
      sheetSafe(d.cameraId),
      sheetSafe(d.cameraName),
      sheetSafe(d.heading),
      d.lat,
      d.lon,
      sheetSafe(d.make),
      sheetSafe(d.model),
      sheetSafe(d.color),
      sheetSafe(d.body),
      sheetSafe(maskToFeatures(d.features).join('; ')),
      d.confidence,
      d.version,
      d.plateImage,
      d.overviewImage,
    ];
    out.push(`${csvLine(line)}\r\n`);
  }
  return out.join('');
}

export type ReleaseSummary = {
  detections: number;
  plates: number;
  cameras: number;
  /** First and last detection time (ISO UTC), or null when nothing matched. */
  first: string | null;
  last: string | null;
  /** SHA-256 of data/detections.csv. */
  csvSha256: string;
};

export function summarize(rows: readonly ReleasedDetection[], csvSha256: string): ReleaseSummary {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    if (r.seenAt < lo) lo = r.seenAt;
    if (r.seenAt > hi) hi = r.seenAt;
  }
  return {
    detections: rows.length,
    plates: new Set(rows.map((r) => r.plate)).size,
    cameras: new Set(rows.map((r) => r.cameraId)).size,
    first: rows.length ? new Date(lo).toISOString() : null,
    last: rows.length ? new Date(hi).toISOString() : null,
    csvSha256,
  };
}

export type Person = { username: string; fullName: string | null };

/** Everything the packet and data/release.json say, as data. */
export type ReleaseRecord = {
  format: typeof RELEASE_FORMAT;
  version: 1;
  number: string;
  sender: { name: string; ori: string | null; keyFingerprint: string; timeZone: string };
  request: ReleaseRequestDraft;
  preparedBy: Person;
  preparedAt: string;
  decision: ScreenDecision;
  approval: { by: Person; at: string; note: string };
  fulfilledBy: Person;
  fulfilledAt: string;
  summary: ReleaseSummary;
  /** The recipient may keep the data this many days (their certification), then must destroy it. */
  retentionLimitDays: number;
};

const who = (p: Person) => (p.fullName ? `${p.fullName} (${p.username})` : p.username);
const at = (iso: string, tz: string) => `${localTime(iso, tz)} (${tz}) — ${iso}`;

export const STATUTES: readonly { cite: string; text: string }[] = [
  {
    cite: 'Civil Code § 1798.90.55(b)',
    text: 'A public agency shall not sell, share, or transfer ALPR information, except to another public agency, and only as otherwise permitted by law.',
  },
  {
    cite: 'Civil Code § 1798.90.5(f)',
    text: '“Public agency” means the state, any city, county, or city and county, or any agency or political subdivision of the state or a city, county, or city and county, including, but not limited to, a law enforcement agency.',
  },
  {
    cite: 'Cal. DOJ Information Bulletin 2023-DLE-06',
    text: 'The Attorney General reads “public agency” to exclude out-of-state and federal agencies, law enforcement included.',
  },
  {
    cite: 'Gov. Code § 7284.6 (California Values Act)',
    text: 'California law enforcement agencies shall not use agency money or personnel to investigate, interrogate, detain, detect, or arrest persons for immigration enforcement purposes, nor share information for those purposes.',
  },
  {
    cite: 'Civil Code § 1798.90.52',
    text: 'An ALPR operator that accesses or provides access to ALPR information shall maintain a record of that access: the date and time, the data accessed, the person who accessed it, and the purpose.',
  },
];

export function releasePacketSpec(r: ReleaseRecord, agency: { name: string; ori: string | null }): DocumentSpec {
  const tz = r.sender.timeZone;
  const q = r.request;
  const a = q.agency;
  const c = q.certification;
  const s = r.summary;
  const blocks: Block[] = [
    { type: 'heading', text: `Release ${r.number}`, level: 1 },
    {
      type: 'paragraph',
      text: `${agency.name} released ALPR data to ${a.name} under request ${r.number}, screened against the law and the agency's policy, approved by ${who(r.approval.by)}. This packet is the record of that release.`,
    },
    { type: 'heading', text: 'The request', level: 2 },
    {
      type: 'fields',
      rows: [
        { label: 'Request', value: r.number, mono: true },
        { label: 'Requesting agency', value: `${a.name}${a.ori ? ` (ORI ${a.ori})` : ''}` },
        { label: 'Kind', value: `${AGENCY_KIND_LABELS[a.kind]}, ${a.state}` },
        { label: 'Requesting person', value: `${q.requester.name}, ${q.requester.title} — ${q.requester.contact}` },
        { label: 'Intended purpose', value: q.purpose },
        { label: 'Their case number', value: q.theirCaseNumber },
        { label: 'Legal basis', value: LEGAL_BASIS_LABELS[q.legalBasis] },
        { label: 'Data asked for', value: scopeText(q.scope) },
        {
          label: 'Written request',
          value: q.attachment ? `${q.attachment.name} (${q.attachment.mime}, ${q.attachment.byteLength} bytes)` : '—',
        },
        { label: 'Written request SHA-256', value: q.attachment?.sha256 ?? '—', mono: true },
        { label: 'Recorded by', value: `${who(r.preparedBy)} at ${at(r.preparedAt, tz)}` },
      ],
    },
    { type: 'heading', text: 'Screening decision', level: 2 },
    {
      type: 'paragraph',
      text: `${r.decision.summary} Screened on ${r.decision.screenedOn} against profile ${r.decision.profileId}.`,
    },
    {
      type: 'table',
      columns: [
        { key: 'rule', label: 'Rule', width: 2 },
        { key: 'result', label: 'Result', width: 1 },
        { key: 'sources', label: 'Sources', width: 2.2 },
        { key: 'reason', label: 'Why', width: 4 },
      ],
      rows: r.decision.rules.map((x) => ({
        rule: x.title,
        result: x.passed === null ? 'n/a' : x.passed ? 'pass' : 'FAIL',
        sources: x.sources.join('; '),
        reason: x.reason,
      })),
    },
    { type: 'heading', text: 'Approval', level: 2 },
    {
      type: 'fields',
      rows: [
        { label: 'Approved by', value: who(r.approval.by) },
        { label: 'Approved at', value: at(r.approval.at, tz) },
        { label: 'Note', value: r.approval.note },
      ],
    },
    { type: 'heading', text: 'What was released', level: 2 },
    {
      type: 'fields',
      rows: [
        { label: 'Detections', value: String(s.detections) },
        { label: 'Distinct plates', value: String(s.plates) },
        { label: 'Cameras', value: String(s.cameras) },
        { label: 'First detection', value: s.first ? at(s.first, tz) : '—' },
        { label: 'Last detection', value: s.last ? at(s.last, tz) : '—' },
        { label: 'detections.csv SHA-256', value: s.csvSha256, mono: true },
        { label: 'Signed with key', value: r.sender.keyFingerprint, mono: true },
        { label: 'Released by', value: `${who(r.fulfilledBy)} at ${at(r.fulfilledAt, tz)}` },
      ],
    },
    { type: 'heading', text: 'The recipient’s certification', level: 2 },
    {
      type: 'fields',
      rows: [
        { label: 'Use', value: c.lawEnforcementOnly ? 'Law enforcement purposes only' : 'NOT CERTIFIED' },
        {
          label: 'Immigration enforcement',
          value: c.noImmigrationEnforcement ? 'Never used for it, never shared for it' : 'NOT CERTIFIED',
        },
        { label: 'Retention limit', value: `Destroyed at most ${c.retentionDays} days after receipt` },
        { label: 'Onward sharing', value: c.noOnwardSharing ? 'None' : 'NOT CERTIFIED' },
        { label: 'Signed', value: `${c.signedBy}, ${c.signedOn}` },
      ],
    },
    { type: 'heading', text: 'The law', level: 2 },
    ...STATUTES.map((x): Block => ({ type: 'paragraph', text: `${x.cite}: ${x.text}` })),
    {
      type: 'signatures',
      lines: [
        { role: 'Released by (records custodian)', name: who(r.fulfilledBy) },
        { role: `Received by (${a.name})`, name: q.requester.name },
      ],
    },
  ];
  return {
    meta: {
      kind: PACKET_KIND,
      documentId: documentId('RLP', r.number, r.fulfilledAt),
      title: 'ALPR release packet',
      subtitle: r.number,
      agency,
      caseNumber: null,
      createdAt: r.fulfilledAt,
      createdBy: r.fulfilledBy,
      timeZone: tz,
      handling: HANDLING,
    },
    blocks,
  };
}

export function releaseReadme(r: ReleaseRecord): string {
  return `ALPR RELEASE ${r.number}
From ${r.sender.name}${r.sender.ori ? ` (ORI ${r.sender.ori})` : ''} to ${r.request.agency.name}
Made with Canvass by ${who(r.fulfilledBy)} on ${r.fulfilledAt} (UTC).

WHAT THIS IS
${r.summary.detections} automated license plate reader (ALPR) detections released under request
${r.number} (${scopeText(r.request.scope)}), for: ${r.request.purpose}
The recipient certified: law enforcement use only, never for immigration enforcement,
no onward sharing, destroyed within ${r.retentionLimitDays} days of receipt.
It is a "bag" in the BagIt 1.0 format (RFC 8493), like the agency's evidence packages.

  ${RELEASE_PAYLOAD.packetPdf.padEnd(27)} the release packet: request, screening, approval, law
  ${RELEASE_PAYLOAD.detectionsCsv.padEnd(27)} the released detections
  ${RELEASE_PAYLOAD.record.padEnd(27)} the same facts as data
  data/written-request.*      the written request as received

HOW TO CHECK IT (inside this folder)
     sha256sum -c manifest-sha256.txt
     sha256sum -c tagmanifest-sha256.txt
     openssl pkeyutl -verify -pubin -inkey agency-evidence.pub.pem -rawin \\
       -in tagmanifest-sha256.txt -sigfile tagmanifest-sha256.txt.sig
     openssl pkey -pubin -in agency-evidence.pub.pem -outform DER | sha256sum
The last must print ${r.sender.keyFingerprint}, the sender's published key.
`;
}

/** The release log as CSV: one line per release. */
export const LOG_COLUMNS = [
  'request',
  'receiving_agency',
  'ori',
  'kind',
  'state',
  'requester',
  'purpose',
  'their_case_number',
  'legal_basis',
  'approved_by',
  'approved_at_utc',
  'released_by',
  'released_at_utc',
  'detections',
  'first_detection_utc',
  'last_detection_utc',
  'packet_document',
  'tag_manifest_sha256',
] as const;

export type LogLine = Record<(typeof LOG_COLUMNS)[number], string | number | null>;

export function logCsv(lines: readonly LogLine[]): string {
  return [
    `${LOG_COLUMNS.join(',')}\r\n`,
    ...lines.map(
      (l) => `${csvLine(LOG_COLUMNS.map((c) => (typeof l[c] === 'string' ? sheetSafe(l[c] as string) : l[c])))}\r\n`,
    ),
  ].join('');
}

/** bag-info.txt of a release package (the BagIt fields, then Canvass's own). */
export function releaseBagInfo(r: ReleaseRecord, payload: { bytes: number; files: number }): string {
  const f = (label: string, value: string | number | null) =>
    value === null || value === '' ? [] : [{ label, value: String(value) }];
  return bagInfoText([
    ...f('Source-Organization', r.sender.name),
    ...f('Contact-Name', r.fulfilledBy.fullName ?? r.fulfilledBy.username),
    ...f('External-Identifier', r.number),
    ...f(
      'External-Description',
      `ALPR data released to ${r.request.agency.name} under request ${r.number}: ${r.summary.detections} detections.`,
    ),
    ...f('Bagging-Date', localDate(new Date(r.fulfilledAt), r.sender.timeZone)),
    ...f('Payload-Oxum', payloadOxum(payload.bytes, payload.files)),
    ...f('Bag-Size', humanSize(payload.bytes)),
    ...f('Canvass-Agency-ORI', r.sender.ori),
    ...f('Canvass-Release', r.number),
    ...f('Canvass-Recipient', r.request.agency.name),
    ...f('Canvass-Recipient-ORI', r.request.agency.ori),
    ...f('Canvass-Retention-Limit-Days', r.retentionLimitDays),
    ...f('Canvass-Detections', r.summary.detections),
    ...f('Canvass-Key-Fingerprint', r.sender.keyFingerprint),
  ]);
}
