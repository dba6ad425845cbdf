/**
 * The written request, attached as a file: a PDF or an image, recognised by its first bytes (never by its name or
 * the type it claims), at most ATTACHMENT_MAX_BYTES.
 */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

const SIGNATURES: readonly { mime: string; bytes: number[]; at?: number }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mime: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

export type AttachmentCheck = { ok: true; mime: string } | { ok: false; problem: string };

export function checkAttachment(name: string, bytes: Uint8Array): AttachmentCheck {
  if (bytes.length === 0) return { ok: false, problem: `${name} is empty: attach the written request itself.` };
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    return {
      ok: false,
      problem: `${name} is ${(bytes.length / 1048576).toFixed(1)} MB; a written request may be at most ${ATTACHMENT_MAX_BYTES / 1048576} MB. Scan it at a lower resolution or attach the PDF.`,
    };
  const sig = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[(s.at ?? 0) + i] === b));
  if (!sig)
    return {
      ok: false,
      problem: `${name} is not a PDF or an image (PNG, JPEG, TIFF): attach the written request as one of those.`,
    };
  if (sig.mime === 'application/pdf' && !hasEof(bytes))
    return { ok: false, problem: `${name} is a damaged PDF (it has no end): attach the complete file.` };
  return { ok: true, mime: sig.mime };
}

/** A complete PDF ends with %%EOF (possibly followed by a newline) in its last kilobyte. */
function hasEof(bytes: Uint8Array): boolean {
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('%%EOF');
}
