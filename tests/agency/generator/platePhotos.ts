import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as opentype from 'opentype.js';
import sharp from 'sharp';
import { Rng } from './prng';
import { makePlate } from './vehicles';

/**
 * Varied plate photographs for training and measuring the OCR (issue 22): plates of many states, each drawn in
 * its own design — background and graphic, ink colour, the state's name and slogan, serial format, character
 * face (condensed gothics from font files, drawn as outlines so no system font lookup changes them), embossed
 * or flat, a separator or emblem between the character groups — with a frame, stickers and bolts, on a bumper,
 * then seen by a camera in one of several conditions (blur, noise, perspective, distance, glare, shadow, dirt,
 * night infrared, JPEG artefacts). Deterministic for (seed, index, condition). The designs follow general
 * knowledge of US plates; none is copied from a photograph.
 */

/** How a state's plate looks. Shapes use makePlate's template letters: 9 = digit 1–9, 0 = any digit, A = letter. */
type Design = {
  state: string;
  name: string;
  slogan: string;
  /** Serial templates for makePlate, and where the gap (separator) falls. */
  serials: readonly { template: string; gap: number | null }[];
  /** Background: one colour, or a top-to-bottom gradient. */
  bg: readonly string[];
  ink: string;
  nameInk: string;
  /** The state name at the top (most) or the bottom. */
  nameTop: boolean;
  /** Character faces (FACES keys) the state's serials are drawn in. */
  faces: readonly string[];
  /** Share of plates of this state that are embossed (older issues). */
  embossed: number;
  /** What sits in the gap between character groups. */
  separator: 'none' | 'dash' | 'dot' | 'emblem';
  /** A graphic across the plate (mountains, a sun, bands); drawn behind the characters. */
  graphic: 'none' | 'mountains' | 'sun' | 'bands' | 'wave' | 'arch';
  graphicInk: string;
};

/**
 * The designs, one a line: state | name | slogan | serials (template:gap, - for none) | background (one colour or
 * a top-to-bottom gradient) | ink | name's ink | name at the top or bottom | faces | share embossed | separator |
 * graphic | graphic's ink.
 */
