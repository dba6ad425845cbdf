import { z } from 'zod';

/**
 * The agency-wide access log (docs/sync-protocol.md, "Agency log"): an administrator's or custodian's workstation
 * pulls every workstation's pushed links with the server's verdict on each chain, to audit the whole agency rather
 * than the workstation in front of the auditor. Validated here, at the edge; each link is re-hashed on arrival.
 */
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const agencyLogPageSchema = z.strictObject({
  workstations: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(100),
        name: z.string().max(200),
        headSeq: z.number().int().min(0),
        headHash: hex64,
        lastPushedAt: z.string().max(40).nullable(),
        verdict: z.union([
          z.strictObject({ ok: z.literal(true) }),
          z.strictObject({ ok: z.literal(false), message: z.string().max(500) }),
        ]),
      }),
    )
    .max(10_000),
  links: z
    .array(
      z.strictObject({
        workstationId: z.string().min(1).max(100),
        seq: z.number().int().positive(),
        body: z.string().max(256 << 10),
        prevHash: hex64,
        hash: hex64,
      }),
    )
    .max(20_000),
  more: z.boolean(),
});
export type AgencyLogPage = z.infer<typeof agencyLogPageSchema>;

/** Cursors per workstation, `ws-a:120,ws-b:4`: the last seq held of each. */
export function cursorText(heads: ReadonlyMap<string, number>): string {
  return [...heads].map(([ws, seq]) => `${encodeURIComponent(ws)}:${seq}`).join(',');
}

export function parseCursor(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(',')) {
    const i = part.lastIndexOf(':');
    if (i <= 0) continue;
    const seq = Number(part.slice(i + 1));
    if (Number.isInteger(seq) && seq >= 0) out.set(decodeURIComponent(part.slice(0, i)), seq);
  }
  return out;
}

/** A workstation that has not pushed its log for this long is named as not reporting (the product's default). */
export const SILENT_AFTER_HOURS = 72;

export function isSilent(lastPushedAt: string | null, now: Date): boolean {
  return lastPushedAt === null || now.getTime() - Date.parse(lastPushedAt) > SILENT_AFTER_HOURS * 3_600_000;
}
