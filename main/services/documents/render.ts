/**
 * The PDF toolkit (docs/documents.md): lays out a document spec with pdfkit. Every page gets the agency and case in
 * its header and, in its footer, the document id, "Page X of Y" and the SHA-256 of the document's content as data
 * (the canonical JSON written beside the PDF). Fonts are embedded from resources/fonts (DejaVu); no system font is
 * assumed. Tables repeat their header on every page they run onto.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { printCopy } from '../../../native/image';
import type { Block, DocumentSpec, MapPoint, TableColumn } from '../../core/documents/spec';
import { documentJson } from '../../core/documents/spec';

export type RenderOptions = {
  /** resources/fonts: DejaVuSans, -Bold, Mono, Condensed, Condensed-Bold. */
  fontsDir: string;
  /** Bytes of an image the spec names without them (a long report loads them one page at a time). */
  loadImage?: (sha256: string) => Uint8Array | null;
};

export type RenderedDocument = {
  pdf: Buffer;
  /** The content as data: canonical JSON, written beside the PDF. */
  json: string;
  pdfSha256: string;
  /** SHA-256 of `json`: printed in every page's footer. */
  contentSha256: string;
  pages: number;
};

export const FONT_FILES = {
  sans: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
  cond: 'DejaVuSansCondensed.ttf',
  condBold: 'DejaVuSansCondensed-Bold.ttf',
} as const;
type Face = keyof typeof FONT_FILES;
type Faces = Record<Face, string>;

const PAGE = { width: 612, height: 792 }; // US Letter
const MARGIN = { left: 50, right: 50, top: 84, bottom: 64 };
const TEXT_W = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const INK = '#1b1f23';
const MUTED = '#5b636b';
const RULE = '#c9cfd4';
const HEAD_FILL = '#e6eaee';
const ZEBRA = '#f6f7f8';
/** Print copies of images: about 200 dpi across a half-page box. */
const PRINT_WIDTH_PX = 720;
/** Image blocks whose print copies are being made ahead of the layout. */
const COPIES_AHEAD = 6;

type ImageItem = Extract<Block, { type: 'images' }>['images'][number];
/** An image's print copy, `unreadable` when it cannot be decoded, or null when the spec has no bytes for it. */
type PrintCopy = Buffer | 'unreadable' | null;

function printCopies(items: readonly ImageItem[], options: RenderOptions): Promise<PrintCopy[]> {
  return Promise.all(
    items.map(async (item): Promise<PrintCopy> => {
      const bytes = item.image ? (item.image.bytes ?? options.loadImage?.(item.image.sha256) ?? null) : null;
      if (!bytes) return null;
      try {
        return await printCopy(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), PRINT_WIDTH_PX);
      } catch {
        return 'unreadable';
      }
    }),
  );
}

export async function renderDocument(spec: DocumentSpec, options: RenderOptions): Promise<RenderedDocument> {
  const json = documentJson(spec);
  const contentSha256 = sha256(json);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    font: join(options.fontsDir, FONT_FILES.sans),
    info: {
      Title: `${spec.meta.title}${spec.meta.subtitle ? ` — ${spec.meta.subtitle}` : ''}`,
      Author: spec.meta.agency.name,
      Subject: spec.meta.caseNumber ? `Case ${spec.meta.caseNumber}` : spec.meta.kind,
      Keywords: `${spec.meta.documentId} ${spec.meta.kind}`,
      Creator: 'Canvass',
      Producer: 'Canvass document toolkit (pdfkit)',
      CreationDate: new Date(spec.meta.createdAt),
      ModDate: new Date(spec.meta.createdAt),
    },
  });
  // Faces are switched by path: pdfkit caches a font opened by path, but parses a registered one again at every
  // switch (8 ms each here, which made a 300-page report take minutes).
  const faces = Object.fromEntries(
    Object.entries(FONT_FILES).map(([f, file]) => [f, join(options.fontsDir, file)]),
  ) as Faces;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const layout = new Layout(doc, options, faces);
  // Print copies are made on sharp's threads a few image blocks ahead, while pdfkit lays out the pages before them.
  const imageBlocks = spec.blocks.filter((b) => b.type === 'images');
  const ahead: Promise<PrintCopy[]>[] = [];
  let started = 0;
  const startAhead = () => {
    while (started < imageBlocks.length && ahead.length < COPIES_AHEAD)
      ahead.push(printCopies(imageBlocks[started++]!.images, options));
  };
  startAhead();
  for (const block of spec.blocks) {
    if (block.type !== 'images') {
      layout.block(block);
      continue;
    }
    const copies = await ahead.shift()!;
    startAhead();
    layout.images(block.images, copies);
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    decorate(doc, faces, spec, i + 1, range.count, contentSha256);
  }
  doc.end();
  await ended;
  const pdf = Buffer.concat(chunks);
  return { pdf, json, pdfSha256: sha256(pdf), contentSha256, pages: range.count };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Header and footer, drawn on every page once the page count is known. */
