import type { PrintableLetter, PrintablePart } from '../domain/letters-print.js';
import type { Locale } from '../i18n/locales.js';
import type { Translate } from '../i18n/translator.js';
import { drawableText, printFont, type PrintFont } from './font.js';

/** What a print needs besides the letters. */
export interface RenderOptions {
  locale: Locale;
  /** When the document is made, for the footer. */
  printedAt: Date;
  /** The bytes of each photo (JPEG or PNG) by file id; a photo missing here prints as a note. */
  photos: ReadonlyMap<string, Buffer>;
}

type Doc = PDFKit.PDFDocument;
/** PDFKit decodes an image once and hands back its size; not in its type definitions. */
type ImageOpener = { openImage(source: Buffer): { width: number; height: number } };

const MARGIN = 56;
const FOOTER_ROOM = 40;
const INK = '#1f1f1f';
const GREY = '#6b6b6b';
/** A photo takes at most this share of the page's writing height. */
const PHOTO_SHARE = 0.55;
/** A photo is shrunk to fit the rest of a page down to this height (points); smaller, it starts a new page. */
const MIN_PHOTO_HEIGHT = 180;
/** Space above and below a photo, in points. */
const PHOTO_GAP = 18;

interface Page {
  doc: Doc;
  t: Translate;
  font: PrintFont;
  options: RenderOptions;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function longDate(at: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
}

function note(doc: Doc, text: string): void {
  doc.moveDown(0.3).fontSize(12).fillColor(GREY).text(text, { lineGap: 4 }).moveDown(0.5);
}

/**
 * Draws a photo as wide as the page allows (within a share of its height, or shrunk to the
 * room left on the page), or a note if it cannot be read.
 */
function drawPhoto({ doc, t, options }: Page, fileId: string): void {
  const bytes = options.photos.get(fileId);
  let image: { width: number; height: number } | undefined;
  try {
    image = bytes ? (doc as Doc & ImageOpener).openImage(bytes) : undefined;
  } catch {
    image = undefined;
  }
  if (!image) return note(doc, t('printing.photoMissing'));
  const maxHeight = (bottomLimit(doc) - doc.page.margins.top) * PHOTO_SHARE;
  let scale = Math.min(contentWidth(doc) / image.width, maxHeight / image.height);
  const room = bottomLimit(doc) - doc.y - PHOTO_GAP;
  if (image.height * scale > room) {
    if (room >= MIN_PHOTO_HEIGHT) scale = room / image.height;
    else doc.addPage();
  }
  const [width, height] = [image.width * scale, image.height * scale];
  const x = doc.page.margins.left + (contentWidth(doc) - width) / 2;
  const y = doc.y + PHOTO_GAP / 3;
  doc.image(image as unknown as Buffer, x, y, { width, height });
  doc.x = doc.page.margins.left;
  doc.y = y + height + (PHOTO_GAP * 2) / 3;
}

function drawPart(page: Page, part: PrintablePart): void {
  const { doc, t, font } = page;
  if (part.kind === 'text') doc.fontSize(14).fillColor(INK).text(drawableText(font, part.text), { lineGap: 6, paragraphGap: 8 });
  else if (part.kind === 'photo') drawPhoto(page, part.fileId);
  else if (part.kind === 'video') note(doc, part.caption ? t('printing.videoCaption', { caption: drawableText(font, part.caption) }) : t('printing.video'));
  else note(doc, t('printing.voice'));
}

function drawLetter(page: Page, letter: PrintableLetter): void {
  const { doc, t, font, options } = page;
  const name = drawableText(font, letter.childName);
  const author = drawableText(font, letter.authorName);
  const date = longDate(letter.writtenAt, letter.timezone, options.locale);
  const from = letter.relation ? t('printing.fromRelation', { relation: t(`relations.${letter.relation}`), name: author, date }) : t('printing.from', { name: author, date });
  doc.fontSize(10).fillColor(GREY).text(t('printing.heading'));
  doc.moveDown(0.4).fontSize(24).fillColor(INK).text(t('printing.to', { name }));
  doc.moveDown(0.2).fontSize(12).fillColor(GREY).text(from);
  const ruleY = doc.y + 8;
  doc.moveTo(doc.page.margins.left, ruleY).lineTo(doc.page.width - doc.page.margins.right, ruleY).lineWidth(0.5).strokeColor(GREY).stroke();
  doc.y = ruleY + 16;
  for (const part of letter.parts) drawPart(page, part);
}

/** Writes "printed on … · page n of m" at the foot of every page, below the writing area. */
function drawFooters({ doc, t, options }: Page, timeZone: string): void {
  const { start, count } = doc.bufferedPageRange();
  const date = longDate(options.printedAt, timeZone, options.locale);
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor(GREY).text(t('printing.footer', { date, page: index + 1, pages: count }), MARGIN, doc.page.height - FOOTER_ROOM, {
      width: contentWidth(doc),
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Lays out letters to children as an A4 PDF, one letter from a new page: the child's name,
 * who wrote and when (in the school's time zone), the text, the photos scaled to the page
 * width, a line for each voice note and one for each video (with its caption), with a footer on every page. The text is set in
 * Noto Sans SC, embedded as a subset, so Chinese prints and can be copied out of the PDF.
 */
export async function renderLettersPdf(letters: PrintableLetter[], t: Translate, options: RenderOptions): Promise<Buffer> {
  const font = await printFont();
  // PDFKit is loaded on the first print, so the bot does not carry it in memory until then.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_ROOM / 2 },
    bufferPages: true,
    lang: options.locale,
    info: { Title: t('printing.documentTitle'), Creator: 'Jiashu' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', font.bytes);
  doc.font('body');
  const page: Page = { doc, t, font, options };
  letters.forEach((letter, index) => {
    if (index > 0) doc.addPage();
    drawLetter(page, letter);
  });
  drawFooters(page, letters[0]?.timezone ?? 'UTC');
  doc.end();
  return finished;
}
