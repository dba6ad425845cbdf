/**
 * The receiving side (docs/releases.md): a release package another agency's Canvass made is verified — every
 * file against both manifests, the signature against the sender's published key (its fingerprint, typed by the
 * person from the sender's publication) — and only then shown, read-only, with its provenance and the retention
 * limit the recipient certified. A package that does not verify is refused and nothing of it is shown.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ReceivedRelease, ReleaseRecord } from '../../../preload/contract';
import { verdictLine } from '../../core/evidence/verdict';
import { RELEASE_PAYLOAD } from '../../core/releases/packet';
import {
  CSV_MAX_BYTES,
  destroyBy,
  parseCsv,
  receivedRecordSchema,
  RECORD_MAX_BYTES,
} from '../../core/releases/received';
import { CanvassError } from '../../core/shared/errors';
import { record } from '../audit';
import { verifyBag } from '../evidence';
import { storeOf, type Context } from '../kernel/context';
import { today } from './requests';

const SHOWN_ROWS = 500;

function readCapped(bag: string, file: string, max: number): string {
  const path = join(bag, file);
  if (statSync(path).size > max)
    throw new CanvassError('INVALID_ARGUMENT', `${file} is larger than a release package holds; it is not opened.`);
  return readFileSync(path, 'utf8');
}

export function receive(ctx: Context, args: { path: string; fingerprint: string }): ReceivedRelease {
  const db = storeOf(ctx);
  if (!isAbsolute(args.path))
    throw new CanvassError('INVALID_ARGUMENT', `Give the package folder's full path (“${args.path}” is not one).`);
  const fingerprint = args.fingerprint.toLowerCase();
  const verdict = verifyBag(args.path, { expectedFingerprint: fingerprint });
  const refuse = (why: string) => {
    record(ctx, db, 'releases.receive', 'denied', { path: args.path, fingerprint, reason: why });
    throw new CanvassError('CONFLICT', `This release package is not opened: ${why}`);
  };
  if (!verdict.ok) refuse(verdictLine(verdict));
  if (verdict.signature.state !== 'valid' || verdict.signature.expectedKey !== true)
    refuse(`it is not signed by the key with fingerprint ${fingerprint} (${verdict.signature.message})`);
  const parsed = receivedRecordSchema.safeParse(
    (() => {
      try {
        return JSON.parse(readCapped(args.path, RELEASE_PAYLOAD.record, RECORD_MAX_BYTES));
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) return refuse(`${RELEASE_PAYLOAD.record} is not a Canvass release record`);
  const rec = parsed.data as unknown as ReleaseRecord;
  if (rec.sender.keyFingerprint !== fingerprint)
    refuse('the release record names another sender key than the one that signed it');
  const table = parseCsv(readCapped(args.path, RELEASE_PAYLOAD.detectionsCsv, CSV_MAX_BYTES));
  const [columns = [], ...rows] = table;
  const limitDay = destroyBy(today(ctx), rec.retentionLimitDays);
  record(ctx, db, 'releases.receive', 'ok', {
    path: args.path,
    number: rec.number,
    sender: rec.sender.name,
    senderOri: rec.sender.ori,
    fingerprint,
    detections: rows.length,
    destroyBy: limitDay,
  });
  return {
    verdict,
    record: rec,
    destroyBy: limitDay,
    columns,
    rows: rows.slice(0, SHOWN_ROWS),
    totalRows: rows.length,
  };
}
