/**
 * The evidence report (docs/evidence-package.md, "The report") as a document spec for the PDF toolkit: a cover
 * (case, item, technician, key fingerprint and, once booked, the tag manifest's hash), a table of the detections, a
 * page per detection (images, time, place with a small map, reads and corrections, hits and their trails), the
 * access-log extract, and the chain of custody.
 *
 * The copy inside the package cannot print the hash of the tag manifest: the tag manifest lists the payload
 * manifest, which lists this very report, so no file can contain it. That copy says so; the report printed after
 * booking (`evidence.report`) prints it, with the custody entries recorded since.
 */
import { localTime } from '../cases/csv';
import { distanceM } from '../shared/geo';
import { documentId, type Block, type DocumentSpec, type MapPoint } from '../documents/spec';
import { uniqueImages, currentPlate, type EvidenceContent, type PackageDetection } from './content';
import { TAG } from './layout';

export const REPORT_KIND = 'evidence-report';
export const HANDLING = 'ALPR data — law enforcement use only (Civ. Code § 1798.90.5)';

/** Cameras within this distance of a detection are drawn on its map. */
const MAP_RADIUS_M = 1500;

const when = (iso: string, tz: string) => `${localTime(iso, tz)} (${iso.slice(0, 19).replace('T', ' ')} UTC)`;

export function vehicleText(d: PackageDetection['detection']): string {
  const parts = [d.color, d.make, d.model, d.body].filter(Boolean).join(' ');
  const features = d.features.length ? `; ${d.features.join(', ')}` : '';
  return `${parts || 'not described'}${features}`;
}

function person(p: { username: string; fullName: string | null }): string {
  return p.fullName ? `${p.fullName} (${p.username})` : p.username;
}

/** `issuedAt`: when this copy is made (the package's own copy: when the package was made). */
export function evidenceReportSpec(c: EvidenceContent, issuedAt = c.createdAt): DocumentSpec {
  const tz = c.timeZone;
  const stamp = issuedAt;
  const blocks: Block[] = [
    ...cover(c),
    { type: 'pageBreak' },
    { type: 'heading', text: 'Detections in this package', level: 1 },
    {
      type: 'paragraph',
      text: `Times are ${tz} local time. “As read” is what the camera read; a correction never replaces it (see each detection's page).`,
      tone: 'muted',
    },
    {
      type: 'table',
      columns: [
        { key: 'n', label: '#', width: 0.4, align: 'right' },
        { key: 'id', label: 'Detection', width: 0.8, mono: true },
        { key: 'plate', label: 'As read', width: 0.9, mono: true },
        { key: 'current', label: 'Current', width: 0.9, mono: true },
        { key: 'state', label: 'St', width: 0.35 },
        { key: 'seen', label: 'Seen (local)', width: 1.45 },
        { key: 'camera', label: 'Camera', width: 1.6 },
        { key: 'vehicle', label: 'Vehicle', width: 1.5 },
        { key: 'note', label: 'Why collected', width: 1.9 },
      ],
      rows: c.detections.map((d, i) => ({
        n: String(i + 1),
        id: String(d.detectionId),
        plate: d.detection.plate,
        current: currentPlate(d) === d.detection.plate ? '' : currentPlate(d),
        state: d.detection.state ?? '',
        seen: localTime(d.detection.seenAt, tz),
        camera: d.detection.cameraName ?? d.detection.cameraId,
        vehicle: vehicleText(d.detection),
        note: d.note,
      })),
    },
  ];
  c.detections.forEach((d, i) => blocks.push(...detectionPage(c, d, i + 1)));
  blocks.push(...accessPages(c), ...custodyPage(c));
  return {
    meta: {
      kind: REPORT_KIND,
      documentId: documentId('EVR', c.itemNumber, stamp),
      title: 'ALPR evidence report',
      subtitle: `Evidence item ${c.itemNumber}`,
      agency: c.agency,
      caseNumber: c.caseNumber,
      createdAt: stamp,
      createdBy: c.technician,
      timeZone: tz,
      handling: HANDLING,
    },
    blocks,
  };
}

