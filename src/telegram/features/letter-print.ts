import { Composer, InputFile } from 'grammy';
import { parseLocalDate, type PrintableLetter } from '../../domain/letters-print.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { renderLettersPdf } from '../../printing/letter-pdf.js';
import type { BotContext, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/** "Print" under an opened letter, and `/print [YYYY-MM-DD]`: letters as a PDF for the Children's Home. */
export const letterPrintFeature = new Composer<BotContext>();

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** Fetches one file by its id from the file server of the Bot API the bot talks to. */
async function downloadFile(ctx: ChatContext, fileId: string): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error('Telegram gave no path for the file');
  const root = ctx.api.options?.apiRoot ?? TELEGRAM_API_ROOT;
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed with status ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The letters' photos by file id; one that cannot be fetched is left out (and printed as a note). */
async function fetchPhotos(ctx: ChatContext, letters: PrintableLetter[]): Promise<Map<string, Buffer>> {
  const fileIds = new Set(letters.flatMap((letter) => letter.parts.flatMap((part) => (part.kind === 'photo' ? [part.fileId] : []))));
  const photos = new Map<string, Buffer>();
  await Promise.all(
    [...fileIds].map(async (fileId) => {
      try {
        photos.set(fileId, await downloadFile(ctx, fileId));
      } catch (error) {
        ctx.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'a letter photo could not be fetched for printing');
      }
    }),
  );
  return photos;
}

/** Makes the PDF and sends it into the chat as a document. */
async function sendPdf(ctx: ChatContext, letters: PrintableLetter[], fileName: string, caption: string): Promise<void> {
  const photos = await fetchPhotos(ctx, letters);
  const pdf = await renderLettersPdf(letters, ctx.t, { locale: ctx.locale, printedAt: ctx.domain.clock(), photos });
  ctx.log.info({ letters: letters.length, photos: photos.size, bytes: pdf.length }, 'letters printed');
  await ctx.replyWithDocument(new InputFile(pdf, fileName), { caption });
}

/** A name as a file name keeps its letters and digits (Chinese included); anything else becomes a dash. */
function fileNamePart(name: string): string {
  return name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'child';
}

onAction(letterPrintFeature, 'letter.print', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const letter = await ctx.domain.letterPrinting.letter(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery({ text: ctx.t('printing.making') });
    const day = wallClock(letter.writtenAt, letter.timezone).slice(0, 10);
    await sendPdf(ctx, [letter], `letter-${fileNamePart(letter.childName)}-${day}.pdf`, ctx.t('printing.letterCaption', { name: letter.childName }));
  });
});

letterPrintFeature.command('print', async (ctx) => {
  const roles = ctx.actor ? await ctx.domain.users.rolesOf(ctx.actor) : [];
  if (!roles.includes('KEEPER') && !roles.includes('ADMIN')) {
    await ctx.reply(ctx.t('printing.notKeeper'));
    return;
  }
  const argument = ctx.match.trim();
  const day = argument ? parseLocalDate(argument) : undefined;
  if (argument && !day) {
    await ctx.reply(ctx.t('printing.badDate'));
    return;
  }
  await explainingRefusals(ctx, async () => {
    const letters = await ctx.domain.letterPrinting.waiting(ctx.actor!, day);
    if (letters.length === 0) {
      await ctx.reply(day ? ctx.t('printing.noneOnDay', { date: argument }) : ctx.t('printing.noneWaiting'));
      return;
    }
    const printedOn = wallClock(ctx.domain.clock(), letters[0]!.timezone).slice(0, 10);
    await sendPdf(ctx, letters, `letters-${argument || printedOn}.pdf`, ctx.t('printing.batchCaption', { count: letters.length }));
  });
});