const DESIGN_TABLE = `
CA|California|dmv.ca.gov|9AAA000:-|#fbfbf8|#1c2f6e|#b3262d|top|league-gothic,antonio,oswald|0.4|none|none|#fff
TX|TEXAS|The Lone Star State|AAA0000:3|#f4f4f2,#d9dde2|#151515|#151515|top|barlow-condensed,roboto-condensed,oswald|0.2|emblem|bands|#c9cfd6
NY|NEW YORK|Excelsior|AAA0000:3|#f2d77a,#e9c24a|#1f2e6b|#1f2e6b|top|antonio,fjalla-one,barlow-condensed|0.3|dash|none|#fff
FL|Florida|Sunshine State|AAA0AA:3,AAAA00:4|#fbfbf8|#11633a|#11633a|top|oswald,antonio|0.3|emblem|sun|#f0a640
AZ|ARIZONA|Grand Canyon State|AAA0000:-|#9fc4e3,#f1d9a8|#6b1a22|#6b1a22|top|league-gothic,oswald,pathway-gothic-one|0.1|none|mountains|#b5653a
NV|NEVADA|Home Means Nevada|000A00:3,00A000:3|#a9cbe8,#f3e8d0|#1d3c8a|#1d3c8a|top|antonio,fjalla-one|0.2|none|mountains|#9a8a7a
WA|Washington|Evergreen State|AAA0000:3|#fbfbf8|#1a3770|#1a3770|top|antonio,oswald,barlow-condensed|0.4|none|mountains|#c8d4e6
OR|OREGON|Pacific Wonderland|000AAA:3|#fbfbf8,#e8eee2|#1f3d7a|#1f3d7a|top|league-gothic,antonio|0.5|emblem|mountains|#6e8f5a
IL|Illinois|Land of Lincoln|AA00000:2,9000000:-|#fbfbf8,#e4e9f2|#1b1b1d|#8c1c24|top|roboto-condensed,barlow-condensed,oswald|0.3|dash|wave|#d5dbe6
MO|MISSOURI|Show-Me State|AA0A0A:3|#fbfbf8,#dfe7f3|#233a7a|#233a7a|top|antonio,oswald|0.4|dash|wave|#b8c8e2
NJ|New Jersey|Garden State|A00AAA:3|#f1e3b0|#111111|#111111|top|fjalla-one,oswald,roboto-condensed|0.6|emblem|none|#fff
PA|PENNSYLVANIA|visitPA.com|AAA0000:3|#fbfbf8|#14296b|#fbfbf8|top|overpass,roboto-condensed,barlow-condensed|0.3|dash|bands|#14296b
OH|OHIO|Birthplace of Aviation|AAA0000:3|#fbfbf8,#e9eef5|#161616|#8a1c1c|bottom|oswald,pathway-gothic-one,roboto-condensed|0.1|none|wave|#c9d9ee
GA|GEORGIA|Peach State|AAA0000:3|#fbfbf8|#161616|#161616|top|barlow-condensed,antonio|0.2|emblem|sun|#f3b38a
NC|NORTH CAROLINA|First in Flight|AAA0000:3|#fbfbf8,#f1f1f1|#1d1d5e|#9b1d20|top|roboto-condensed,oswald|0.5|dash|bands|#d9dde8
UT|UTAH|Life Elevated|A00AA0:3|#f2dcc0,#fbfbf8|#2a2a2a|#8d2a1d|top|fjalla-one,antonio|0.2|emblem|arch|#c7703d
CO|COLORADO|Colorful Colorado|AAA000:3,AAAA00:3|#fbfbf8|#1f5e37|#1f5e37|bottom|oswald,league-gothic|0.6|dash|mountains|#7fae8a
MA|Massachusetts|The Spirit of America|9AAA00:4|#fbfbf8|#a5222a|#1f3a7a|top|oswald,antonio,fjalla-one|0.5|none|none|#fff
VA|Virginia|Virginia is for Lovers|AAA0000:3|#fbfbf8|#1b2b6b|#1b2b6b|top|antonio,roboto-condensed|0.5|dash|none|#fff
MI|MICHIGAN|Great Lakes|AAA0000:3|#2a3a7a,#1b275a|#f4f4f4|#f4f4f4|bottom|oswald,antonio|0.7|none|none|#fff
`;

const DESIGNS: readonly Design[] = DESIGN_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [state, name, slogan, serials, bg, ink, nameInk, nameAt, faces, embossed, separator, graphic, graphicInk] =
      line.split('|') as [string, ...string[]];
    return {
      state,
      name: name!,
      slogan: slogan!,
      serials: serials!.split(',').map((s) => {
        const [template, gap] = s.split(':');
        return { template: template!, gap: gap === '-' ? null : Number(gap) };
      }),
      bg: bg!.split(','),
      ink: ink!,
      nameInk: nameInk!,
      nameTop: nameAt === 'top',
      faces: faces!.split(','),
      embossed: Number(embossed),
      separator: separator as Design['separator'],
      graphic: graphic as Design['graphic'],
      graphicInk: graphicInk!,
    };
  });

export const PLATE_STATES: readonly string[] = DESIGNS.map((d) => d.state);

/** Character faces: condensed gothics and sans faces in the weights plates use (files from @fontsource). */
const FACES: Readonly<Record<string, readonly string[]>> = {
  'league-gothic': ['400'],
  antonio: ['600', '700'],
  oswald: ['500', '600'],
  'fjalla-one': ['400'],
  'pathway-gothic-one': ['400'],
  'barlow-condensed': ['600', '700'],
  'roboto-condensed': ['600', '800'],
  overpass: ['700', '800'],
};

const fonts = new Map<string, opentype.Font>();

function fontOf(face: string, weight: string): opentype.Font {
  const key = `${face}-${weight}`;
  let font = fonts.get(key);
  if (!font) {
    const file = join(
      __dirname,
      '../../../node_modules/@fontsource',
      face,
      'files',
      `${face}-latin-${weight}-normal.woff`,
    );
    const buf = readFileSync(file);
    font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    fonts.set(key, font);
  }
  return font;
}

/** Camera conditions of the varied plates (the bench reports each). */
export const PHOTO_CONDITIONS = [
  'clean',
  'blur',
  'noise',
  'perspective',
  'distance',
  'glare',
  'shadow',
  'dirt',
  'night_ir',
  'jpeg',
] as const;
export type PhotoCondition = (typeof PHOTO_CONDITIONS)[number];

