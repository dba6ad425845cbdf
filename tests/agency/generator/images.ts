import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DetectionData } from '../../../main/core/sync/protocol';
import { Rng } from './prng';

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

const SLOGANS: Record<string, string> = {
  CA: 'dmv.ca.gov',
  NV: 'Home Means Nevada',
  OR: 'Pacific Wonderland',
  AZ: 'Grand Canyon State',
  WA: 'Evergreen State',
  TX: 'The Lone Star State',
  NY: 'Excelsior',
  FL: 'Sunshine State',
  UT: 'Life Elevated',
  CO: 'Colorful Colorado',
  IL: 'Land of Lincoln',
};
const DEALERS = ['AUTONATION TOYOTA', 'HONDA OF SANTA CLARA', 'STEVENS CREEK BMW', 'CAPITOL FORD', 'SUNTRUP HYUNDAI'];
const STICKER_COLORS = ['#d7262e', '#1f7a3a', '#e8b400', '#2a5db0', '#f07c12'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * What the camera saw: the plate as the vehicle carries it (the truth), which OCR may then misread. Like a
 * real plate it carries the state name, a registration sticker in a corner, the state's slogan, bolts and a
 * dealer frame whose lower band covers part of the slogan; the characters are a condensed face. Every plate
 * looks a little different (frame, sticker, slight perspective), chosen from the plate text so rendering
 * stays deterministic.
 */
export function plateSvg(truePlate: string, state: string | null, night: boolean): string {
  const r = new Rng(7, 'plate', truePlate);
  const stateName = escapeXml(STATE_NAMES[state ?? ''] ?? state ?? '');
  const slogan = escapeXml(SLOGANS[state ?? ''] ?? '');
  const bg = night ? '#2b2b2b' : '#5a5a5a';
  const frame = r.chance(0.7);
  const dealer = escapeXml(DEALERS[r.int(DEALERS.length)]!);
  const sticker = STICKER_COLORS[r.int(STICKER_COLORS.length)]!;
  const month = MONTHS[r.int(12)]!;
  const stickerRight = r.chance(0.6);
  const ink = state === 'CA' || r.chance(0.5) ? '#16307a' : '#1b1b1d';
  // A little perspective: the plate seen from a camera off to one side and above.
  const skewX = r.range(-6, 6).toFixed(2);
  const skewY = r.range(-3, 3).toFixed(2);
  const n = truePlate.length;
  const charW = Math.min(34, 236 / Math.max(1, n));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <rect width="320" height="160" fill="${bg}"/>
  <g transform="translate(160 80) skewX(${skewX}) skewY(${skewY}) translate(-160 -80)">
  <rect x="20" y="16" width="280" height="128" rx="10" fill="#fbfbf8" stroke="#222" stroke-width="3"/>
  <circle cx="62" cy="30" r="4" fill="#9a9a9a"/><circle cx="258" cy="30" r="4" fill="#9a9a9a"/>
  <text x="160" y="46" font-family="DejaVu Serif" font-style="italic" font-size="24" fill="#b3262d" text-anchor="middle">${stateName}</text>
  <rect x="${stickerRight ? 252 : 30}" y="22" width="38" height="24" rx="2" fill="${sticker}"/>
  <text x="${stickerRight ? 271 : 49}" y="39" font-family="DejaVu Sans" font-weight="bold" font-size="11" fill="#fff" text-anchor="middle">${month}</text>
  <text x="160" y="114" font-family="DejaVu Sans Mono" font-weight="bold" font-size="64" fill="${ink}" text-anchor="middle" textLength="${Math.round(charW * n)}" lengthAdjust="spacingAndGlyphs">${escapeXml(truePlate)}</text>
  <text x="160" y="134" font-family="DejaVu Sans" font-size="11" fill="#b3262d" text-anchor="middle">${slogan}</text>
  ${
    frame
      ? `<path d="M14 10 h292 a10 10 0 0 1 10 10 v120 a10 10 0 0 1 -10 10 h-292 a10 10 0 0 1 -10 -10 v-120 a10 10 0 0 1 10 -10 z M24 20 v106 h272 v-106 z" fill="#151515" fill-rule="evenodd"/>
  <text x="160" y="142" font-family="DejaVu Sans" font-weight="bold" font-size="12" fill="#e8e8e8" text-anchor="middle">${dealer}</text>`
      : ''
  }
  </g>
</svg>`;
}

/** Graded capture conditions for OCR tests and the bench. */
export const PLATE_CONDITIONS = [
  'clean',
  'blur',
  'noise',
  'rotation',
  'low_resolution',
  'low_contrast',
  'occlusion',
  'dirt',
] as const;
export type PlateCondition = (typeof PLATE_CONDITIONS)[number];

/**
 * A plate crop as a camera in the given condition would deliver it: blur, sensor noise, rotation up to 10°,
 * a far-away plate (low resolution), haze or glare (low contrast), a partial occlusion (a tow ball, a bike
 * rack's strap) across an edge of the characters, or road dirt. Deterministic for (plate, condition, seed).
 */
export async function renderPlateCondition(
  truePlate: string,
  state: string | null,
  condition: PlateCondition,
  seed = 1,
): Promise<Buffer> {
  const r = new Rng(seed, 'condition', condition, truePlate);
  let svg = plateSvg(truePlate, state, r.chance(0.3));
  if (condition === 'occlusion') {
    const x = r.chance(0.5) ? r.range(20, 50) : r.range(270, 300);
    svg = svg.replace('</svg>', `<rect x="${(x - 14).toFixed(0)}" y="56" width="16" height="96" fill="#222"/></svg>`);
  }
  if (condition === 'dirt') {
    let blots = '';
    for (let i = 0; i < 14; i++)
      blots += `<ellipse cx="${r.range(25, 295).toFixed(0)}" cy="${r.range(20, 140).toFixed(0)}" rx="${r.range(4, 16).toFixed(0)}" ry="${r.range(3, 9).toFixed(0)}" fill="#6b5a3c" opacity="${r.range(0.25, 0.55).toFixed(2)}"/>`;
    svg = svg.replace('</svg>', `${blots}</svg>`);
  }
  let img = sharp(Buffer.from(svg));
  if (condition === 'blur') img = sharp(await img.png().toBuffer()).blur(r.range(1.4, 2.2));
  if (condition === 'rotation') {
    const deg = (r.chance(0.5) ? 1 : -1) * r.range(5, 10);
    img = sharp(await img.png().toBuffer()).rotate(deg, { background: '#5a5a5a' });
  }
  if (condition === 'low_resolution') {
    const small = await img.resize({ height: 30 }).png().toBuffer();
    img = sharp(small).resize({ height: 160, kernel: 'cubic' });
  }
  if (condition === 'low_contrast') img = sharp(await img.png().toBuffer()).linear(0.35, 120);
  if (condition === 'noise') {
    const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + r.normal() * 38));
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  return img.png({ compressionLevel: 6, palette: false }).toBuffer();
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