function cover(c: EvidenceContent): Block[] {
  const tz = c.timeZone;
  const hits = c.detections.reduce((n, d) => n + d.hits.length, 0);
  const rows: { label: string; value: string; mono?: boolean }[] = [
    { label: 'Agency', value: c.agency.name },
    ...(c.agency.ori ? [{ label: 'ORI', value: c.agency.ori }] : []),
    { label: 'Case', value: c.caseNumber },
    { label: 'Evidence item', value: c.itemNumber },
    { label: 'Evidence technician', value: person(c.technician) },
    { label: 'Package made', value: when(c.createdAt, tz) },
    {
      label: 'Contents',
      value: `${c.detections.length} detections, ${uniqueImages(c.detections).length} images, ${hits} hits, ${c.access.length} access-log records`,
    },
    {
      label: 'ALPR program designee',
      value: c.designee ? `${c.designee.name}, ${c.designee.title}` : 'Not recorded in Canvass',
    },
    { label: 'Evidence key (SHA-256)', value: c.key.fingerprint, mono: true },
    {
      label: 'Tag manifest (SHA-256)',
      value: c.booking
        ? c.booking.tagManifestSha256
        : `Printed on the booked report: ${TAG.tagManifest} lists this report, so this copy cannot contain its hash.`,
      mono: c.booking !== null,
    },
    { label: 'Signature', value: `Ed25519 by the evidence key over ${TAG.tagManifest} (${TAG.signature})` },
    ...(c.booking
      ? [
          { label: 'Booked', value: when(c.booking.bookedAt, tz) },
          { label: 'Written to', value: `${c.booking.medium} — folder ${c.booking.folder}` },
        ]
      : []),
    { label: 'Made with', value: `Canvass ${c.canvassVersion}` },
  ];
  return [
    { type: 'heading', text: 'ALPR evidence report', level: 1 },
    { type: 'fields', rows },
    { type: 'heading', text: 'Checking the package', level: 3 },
    {
      type: 'paragraph',
      text: 'In the package folder, with coreutils and OpenSSL 3 (README.txt in the package explains each step):',
    },
    {
      type: 'fields',
      rows: [
        { label: 'Every evidence file', value: 'sha256sum -c manifest-sha256.txt', mono: true },
        {
          label: 'The agency’s signature',
          value: `openssl pkeyutl -verify -pubin -inkey ${TAG.publicKey} -rawin -in ${TAG.tagManifest} -sigfile ${TAG.signature}`,
          mono: true,
        },
        {
          label: 'The key is the agency’s',
          value: `openssl pkey -pubin -in ${TAG.publicKey} -outform DER | sha256sum`,
          mono: true,
        },
      ],
    },
    { type: 'signatures', lines: [{ role: 'Evidence technician', name: person(c.technician) }] },
  ];
}

function detectionPage(c: EvidenceContent, d: PackageDetection, n: number): Block[] {
  const tz = c.timeZone;
  const det = d.detection;
  const blocks: Block[] = [
    { type: 'pageBreak' },
    {
      type: 'heading',
      text: `${n}. Detection ${d.detectionId} — ${det.plate}${det.state ? ` (${det.state})` : ''}`,
      level: 2,
    },
    {
      type: 'fields',
      rows: [
        { label: 'Seen', value: when(det.seenAt, tz) },
        {
          label: 'Camera',
          value: `${det.cameraName ?? det.cameraId} (${det.cameraId})${det.heading ? `, heading ${det.heading}` : ''}`,
        },
        { label: 'Place', value: `${det.lat.toFixed(6)}, ${det.lon.toFixed(6)}` },
        { label: 'Vehicle', value: vehicleText(det) },
        { label: 'Read confidence', value: `${Math.round(det.confidence * 100)} %` },
        { label: 'Plate as read', value: det.plate, mono: true },
        ...(currentPlate(d) !== det.plate ? [{ label: 'Current plate', value: currentPlate(d), mono: true }] : []),
        {
          label: 'Collected',
          value: `${when(d.addedAt, tz)} by ${person({ username: d.addedBy, fullName: d.addedByName })}`,
        },
        { label: 'Why', value: d.note },
        ...(d.plate ? [{ label: 'Plate crop', value: d.plate.sha256, mono: true }] : []),
        ...(d.overview ? [{ label: 'Overview', value: d.overview.sha256, mono: true }] : []),
        ...(d.imageNote ? [{ label: 'Images', value: d.imageNote }] : []),
      ],
    },
    {
      type: 'images',
      images: [
        {
          image: d.plate ? { sha256: d.plate.sha256, mime: d.plate.mime, byteLength: d.plate.byteLength } : null,
          caption: 'Plate crop',
          ...(d.plate ? {} : { missing: 'No plate crop' }),
        },
        {
          image: d.overview
            ? { sha256: d.overview.sha256, mime: d.overview.mime, byteLength: d.overview.byteLength }
            : null,
          caption: 'Overview',
          ...(d.overview ? {} : { missing: 'No overview' }),
        },
      ],
    },
    { type: 'map', points: mapPoints(c, d), caption: `Camera ${det.cameraId} and the agency's cameras within 1.5 km` },
  ];
  if (d.reads.length || d.corrections.length) {
    blocks.push({ type: 'heading', text: 'Reads and corrections', level: 3 });
    blocks.push({
      type: 'table',
      columns: [
        { key: 'when', label: 'When (local)', width: 1.3 },
        { key: 'who', label: 'Who', width: 1 },
        { key: 'what', label: 'What', width: 0.9 },
        { key: 'plate', label: 'Plate', width: 0.9, mono: true },
        { key: 'detail', label: 'Detail', width: 2.4 },
      ],
      rows: [
        {
          when: localTime(det.seenAt, tz),
          who: det.cameraId,
          what: 'Camera read',
          plate: det.plate,
          detail: `confidence ${Math.round(det.confidence * 100)} %`,
        },
        ...d.reads.map((r) => ({
          when: localTime(r.at, tz),
          who: r.username ?? '',
          what: 'Re-read',
          plate: r.plate ?? '—',
          detail: r.error
            ? r.error
            : `confidence ${r.confidence ?? '—'}; doubt ${r.doubt ?? '—'}; candidates ${r.candidates.join(' ') || '—'}`,
        })),
        ...d.corrections.map((x) => ({
          when: localTime(x.at, tz),
          who: x.username,
          what: 'Correction',
          plate: x.correctedPlate,
          detail: `${x.originalPlate} → ${x.correctedPlate} (${x.chosen}): ${x.reason}`,
        })),
      ],
    });
  }
  if (d.hits.length) {
    blocks.push({ type: 'heading', text: 'Hot-list hits', level: 3 });
    blocks.push({
      type: 'table',
      columns: [
        { key: 'hit', label: 'Hit', width: 0.6, mono: true },
        { key: 'list', label: 'List', width: 1.2 },
        { key: 'when', label: 'When (local)', width: 1.3 },
        { key: 'status', label: 'State', width: 1 },
        { key: 'detail', label: 'By / disposition', width: 2.2 },
      ],
      rows: d.hits.flatMap((h) =>
        h.trail.length
          ? h.trail.map((s) => ({
              hit: String(h.id),
              list: h.listName ?? h.listId,
              when: localTime(s.at, tz),
              status: s.status,
              detail: [s.by, s.note].filter(Boolean).join(' — '),
            }))
          : [
              {
                hit: String(h.id),
                list: h.listName ?? h.listId,
                when: localTime(h.at, tz),
                status: h.status,
                detail: `${h.disposition ?? ''}${h.disposition ? ' — ' : ''}current state as synced (no trail kept on this workstation)`,
              },
            ],
      ),
    });
  }
  return blocks;
}

