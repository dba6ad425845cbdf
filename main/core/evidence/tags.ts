/** The package's bag-info.txt (RFC 8493 reserved labels first, then Canvass's own). */
import { localDate } from '../access/training';
import { humanSize, payloadOxum, type BagInfoField } from './bagit';
import { uniqueImages, type EvidenceContent } from './content';
import { TAG } from './layout';

export function bagInfoFields(c: EvidenceContent, payload: { bytes: number; files: number }): BagInfoField[] {
  const hits = c.detections.reduce((n, d) => n + d.hits.length, 0);
  const images = uniqueImages(c.detections).length;
  const f = (label: string, value: string | number | null): BagInfoField[] =>
    value === null || value === '' ? [] : [{ label, value: String(value) }];
  return [
    ...f('Source-Organization', c.agency.name),
    ...f('Contact-Name', c.technician.fullName ?? c.technician.username),
    ...f('External-Identifier', c.itemNumber),
    ...f(
      'External-Description',
      `ALPR records collected for case ${c.caseNumber}: ${c.detections.length} detections, ${images} images, ${hits} hits, with the access-log records that found them.`,
    ),
    ...f('Bagging-Date', localDate(new Date(c.createdAt), c.timeZone)),
    ...f('Payload-Oxum', payloadOxum(payload.bytes, payload.files)),
    ...f('Bag-Size', humanSize(payload.bytes)),
    ...f('Canvass-Agency-ORI', c.agency.ori),
    ...f('Canvass-Case-Number', c.caseNumber),
    ...f('Canvass-Evidence-Item', c.itemNumber),
    ...f('Canvass-Technician', c.technician.username),
    ...f('Canvass-Created-At', c.createdAt),
    ...f('Canvass-Time-Zone', c.timeZone),
    ...f('Canvass-Version', c.canvassVersion),
    ...f('Canvass-Detections', c.detections.length),
    ...f('Canvass-Images', images),
    ...f('Canvass-Hits', hits),
    ...f(
      'Canvass-OCR-Rereads',
      c.detections.reduce((n, d) => n + d.reads.length, 0),
    ),
    ...f(
      'Canvass-Corrections',
      c.detections.reduce((n, d) => n + d.corrections.length, 0),
    ),
    ...f('Canvass-Access-Records', c.access.length),
    ...f('Canvass-Key-Fingerprint', `SHA256:${c.key.fingerprint}`),
    ...f('Canvass-Signature', `Ed25519 over ${TAG.tagManifest}, in ${TAG.signature}`),
  ];
}
