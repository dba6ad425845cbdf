import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DetectionData } from '../../../main/core/syncProtocol';

/**
 * Images of a detection, rendered from SVG with sharp: a plate crop with the plate text in a plate-like
 * face (DejaVu Sans Mono Bold, so OCR can read it) and an overview of the car with the plate small.
 * Rendering is deterministic, so an image is content-addressed by the SHA-256 of its PNG bytes.
 */
export type RenderedImage = { kind: 'plate' | 'overview'; sha256: string; mime: 'image/png'; bytes: Buffer };

const COLOR_HEX: Record<string, string> = {
  black: '#1b1b1d',
  white: '#f2f2f0',
  silver: '#b9bcc0',
  gray: '#6c7075',
  blue: '#2a4c8c',
  red: '#9c1f1f',
  green: '#2e5b37',
  beige: '#d8c9a7',
  brown: '#5b3b24',
  gold: '#b7924a',
  yellow: '#d9b51f',
  orange: '#cc6a1f',
  purple: '#4f2f6b',
  unknown: '#7a7a7a',
};

const STATE_NAMES: Record<string, string> = {
  CA: 'California',
  NV: 'Nevada',
  OR: 'Oregon',
  AZ: 'Arizona',
  WA: 'Washington',
  TX: 'Texas',
  NY: 'New York',
  FL: 'Florida',
  UT: 'Utah',
  CO: 'Colorado',
  IL: 'Illinois',
};

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the camera saw: the plate as the vehicle carries it (the truth), which OCR may then misread. */
export function plateSvg(truePlate: string, state: string | null, night: boolean): string {
  const stateName = escapeXml(STATE_NAMES[state ?? ''] ?? state ?? '');
  const bg = night ? '#2b2b2b' : '#5a5a5a';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <rect width="320" height="160" fill="${bg}"/>
  <rect x="20" y="16" width="280" height="128" rx="10" fill="#fbfbf8" stroke="#222" stroke-width="3"/>
  <text x="160" y="46" font-family="DejaVu Serif" font-style="italic" font-size="24" fill="#b3262d" text-anchor="middle">${stateName}</text>
  <text x="160" y="118" font-family="DejaVu Sans Mono" font-weight="bold" font-size="62" fill="#16307a" text-anchor="middle" letter-spacing="2">${escapeXml(truePlate)}</text>
</svg>`;
}

export function overviewSvg(
  truePlate: string,
  d: Pick<DetectionData, 'color' | 'body' | 'make' | 'model' | 'cameraId' | 'seenAt'>,
  night: boolean,
): string {
  const body = COLOR_HEX[d.color ?? 'unknown'] ?? COLOR_HEX.unknown!;
  const sky = night ? '#0e1524' : '#9fc3e6';
  const tall =
    d.body === 'suv' || d.body === 'van' || d.body === 'minivan' || d.body === 'truck' || d.body === 'pickup';
  const roof = tall ? 150 : 185;
  const stamp = `${d.cameraId} ${new Date(d.seenAt).toISOString().replace('T', ' ').slice(0, 19)}Z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
  <rect width="640" height="360" fill="${sky}"/>
  <rect y="250" width="640" height="110" fill="#3b3b3d"/>
  <rect x="170" y="${roof}" width="300" height="${300 - roof}" rx="28" fill="${body}" stroke="#111" stroke-width="2"/>
  <rect x="200" y="${roof + 12}" width="240" height="40" rx="8" fill="#22303c" opacity="0.85"/>
  <circle cx="225" cy="300" r="26" fill="#111"/><circle cx="415" cy="300" r="26" fill="#111"/>
  <rect x="280" y="256" width="80" height="28" fill="#fbfbf8" stroke="#222"/>
  <text x="320" y="277" font-family="DejaVu Sans Mono" font-weight="bold" font-size="17" fill="#16307a" text-anchor="middle">${escapeXml(truePlate)}</text>
  <text x="10" y="350" font-family="DejaVu Sans" font-size="14" fill="#ffffff">${escapeXml(stamp)}</text>
</svg>`;
}

export async function renderPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6, palette: false }).toBuffer();
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function renderDetectionImages(
  truePlate: string,
  d: DetectionData,
): Promise<[RenderedImage, RenderedImage]> {
  const hour = new Date(d.seenAt).getUTCHours();
  const night = hour >= 4 && hour < 14; // 20:00–06:00 Pacific
  const [plate, overview] = await Promise.all([
    renderPng(plateSvg(truePlate, d.state, night)),
    renderPng(overviewSvg(truePlate, d, night)),
  ]);
  return [
    { kind: 'plate', sha256: sha256(plate), mime: 'image/png', bytes: plate },
    { kind: 'overview', sha256: sha256(overview), mime: 'image/png', bytes: overview },
  ];
}
