import { Composer, InputFile } from 'grammy';
import { printingRefused, type LettersToPrint } from '../../app/letter-replies.js';
import type { PrintableLetter } from '../../domain/letters-print.js';
import { say } from '../../i18n/words.js';
import { renderLettersPdf } from '../../printing/letter-pdf.js';
import type { BotContext, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';

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
async function sendPdf(ctx: ChatContext, { letters, fileName, caption, printedAt }: LettersToPrint): Promise<void> {
  const photos = await fetchPhotos(ctx, letters);
  const pdf = await renderLettersPdf(letters, ctx.t, { locale: ctx.locale, printedAt, photos });
  ctx.log.info({ letters: letters.length, photos: photos.size, bytes: pdf.length }, 'letters printed');
  await ctx.replyWithDocument(new InputFile(pdf, fileName), { caption: say(ctx.t, caption) });
}

onAction(letterPrintFeature, 'letter.print', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const printing = await ctx.app.letters.printLetter(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery({ text: ctx.t('printing.making') });
    await sendPdf(ctx, printing);
  });
});

letterPrintFeature.command('print', async (ctx) => {
  if (!ctx.actor) {
    await replyWith(ctx, printingRefused);
    return;
  }
  const actor = ctx.actor;
  await explainingRefusals(ctx, async () => {
    const printing = await ctx.app.letters.printWaiting(actor, ctx.match.trim());
    if ('reply' in printing) await replyWith(ctx, printing.reply);
    else await sendPdf(ctx, printing);
  });
});