function decorate(
  doc: PDFKit.PDFDocument,
  faces: Faces,
  spec: DocumentSpec,
  page: number,
  pages: number,
  hash: string,
): void {
  const m = spec.meta;
  const saved = doc.page.margins;
  // Text outside the margins would start a new page: lift them while the header and footer are drawn.
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
  const left = MARGIN.left;
  doc.fillColor(INK).font(faces.bold).fontSize(9);
  doc.text(m.agency.name, left, 34, { width: TEXT_W * 0.62, lineBreak: false, ellipsis: true });
  if (m.caseNumber) doc.text(`Case ${m.caseNumber}`, left, 34, { width: TEXT_W, align: 'right', lineBreak: false });
  doc.font(faces.sans).fontSize(8).fillColor(MUTED);
  doc.text(`${m.title}${m.subtitle ? ` · ${m.subtitle}` : ''}`, left, 47, {
    width: TEXT_W * 0.62,
    lineBreak: false,
    ellipsis: true,
  });
  if (m.handling)
    doc.text(m.handling, left + TEXT_W * 0.45, 47, {
      width: TEXT_W * 0.55,
      align: 'right',
      lineBreak: false,
      ellipsis: true,
    });
  doc
    .moveTo(left, 62)
    .lineTo(left + TEXT_W, 62)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();

  const fy = PAGE.height - 50;
  doc
    .moveTo(left, fy)
    .lineTo(left + TEXT_W, fy)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  doc.font(faces.sans).fontSize(8).fillColor(INK);
  doc.text(`Document ${m.documentId}`, left, fy + 6, { width: TEXT_W * 0.7, lineBreak: false });
  doc.text(`Page ${page} of ${pages}`, left, fy + 6, { width: TEXT_W, align: 'right', lineBreak: false });
  doc.font(faces.mono).fontSize(6.3).fillColor(MUTED);
  doc.text(`Content SHA-256 ${hash} (${m.documentId}.json)`, left, fy + 19, { width: TEXT_W, lineBreak: false });
  doc.page.margins = saved;
}