export type PlatePhoto = {
  png: Buffer;
  plate: string;
  state: string;
  condition: PhotoCondition;
  embossed: boolean;
  /** The plate's box in the image (its transformed corners' bounds). */
  box: { x: number; y: number; width: number; height: number };
};

const W = 320;
const H = 160;
/** The bumper around the plate in the picture, each side. */
const MARGIN_X = 70;
const MARGIN_Y = 50;

function esc(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The serial as outline paths in `face`, laid out in the plate's character area (x 32–288, characters
 * `capH` high with their bottom at `base`), condensed to fit, with the gap's separator.
 */
function serialPaths(
  text: string,
  gap: number | null,
  font: opentype.Font,
  capH: number,
  base: number,
  r: Rng,
): { d: string; gapX: number | null } {
  const unit = 100;
  const hBox = font.getPath('H', 0, 0, unit).getBoundingBox();
  const k = capH / (hBox.y2 - hBox.y1);
  const glyphs = [...text].map((c) => {
    const p = font.getPath(c, 0, 0, unit);
    return { c, box: p.getBoundingBox(), d: p };
  });
  const track = 0.12 * (hBox.x2 - hBox.x1);
  const gapW = gap !== null ? 0.55 * (hBox.x2 - hBox.x1) : 0;
  let width = 0;
  glyphs.forEach((g, i) => {
    width += g.box.x2 - g.box.x1 + (i ? track : 0) + (gap !== null && i === gap ? gapW : 0);
  });
  const avail = 248;
  const sx = Math.min(k * r.range(0.9, 1.15), avail / width);
  const total = width * sx;
  let x = 160 - total / 2;
  let d = '';
  let gapX: number | null = null;
  glyphs.forEach((g, i) => {
    if (i) x += track * sx;
    if (gap !== null && i === gap) {
      gapX = x + (gapW * sx) / 2;
      x += gapW * sx;
    }
    const path = font.getPath(g.c, 0, 0, unit).toPathData(2);
    const tx = x - g.box.x1 * sx;
    d += `<path transform="translate(${tx.toFixed(2)} ${base.toFixed(2)}) scale(${sx.toFixed(4)} ${k.toFixed(4)})" d="${path}"/>`;
    x += (g.box.x2 - g.box.x1) * sx;
  });
  return { d, gapX };
}

function graphicSvg(design: Design, r: Rng): string {
  const c = design.graphicInk;
  switch (design.graphic) {
    case 'mountains': {
      const peaks = Array.from({ length: 5 }, (_, i) => `${40 + i * 60 + r.range(-15, 15)},${r.range(70, 110)}`);
      return `<polygon points="0,150 ${peaks.join(' ')} 320,150 320,160 0,160" fill="${c}" opacity="0.45"/>`;
    }
    case 'sun':
      return `<circle cx="${r.range(120, 200).toFixed(0)}" cy="${r.range(70, 95).toFixed(0)}" r="${r.range(26, 40).toFixed(0)}" fill="${c}" opacity="0.55"/>`;
    case 'bands':
      return `<rect x="0" y="0" width="320" height="30" fill="${c}" opacity="${design.state === 'PA' ? 1 : 0.6}"/><rect x="0" y="138" width="320" height="22" fill="${design.state === 'PA' ? '#f1c232' : c}" opacity="0.8"/>`;
    case 'wave':
      return `<path d="M0 120 Q80 ${r.range(80, 110).toFixed(0)} 160 120 T320 120 V160 H0 Z" fill="${c}" opacity="0.7"/>`;
    case 'arch':
      return `<path d="M60 150 V100 Q60 55 110 55 Q160 55 160 100 V150 H140 V100 Q140 75 110 75 Q80 75 80 100 V150 Z" fill="${c}" opacity="0.45"/>`;
    default:
      return '';
  }
}

