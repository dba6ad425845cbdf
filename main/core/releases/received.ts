/**
 * The receiving side (docs/releases.md): a release package another agency's Canvass made, read back as data. The
 * bag itself is verified by the evidence verifier; this reads what it says, validated once (zod) and size-capped.
 */
import { z } from 'zod';
import { addDays, type IsoDay } from '../shared/calendar';
import { RELEASE_FORMAT } from './packet';

export const RECORD_MAX_BYTES = 5 * 1024 * 1024;
export const CSV_MAX_BYTES = 200 * 1024 * 1024;

/** What the receiving side relies on of data/release.json; the rest is shown as it is. */
export const receivedRecordSchema = z
  .object({
    format: z.literal(RELEASE_FORMAT),
    version: z.literal(1),
    number: z.string().min(3).max(40),
    sender: z.object({
      name: z.string().min(2).max(200),
      ori: z.string().max(20).nullable(),
      keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
      timeZone: z.string().min(3).max(64),
    }),
    request: z
      .object({
        agency: z.object({ name: z.string().max(200) }).loose(),
        purpose: z.string().max(2000),
        theirCaseNumber: z.string().max(60),
      })
      .loose(),
    approval: z.object({ by: z.object({ username: z.string() }).loose(), at: z.string() }).loose(),
    fulfilledAt: z.string(),
    summary: z.object({ detections: z.number().int().min(0), csvSha256: z.string().regex(/^[0-9a-f]{64}$/) }).loose(),
    retentionLimitDays: z.number().int().min(1).max(36_500),
  })
  .loose();

/** The day the recipient must destroy the data by: the day received plus the certified limit. */
export function destroyBy(receivedOn: string, retentionLimitDays: number): string {
  return addDays(receivedOn as IsoDay, retentionLimitDays);
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF): rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
