import type { BagVerdict, EvidenceProgress, EvidencePackageStatus } from '../../../../preload/contract';

/** Sizes as a technician compares them with a drive's label: decimal units. */
export function bytesText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function etaText(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 60) return `${seconds} s left`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s left` : `${Math.floor(m / 60)} h ${m % 60} min left`;
}

export const PHASE_LABELS: Record<EvidenceProgress['phase'], string> = {
  preparing: 'Preparing the package',
  fetching: 'Fetching images from the agency server',
  writing: 'Writing to the medium',
  verifying: 'Reading back from the medium and verifying',
  booking: 'Booking the package',
  done: 'Finished',
};

export const STATUS_LABELS: Record<EvidencePackageStatus, string> = {
  writing: 'Writing',
  booked: 'Booked',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export const STATUS_COLORS: Record<EvidencePackageStatus, string> = {
  writing: 'blue',
  booked: 'teal',
  failed: 'red',
  cancelled: 'gray',
  interrupted: 'orange',
};

/** What the progress bar shows: 0–100, by detections while fetching, by bytes while writing and verifying. */
export function progressPercent(p: EvidenceProgress): number {
  if (p.phase === 'done' || p.phase === 'booking') return 100;
  if (p.phase === 'fetching') return p.totalFiles ? (100 * p.files) / p.totalFiles : 0;
  return p.totalBytes ? Math.min(100, (100 * p.bytes) / p.totalBytes) : 0;
}

/** The counts under the bar, in the phase's own terms. */
export function progressDetail(p: EvidenceProgress): string {
  if (p.phase === 'fetching') return `${p.files} of ${p.totalFiles} detections’ images · ${etaText(p.etaSeconds)}`;
  if (p.phase === 'preparing') return 'Gathering the detections and laying out the report…';
  const files = `${p.files.toLocaleString('en-US')} of ${p.totalFiles.toLocaleString('en-US')} files`;
  const bytes = `${bytesText(p.bytes)} of ${bytesText(p.totalBytes)}`;
  const rate = p.rate > 0 ? ` · ${bytesText(Math.round(p.rate))}/s · ${etaText(p.etaSeconds)}` : '';
  return `${files} · ${bytes}${rate}`;
}

/** A verifier's verdict in one sentence (as `npm run evidence:verify` says it). */
export function verdictText(v: BagVerdict): string {
  const sig =
    v.signature.state === 'valid'
      ? `signature valid${v.signature.expectedKey === false ? ' but NOT by the agency’s key' : ''}`
      : v.signature.state === 'missing'
        ? 'signature missing'
        : 'signature INVALID';
  const from = v.readFrom === 'medium' ? 'read from the medium' : 'read through the system’s cache';
  if (v.ok)
    return `${v.files.toLocaleString('en-US')} files, ${bytesText(v.bytes)} match both manifests (${from}); ${sig}.`;
  return `${v.problem?.message ?? 'The signature does not hold.'} (${sig}).`;
}

/** A key fingerprint in groups, easy to read aloud and compare with the printed one. */
export function fingerprintText(hex: string | null): string {
  if (!hex) return '—';
  return hex.match(/.{1,4}/g)!.join(' ');
}