/** The plate itself (W × H, in plate units) as SVG elements, with what it shows. */
function plateSvg(design: Design, plate: string, gap: number | null, r: Rng, embossed: boolean): string {
  const faceName = r.pick(design.faces);
  const font = fontOf(faceName, r.pick(FACES[faceName]!));
  const capH = r.range(58, 72);
  const base = r.range(108, 118);
  const { d, gapX } = serialPaths(plate, gap, font, capH, base, r);
  const bg =
    design.bg.length > 1
      ? `<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${design.bg[0]}"/><stop offset="1" stop-color="${design.bg[1]}"/></linearGradient>`
      : '';
  const fill = design.bg.length > 1 ? 'url(#bg)' : design.bg[0]!;
  const nameY = design.nameTop ? r.range(30, 40) : r.range(146, 152);
  const nameFont = r.pick(['DejaVu Serif', 'DejaVu Sans']);
  const nameStyle = r.chance(0.5) ? 'italic' : 'normal';
  const sloganY = design.nameTop ? r.range(140, 150) : r.range(24, 30);
  const ink = design.ink;
  let sep = '';
  if (gapX !== null) {
    const mid = base - capH / 2;
    if (design.separator === 'dash')
      sep = `<rect x="${(gapX - 6).toFixed(1)}" y="${(mid - 3).toFixed(1)}" width="12" height="6" fill="${ink}"/>`;
    else if (design.separator === 'dot')
      sep = `<circle cx="${gapX.toFixed(1)}" cy="${mid.toFixed(1)}" r="4" fill="${ink}"/>`;
    else if (design.separator === 'emblem')
      sep = `<path transform="translate(${gapX.toFixed(1)} ${mid.toFixed(1)})" d="M0 -13 L4 -4 L13 -4 L6 2 L9 12 L0 6 L-9 12 L-6 2 L-13 -4 L-4 -4 Z" fill="${r.pick(['#b3262d', '#1f5e37', design.ink, '#e0a030'])}"/>`;
  }
  // Embossed characters: raised, so lit from above they carry a light edge above and a shadow below.
  const serial = embossed
    ? `<g fill="#ffffff" opacity="0.55" transform="translate(-1.2 -1.4)">${d}</g><g fill="#000000" opacity="0.45" transform="translate(1.4 1.8)">${d}</g><g fill="${ink}">${d}</g>`
    : `<g fill="${ink}">${d}</g>`;
  const stickers = Array.from({ length: r.int(3) }, (_, i) => {
    const left = i === 0 ? r.chance(0.5) : !r.chance(0.5);
    const top = r.chance(0.75);
    const x = left ? r.range(10, 40) : r.range(245, 280);
    const y = top ? r.range(8, 22) : r.range(118, 132);
    const color = r.pick(['#d7262e', '#1f7a3a', '#e8b400', '#2a5db0', '#f07c12', '#ffffff']);
    return `<rect x="${x.toFixed(0)}" y="${y.toFixed(0)}" width="${r.range(26, 40).toFixed(0)}" height="${r.range(16, 24).toFixed(0)}" rx="2" fill="${color}"/><text x="${(x + 4).toFixed(0)}" y="${(y + 14).toFixed(0)}" font-family="DejaVu Sans" font-weight="bold" font-size="10" fill="${color === '#ffffff' ? '#222' : '#fff'}">${r.pick(['25', '26', 'JAN', 'MAR', 'SEP', 'DEC'])}</text>`;
  }).join('');
  const bolts = [
    [r.range(55, 75), r.range(18, 26)],
    [r.range(245, 265), r.range(18, 26)],
    ...(r.chance(0.5)
      ? [
          [r.range(55, 75), r.range(134, 142)],
          [r.range(245, 265), r.range(134, 142)],
        ]
      : []),
  ]
    .map(
      ([x, y]) =>
        `<circle cx="${x!.toFixed(0)}" cy="${y!.toFixed(0)}" r="${r.range(3, 5).toFixed(1)}" fill="#8d8d8d" stroke="#555" stroke-width="1"/>`,
    )
    .join('');
  return `<defs>${bg}</defs>
  <rect x="0" y="0" width="${W}" height="${H}" rx="9" fill="${fill}" stroke="#555" stroke-width="2"/>
  ${graphicSvg(design, r)}
  <text x="160" y="${nameY.toFixed(0)}" font-family="${nameFont}" font-style="${nameStyle}" font-weight="bold" font-size="${r.range(18, 26).toFixed(0)}" fill="${design.nameInk}" text-anchor="middle">${esc(design.name)}</text>
  <text x="160" y="${sloganY.toFixed(0)}" font-family="DejaVu Sans" font-size="${r.range(9, 13).toFixed(0)}" fill="${design.nameInk}" text-anchor="middle">${esc(design.slogan)}</text>
  ${stickers}${bolts}${sep}${serial}`;
}