function mapPoints(c: EvidenceContent, d: PackageDetection): MapPoint[] {
  const { lat, lon } = d.detection;
  const near = c.cameras.filter(
    (k) =>
      k.lat !== null &&
      k.lon !== null &&
      k.id !== d.detection.cameraId &&
      distanceM(lat, lon, k.lat, k.lon) <= MAP_RADIUS_M,
  );
  return [
    { lat, lon, label: d.detection.cameraName ?? d.detection.cameraId, kind: 'subject' },
    ...near.map((k) => ({ lat: k.lat!, lon: k.lon!, label: k.id, kind: 'camera' as const })),
  ];
}

function accessPages(c: EvidenceContent): Block[] {
  const tz = c.timeZone;
  return [
    { type: 'pageBreak' },
    { type: 'heading', text: 'Access-log extract', level: 1 },
    {
      type: 'paragraph',
      text: `The searches and additions that found or collected this package's detections, from the workstation's hash-chained access log. data/access-log.ndjson holds the chain's links from record ${c.segment[0]?.seq ?? '—'} to ${c.segment[c.segment.length - 1]?.seq ?? '—'}: these records in full, the others (other matters) only as hashes, so the links can be checked without showing them.`,
      tone: 'muted',
    },
    c.access.length
      ? {
          type: 'table',
          columns: [
            { key: 'seq', label: 'Record', width: 0.6, align: 'right', mono: true },
            { key: 'at', label: 'When (local)', width: 1.3 },
            { key: 'who', label: 'Who', width: 1.1 },
            { key: 'action', label: 'Action', width: 1.2 },
            { key: 'purpose', label: 'Purpose', width: 1.6 },
            { key: 'what', label: 'What', width: 2.2 },
          ],
          rows: c.access.map((a) => ({
            seq: String(a.seq),
            at: localTime(a.at, tz),
            who: a.username ?? '',
            action: a.action,
            purpose: a.purpose ?? '',
            what: `${a.summary} (${a.detectionIds.length} of this package)`,
          })),
        }
      : { type: 'paragraph', text: 'No access-log record names these detections.', tone: 'warning' },
  ];
}

function custodyPage(c: EvidenceContent): Block[] {
  const tz = c.timeZone;
  return [
    { type: 'pageBreak' },
    { type: 'heading', text: 'Chain of custody', level: 1 },
    {
      type: 'paragraph',
      text: `Evidence item ${c.itemNumber}. Entries recorded in Canvass are printed; add later transfers by hand on the blank lines and record them in Canvass.`,
      tone: 'muted',
    },
    {
      type: 'table',
      columns: [
        { key: 'at', label: 'When (local)', width: 1.3 },
        { key: 'action', label: 'Action', width: 1.2 },
        { key: 'from', label: 'From', width: 1.3 },
        { key: 'to', label: 'To', width: 1.3 },
        { key: 'by', label: 'Recorded by', width: 1 },
        { key: 'note', label: 'Where / note', width: 1.6 },
      ],
      rows: c.custody.map((e) => ({
        at: localTime(e.at, tz),
        action: e.action,
        from: e.fromPerson ?? '',
        to: e.toPerson,
        by: e.recordedBy,
        note: [e.location, e.note].filter(Boolean).join(' — '),
      })),
      empty: Math.max(4, 10 - c.custody.length),
    },
    {
      type: 'signatures',
      lines: [
        { role: 'Released by', name: null },
        { role: 'Received by', name: null },
      ],
    },
  ];
}