class Layout {
  private fresh = true;
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly options: RenderOptions,
    private readonly faces: Faces,
  ) {}

  private get y(): number {
    return this.doc.y;
  }

  private set y(v: number) {
    this.doc.y = v;
  }

  private font(face: Face, size: number, color = INK): void {
    this.doc.font(this.faces[face]).fontSize(size).fillColor(color);
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
    this.fresh = true;
  }

  /** Starts a new page unless `height` still fits below. */
  private room(height: number): void {
    if (this.y + height > BOTTOM && !this.fresh) this.newPage();
  }

  private wrote(): void {
    this.fresh = false;
  }

  /**
   * The height `text` takes in `width` with the current font. Most cells and values fit on one line: that is
   * known from their width alone, ten times cheaper than pdfkit's wrapping measure (which the others get).
   */
  private heightOf(text: string, width: number, lineGap = 0): number {
    if (!text.includes('\n') && this.doc.widthOfString(text) <= width)
      return this.doc.currentLineHeight(true) + lineGap;
    return this.doc.heightOfString(text, { width, lineGap });
  }

  /** Draws `text` at (x, y) within `width`; one line is drawn without the wrapper, which costs half as much. */
  private put(text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
    if (!text.includes('\n') && this.doc.widthOfString(text) <= width) {
      const dx =
        align === 'left'
          ? 0
          : align === 'right'
            ? width - this.doc.widthOfString(text)
            : (width - this.doc.widthOfString(text)) / 2;
      this.doc.text(text, x + dx, y, { lineBreak: false });
    } else {
      this.doc.text(text, x, y, { width, align });
    }
  }

  block(b: Block): void {
    switch (b.type) {
      case 'pageBreak':
        if (!this.fresh) this.newPage();
        return;
      case 'heading':
        return this.heading(b.text, b.level);
      case 'paragraph':
        return this.paragraph(b.text, b.tone ?? 'normal');
      case 'fields':
        return this.fields(b.rows);
      case 'table':
        return this.table(b.columns, b.rows, b.empty ?? 0);
      case 'images':
        throw new Error('images are laid out with their print copies (renderDocument)');
      case 'map':
        return this.map(b.points, b.caption);
      case 'signatures':
        return this.signatures(b.lines);
    }
  }

  private heading(text: string, level: 1 | 2 | 3): void {
    const size = level === 1 ? 17 : level === 2 ? 13.5 : 10.5;
    this.font('bold', size);
    const h = this.doc.heightOfString(text, { width: TEXT_W });
    // Keep a heading with what follows it.
    this.room(h + 70);
    if (!this.fresh) this.y += level === 1 ? 10 : 8;
    this.doc.text(text, MARGIN.left, this.y, { width: TEXT_W });
    this.y += level === 3 ? 3 : 6;
    this.wrote();
  }

  private paragraph(text: string, tone: 'normal' | 'muted' | 'warning'): void {
    this.font('sans', 9, tone === 'muted' ? MUTED : tone === 'warning' ? '#8a4b00' : INK);
    const h = this.doc.heightOfString(text, { width: TEXT_W, lineGap: 1.5 });
    this.room(Math.min(h, 40));
    this.doc.text(text, MARGIN.left, this.y, { width: TEXT_W, lineGap: 1.5 });
    this.y += 6;
    this.wrote();
  }

  private fields(rows: { label: string; value: string; mono?: boolean }[]): void {
    const labelW = 140;
    const valueW = TEXT_W - labelW - 8;
    for (const r of rows) {
      this.font(r.mono ? 'mono' : 'sans', r.mono ? 8 : 9);
      const h = Math.max(this.heightOf(r.value || ' ', valueW), 11) + 4;
      this.room(h);
      const top = this.y;
      this.font('bold', 8.5, MUTED);
      this.put(r.label, MARGIN.left, top + (r.mono ? 0.5 : 0), labelW);
      this.font(r.mono ? 'mono' : 'sans', r.mono ? 8 : 9);
      this.put(r.value || '—', MARGIN.left + labelW + 8, top, valueW);
      this.y = top + h;
      this.wrote();
    }
    this.y += 4;
  }

  private table(columns: TableColumn[], rows: Record<string, string>[], empty: number): void {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * TEXT_W);
    const pad = 3;
    const size = 7.8;
    const cellFont = (c: TableColumn): Face => (c.mono ? 'mono' : 'cond');
    const header = () => {
      this.font('condBold', size);
      const h = Math.max(...columns.map((c, i) => this.heightOf(c.label, widths[i]! - 2 * pad))) + 2 * pad;
      let x = MARGIN.left;
      const top = this.y;
      this.doc.rect(MARGIN.left, top, TEXT_W, h).fill(HEAD_FILL);
      this.font('condBold', size);
      columns.forEach((c, i) => {
        this.put(c.label, x + pad, top + pad, widths[i]! - 2 * pad, c.align);
        x += widths[i]!;
      });
      this.y = top + h;
      return h;
    };
    const rowHeight = (r: Record<string, string>) =>
      Math.max(
        ...columns.map((c, i) => {
          this.font(cellFont(c), c.mono ? size - 0.6 : size);
          return this.heightOf(r[c.key] || ' ', widths[i]! - 2 * pad);
        }),
      ) +
      2 * pad;
    const first = rows[0] ? rowHeight(rows[0]) : 18;
    this.room(first + 22);
    header();
    this.wrote();
    const all = [...rows, ...Array.from({ length: empty }, () => null)];
    all.forEach((r, n) => {
      const h = r ? rowHeight(r) : 20;
      if (this.y + h > BOTTOM) {
        this.newPage();
        header();
        this.wrote();
      }
      const top = this.y;
      if (n % 2 === 1) this.doc.rect(MARGIN.left, top, TEXT_W, h).fill(ZEBRA);
      let x = MARGIN.left;
      columns.forEach((c, i) => {
        if (r) {
          this.font(cellFont(c), c.mono ? size - 0.6 : size);
          this.put(r[c.key] ?? '', x + pad, top + pad, widths[i]! - 2 * pad, c.align);
        }
        x += widths[i]!;
      });
      this.doc
        .moveTo(MARGIN.left, top + h)
        .lineTo(MARGIN.left + TEXT_W, top + h)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.y = top + h;
    });
    this.y += 8;
  }

  /** Up to two images side by side, each a print copy (`copies`, in the same order) fitted in its box, with its caption. */
  images(items: readonly ImageItem[], copies: readonly PrintCopy[]): void {
    const gap = 12;
    const perRow = Math.min(2, items.length) || 1;
    const w = (TEXT_W - gap * (perRow - 1)) / perRow;
    const h = 175;
    for (let k = 0; k < items.length; k += perRow) {
      const row = items.slice(k, k + perRow);
      this.room(h + 20);
      const top = this.y;
      row.forEach((item, i) => {
        const x = MARGIN.left + i * (w + gap);
        const copy = copies[k + i];
        this.doc.rect(x, top, w, h).lineWidth(0.5).strokeColor(RULE).stroke();
        if (copy === 'unreadable')
          this.placeholder(x, top, w, h, 'The image could not be drawn (see the file in the package).');
        else if (copy) this.doc.image(copy, x + 2, top + 2, { fit: [w - 4, h - 4], align: 'center', valign: 'center' });
        else this.placeholder(x, top, w, h, item.missing ?? 'No image');
        this.font('sans', 7.5, MUTED);
        this.doc.text(item.caption, x, top + h + 3, { width: w, align: 'center', lineBreak: false });
      });
      this.y = top + h + 16;
      this.wrote();
    }
  }

  private placeholder(x: number, y: number, w: number, h: number, text: string): void {
    this.doc.rect(x + 1, y + 1, w - 2, h - 2).fill('#f1f2f3');
    this.font('sans', 8.5, MUTED);
    this.doc.text(text, x + 10, y + h / 2 - 6, { width: w - 20, align: 'center' });
  }

  /** A small map from coordinates alone: equirectangular around the subject, 250 m grid, scale bar, north. */
  private map(points: MapPoint[], caption: string): void {
    const w = TEXT_W;
    const h = 150;
    this.room(h + 22);
    const top = this.y;
    const x0 = MARGIN.left;
    const subject = points.find((p) => p.kind === 'subject') ?? points[0];
    this.doc.rect(x0, top, w, h).fill('#f3f5f2');
    this.doc.rect(x0, top, w, h).lineWidth(0.5).strokeColor(RULE).stroke();
    if (subject) {
      const mPerDegLat = 111_320;
      const mPerDegLon = 111_320 * Math.cos((subject.lat * Math.PI) / 180);
      const east = (p: MapPoint) => (p.lon - subject.lon) * mPerDegLon;
      const north = (p: MapPoint) => (p.lat - subject.lat) * mPerDegLat;
      const reach =
        Math.max(400, ...points.map((p) => Math.max(Math.abs(east(p)) * (h / w), Math.abs(north(p))))) * 1.2;
      const scale = h / 2 / reach; // points per metre
      const cx = x0 + w / 2;
      const cy = top + h / 2;
      const px = (p: MapPoint) => cx + east(p) * scale;
      const py = (p: MapPoint) => cy - north(p) * scale;
      const step = 250;
      this.doc.lineWidth(0.3).strokeColor('#dde2da');
      for (let m = -Math.ceil(w / 2 / scale / step) * step; m * scale <= w / 2; m += step) {
        const gx = cx + m * scale;
        if (gx > x0 && gx < x0 + w)
          this.doc
            .moveTo(gx, top)
            .lineTo(gx, top + h)
            .stroke();
      }
      for (let m = -Math.ceil(h / 2 / scale / step) * step; m * scale <= h / 2; m += step) {
        const gy = cy + m * scale;
        if (gy > top && gy < top + h)
          this.doc
            .moveTo(x0, gy)
            .lineTo(x0 + w, gy)
            .stroke();
      }
      for (const p of points.filter((q) => q.kind === 'camera')) {
        this.doc.circle(px(p), py(p), 2.6).fill('#7b8790');
        if (p.label) {
          this.font('cond', 6.3, MUTED);
          this.doc.text(p.label, px(p) + 4, py(p) - 3.5, { lineBreak: false });
        }
      }
      this.doc.circle(px(subject), py(subject), 7).lineWidth(1.2).strokeColor('#b3261e').stroke();
      this.doc.circle(px(subject), py(subject), 3).fill('#b3261e');
      if (subject.label) {
        this.font('condBold', 7.5, '#7a1a14');
        this.doc.text(subject.label, px(subject) + 10, py(subject) - 4, { lineBreak: false });
      }
      // Scale bar (500 m) and north.
      const bar = 500 * scale;
      const by = top + h - 12;
      this.doc
        .moveTo(x0 + 10, by)
        .lineTo(x0 + 10 + bar, by)
        .lineWidth(1.2)
        .strokeColor(INK)
        .stroke();
      this.font('cond', 6.5, INK);
      this.doc.text('500 m', x0 + 10, by - 9, { lineBreak: false });
      this.doc
        .moveTo(x0 + w - 14, top + 22)
        .lineTo(x0 + w - 14, top + 8)
        .lineWidth(1)
        .stroke();
      this.doc.text('N', x0 + w - 17, top + 24, { lineBreak: false });
      this.font('mono', 6.5, MUTED);
      this.doc.text(`${subject.lat.toFixed(6)}, ${subject.lon.toFixed(6)}`, x0 + w - 160, by - 3, {
        width: 150,
        align: 'right',
        lineBreak: false,
      });
    }
    this.font('sans', 7.5, MUTED);
    this.doc.text(caption, x0, top + h + 3, { width: w, lineBreak: false });
    this.y = top + h + 16;
    this.wrote();
  }

  private signatures(lines: { role: string; name: string | null }[]): void {
    for (const l of lines) {
      this.room(58);
      this.y += 26;
      const top = this.y;
      this.doc
        .moveTo(MARGIN.left, top)
        .lineTo(MARGIN.left + 280, top)
        .moveTo(MARGIN.left + 320, top)
        .lineTo(MARGIN.left + TEXT_W, top)
        .lineWidth(0.7)
        .strokeColor(INK)
        .stroke();
      this.font('sans', 8, MUTED);
      this.doc.text(`${l.role} — signature${l.name ? ` (${l.name})` : ', printed name'}`, MARGIN.left, top + 3, {
        width: 280,
      });
      this.doc.text('Date and time', MARGIN.left + 320, top + 3, { width: TEXT_W - 320 });
      this.y = top + 22;
      this.wrote();
    }
  }
}