/** A licence-plate frame over the plate's edges (often over its state name or slogan), or none. */
function frameSvg(r: Rng): string {
  const kind = r.pick(['none', 'none', 'dealer', 'chrome', 'thin', 'slogan']);
  if (kind === 'none') return '';
  const color = kind === 'chrome' ? '#c8c8c8' : '#161616';
  const thin = kind === 'thin';
  // Outside the plate (the frame's rim) and how far it reaches over the plate's face.
  const rim = thin ? 4 : r.range(5, 9);
  const overTop = thin ? 3 : r.range(3, 16);
  const overBottom = thin ? 3 : r.range(6, 22);
  const text =
    kind === 'dealer' || kind === 'slogan'
      ? `<text x="160" y="${(H - overBottom / 2 + 4).toFixed(0)}" font-family="DejaVu Sans" font-weight="bold" font-size="${Math.max(8, overBottom * 0.6).toFixed(0)}" fill="${r.pick(['#e8e8e8', '#d4af37', '#c0c0c0'])}" text-anchor="middle">${esc(r.pick(['AUTONATION TOYOTA', 'HONDA OF SANTA CLARA', 'CAPITOL FORD', 'RATHER BE FISHING', 'SUNTRUP HYUNDAI', 'GO BEARS']))}</text>`
      : '';
  return `<path d="M${-rim} ${-rim} H${W + rim} V${H + rim} H${-rim} Z M4 ${overTop.toFixed(1)} V${(H - overBottom).toFixed(1)} H${W - 4} V${overTop.toFixed(1)} Z" fill="${color}" fill-rule="evenodd"/>${text}`;
}

/**
 * One varied plate photograph: the `index`th plate of `seed`, in `condition`. The plate, its state and design
 * and everything on and around it follow from (seed, index); the condition only changes the camera.
 */
