import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrintableLetter } from '../../src/domain/letters-print.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { printFont } from '../../src/printing/font.js';
import { renderLettersPdf } from '../../src/printing/letter-pdf.js';
import { readPdf } from '../helpers/pdf.js';

let translations: Translations;
let photo: Buffer;
beforeAll(async () => {
  translations = await loadTranslations();
  photo = await QRCode.toBuffer('a photo from home', { width: 240 });
});

const WRITTEN = '妈妈想你了，要好好吃饭，按时睡觉。';
const printedAt = new Date('2026-12-01T02:00:00Z');

function letter(parts: PrintableLetter['parts'], childName = '王小明'): PrintableLetter {
  return { id: 1, childName, authorName: '李芳', relation: 'MOTHER', writtenAt: new Date('2026-11-30T17:30:00Z'), timezone: 'Asia/Shanghai', parts };
}

/** Every character on the page is one the embedded font draws: nothing printed as an empty box. */
async function undrawable(text: string): Promise<string[]> {
  const font = await printFont();
  return [...text].filter((char) => !/\s/.test(char) && !font.draws(char.codePointAt(0)!));
}

describe('a printed letter', () => {
  it('has the Chinese text extractable as written, the photo, the voice note and a page that is not blank', async () => {
    const pdf = await renderLettersPdf(
      [letter([{ kind: 'text', text: WRITTEN }, { kind: 'photo', fileId: 'photo-1' }, { kind: 'voice' }])],
      translations.translatorFor('zh-CN'),
      { locale: 'zh-CN', printedAt, photos: new Map([['photo-1', photo]]) },
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200_000);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);

    const read = await readPdf(pdf);
    expect(read.pages).toBe(1);
    expect(read.texts[0]!.split('\n')).toEqual([
      '家书 · 写给孩子的信',
      '给王小明',
      '妈妈李芳写于 2026年12月1日',
      WRITTEN,
      '♪ 这封信还有一段语音留言，请到儿童之家收听。',
      '家书 · 打印于 2026年12月1日 · 第 1 / 1 页',
    ]);
    expect(await undrawable(read.texts[0]!)).toEqual([]);
    expect(read.firstPagePng.subarray(1, 4).toString()).toBe('PNG');
    expect(read.firstPageInk).toBeGreaterThan(0.02);
  });

  it('prints a line for each video or video message, with its caption, in Chinese and English', async () => {
    const parts: PrintableLetter['parts'] = [{ kind: 'text', text: WRITTEN }, { kind: 'video', caption: '家里的小狗会握手了🐶' }, { kind: 'video' }];
    const zh = await renderLettersPdf([letter(parts)], translations.translatorFor('zh-CN'), { locale: 'zh-CN', printedAt, photos: new Map() });
    expect((await readPdf(zh)).texts[0]!.split('\n')).toEqual([
      '家书 · 写给孩子的信',
      '给王小明',
      '妈妈李芳写于 2026年12月1日',
      WRITTEN,
      '▶ 视频：家里的小狗会握手了（请到儿童之家观看）',
      '▶ 这封信还有一段视频，请到儿童之家观看。',
      '家书 · 打印于 2026年12月1日 · 第 1 / 1 页',
    ]);
    const en = await renderLettersPdf([letter(parts)], translations.translatorFor('en'), { locale: 'en', printedAt, photos: new Map() });
    const [text] = (await readPdf(en)).texts;
    expect(text).toContain("▶ Video: 家里的小狗会握手了 (watch it at the Children's Home)");
    expect(text).toContain("▶ This letter also has a video: watch it at the Children's Home.");
  });

  it('leaves out characters the font has no glyph for, such as emoji, instead of printing boxes', async () => {
    const pdf = await renderLettersPdf([letter([{ kind: 'text', text: '生日快乐😊❤️ 想你！' }], '小明👦')], translations.translatorFor('zh-CN'), {
      locale: 'zh-CN',
      printedAt,
      photos: new Map(),
    });
    const [text] = (await readPdf(pdf)).texts;
    expect(text).toContain('生日快乐 想你！');
    expect(text).toContain('给小明');
    expect(await undrawable(text!)).toEqual([]);
  });

  it('starts each letter on a new page, wraps long text and notes a photo it could not fetch', async () => {
    const long = '奶奶身体很好，家里的小狗也很乖。'.repeat(12);
    const pdf = await renderLettersPdf(
      [letter([{ kind: 'text', text: long }, { kind: 'photo', fileId: 'lost' }]), letter([{ kind: 'voice' }], 'Liu Fang')],
      translations.translatorFor('en'),
      { locale: 'en', printedAt, photos: new Map([['lost', Buffer.from('not an image')]]) },
    );
    const read = await readPdf(pdf);
    expect(read.pages).toBe(2);
    const [first, second] = read.texts;
    expect(first!.split('\n').length).toBeGreaterThan(7);
    expect(first!.replace(/\n/g, '')).toContain(long);
    expect(first).toContain('(A photo belongs here, but it could not be fetched: see it in the chat.)');
    expect(first).toContain('From 李芳 (mother), December 1, 2026');
    expect(second).toContain('To Liu Fang');
    expect(second).toContain("♪ This letter also has a voice message: listen to it at the Children's Home.");
    expect(second).toContain('Jiashu · printed December 1, 2026 · page 2 of 2');
  });
});
