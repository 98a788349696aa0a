import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a PDF says and how its first page looks, read with Mozilla's PDF.js (no system tools). */
export interface ReadPdf {
  pages: number;
  /** The text of each page, its pieces joined as a reader copying them out would get them. */
  texts: string[];
  /** Page 1 drawn at 100 dpi, as PNG bytes. */
  firstPagePng: Buffer;
  /** The share of page 1's pixels that are not near-white: 0 for a blank page. */
  firstPageInk: number;
}

interface NodeCanvas {
  toBuffer(mime: 'image/png'): Buffer;
}

/** The canvas PDF.js makes in Node (@napi-rs/canvas), as far as this helper uses it. */
interface CanvasFactory {
  create(width: number, height: number): { canvas: NodeCanvas; context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
}

/** Opens a PDF from its bytes, extracts every page's text and renders the first page. */
export async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const texts: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 100 / 72 });
    const { canvas, context } = (pdf.canvasFactory as CanvasFactory).create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    const pixels = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height)).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) inked++;
    return { pages: pdf.numPages, texts, firstPagePng: canvas.toBuffer('image/png'), firstPageInk: inked / (pixels.length / 4) };
  } finally {
    await pdf.destroy();
  }
}