export async function platePhoto(seed: number, index: number, condition: PhotoCondition): Promise<PlatePhoto> {
  const r = new Rng(seed, 'plate-photo', index);
  const design = r.pick(DESIGNS);
  const serial = r.pick(design.serials);
  const plate = makePlate(r, serial.template);
  const embossed = r.chance(design.embossed);
  const body = plateSvg(design, plate, serial.gap, r, embossed);
  const frame = frameSvg(r);
  const bumper = r.pick(['#1b1b1d', '#3a3d42', '#8a8d91', '#c9ccd0', '#6b1f1f', '#23344f', '#e9e9e6']);
  const c = new Rng(seed, 'plate-photo', index, condition);
  // The camera: off to one side and above, a little rolled; more so in the perspective condition.
  const strong = condition === 'perspective';
  const skewX = c.range(-1, 1) * (strong ? 22 : 7);
  const skewY = c.range(-1, 1) * (strong ? 12 : 4);
  const rotate = c.range(-1, 1) * (strong ? 8 : 3);
  const squash = strong ? c.range(0.7, 1) : c.range(0.92, 1.05);
  const cw = W + 2 * MARGIN_X;
  const chh = H + 2 * MARGIN_Y;
  const transform = `translate(${cw / 2} ${chh / 2}) rotate(${rotate.toFixed(2)}) skewX(${skewX.toFixed(2)}) skewY(${skewY.toFixed(2)}) scale(${squash.toFixed(3)} 1) translate(${-W / 2} ${-H / 2})`;
  const extras: string[] = [];
  if (condition === 'dirt')
    for (let i = 0; i < 18; i++)
      extras.push(
        `<ellipse cx="${c.range(0, W).toFixed(0)}" cy="${c.range(0, H).toFixed(0)}" rx="${c.range(3, 18).toFixed(0)}" ry="${c.range(2, 9).toFixed(0)}" fill="${c.pick(['#6b5a3c', '#4a3f2c', '#7d7466'])}" opacity="${c.range(0.2, 0.55).toFixed(2)}"/>`,
      );
  if (condition === 'glare')
    extras.push(
      `<defs><radialGradient id="glare"><stop offset="0" stop-color="#fff" stop-opacity="0.95"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${c.range(60, 260).toFixed(0)}" cy="${c.range(50, 110).toFixed(0)}" rx="${c.range(50, 110).toFixed(0)}" ry="${c.range(30, 60).toFixed(0)}" fill="url(#glare)"/>`,
    );
  if (condition === 'shadow') {
    const x = c.range(60, 260);
    extras.push(
      `<path d="M${x.toFixed(0)} -30 L${(x + c.range(-80, 80)).toFixed(0)} 190 L400 190 L400 -30 Z" fill="#000" opacity="${c.range(0.35, 0.6).toFixed(2)}" transform="${c.chance(0.5) ? '' : 'scale(-1 1) translate(-320 0)'}"/>`,
    );
  }
  const night = condition === 'night_ir';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${cw}" height="${chh}" viewBox="0 0 ${cw} ${chh}">
  <rect width="${cw}" height="${chh}" fill="${bumper}"/>
  <rect x="0" y="${(chh * c.range(0.1, 0.3)).toFixed(0)}" width="${cw}" height="4" fill="#000" opacity="0.3"/>
  <g transform="${transform}">${body}${frame}${extras.join('')}</g>
</svg>`;
  // The plate's corners through the same transform, for its box in the picture.
  const box = transformedBox(cw / 2, chh / 2, rotate, skewX, skewY, squash);
  let img = sharp(Buffer.from(svg));
  if (night) {
    // Infrared at night: the retroreflective face glows, most coloured inks and graphics vanish, the ink of the
    // characters (carbon) stays dark, the surround is black; strong sensor noise.
    const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
    const out = Buffer.alloc(info.width * info.height);
    const inPlate = (x: number, y: number) =>
      x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const v = data[(y * info.width + x) * info.channels]!;
        const lit = inPlate(x, y) ? (v < 90 ? 35 : 225) : v * 0.15;
        out[y * info.width + x] = Math.max(0, Math.min(255, lit + c.normal() * 22));
      }
    img = sharp(out, { raw: { width: info.width, height: info.height, channels: 1 } }).blur(0.8);
  }
  if (condition === 'blur') img = sharp(await img.png().toBuffer()).blur(c.range(1.2, 2.2));
  if (condition === 'noise') {
    const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + c.normal() * 32));
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  // The camera's resolution: the plate 90–160 px wide in most conditions, 55–80 px far away.
  const plateWidth = condition === 'distance' ? c.range(55, 80) : c.range(90, 160);
  const scale = plateWidth / W;
  const small = await img
    .resize({ width: Math.round(cw * scale), height: Math.round(chh * scale) })
    .png()
    .toBuffer();
  // What the camera stores: JPEG of its own quality (heavily compressed in the jpeg condition).
  const quality = condition === 'jpeg' ? c.int(15) + 12 : c.int(30) + 65;
  const png = await sharp(await sharp(small).jpeg({ quality }).toBuffer())
    .png({ compressionLevel: 6 })
    .toBuffer();
  return {
    png,
    plate,
    state: design.state,
    condition,
    embossed,
    box: { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale },
  };
}

/** The bounds of the plate's corners under the photo's transform (centre, rotate, skews, squash). */
function transformedBox(
  cx: number,
  cy: number,
  rotate: number,
  skewX: number,
  skewY: number,
  squash: number,
): { x: number; y: number; width: number; height: number } {
  const rad = (d: number) => (d * Math.PI) / 180;
  const [cos, sin] = [Math.cos(rad(rotate)), Math.sin(rad(rotate))];
  const tx = Math.tan(rad(skewX));
  const ty = Math.tan(rad(skewY));
  const pts = [
    [-W / 2, -H / 2],
    [W / 2, -H / 2],
    [W / 2, H / 2],
    [-W / 2, H / 2],
  ].map(([x0, y0]) => {
    // SVG applies the rightmost transform first: scale, then skewY, then skewX, then rotate.
    let x = x0! * squash;
    let y = y0!;
    y = y + ty * x;
    x = x + tx * y;
    return [cx + cos * x - sin * y, cy + sin * x + cos * y] as const;
  });
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
