import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Noto Sans SC Regular (SIL Open Font License 1.1, which allows embedding), a full
 * TrueType font of about 30,000 glyphs shipped in the npm package
 * @expo-google-fonts/noto-sans-sc. PDFKit embeds only the glyphs a document uses.
 */
const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

/** The font printed letters are set in: its bytes for PDFKit and its glyph map. */
export interface PrintFont {
  bytes: Buffer;
  /** Whether the font draws this character (Noto Sans SC has no emoji, for one). */
  draws(codePoint: number): boolean;
}

let loaded: PrintFont | undefined;

/**
 * Reads the font once per process (about 10 MB) and keeps it. fontkit is loaded on first
 * use too: a bot that never prints or draws a chart does not carry it in memory.
 */
export async function printFont(): Promise<PrintFont> {
  if (!loaded) {
    const fontkit = await import('fontkit');
    const bytes = readFileSync(createRequire(import.meta.url).resolve(FONT_FILE));
    const font = fontkit.create(bytes);
    if (!('hasGlyphForCodePoint' in font)) throw new Error('the print font file is a collection, not one font');
    loaded = { bytes, draws: (codePoint) => font.hasGlyphForCodePoint(codePoint) };
  }
  return loaded;
}

/**
 * The text with every character the font cannot draw left out (emoji and their joiners),
 * so the page shows no empty "missing glyph" boxes. Line breaks and spaces stay.
 */
export function drawableText(font: PrintFont, text: string): string {
  let kept = '';
  for (const char of text) {
    if (/\s/.test(char) || font.draws(char.codePointAt(0)!)) kept += char;
  }
  return kept;
}
