import { Composer, InputFile } from 'grammy';
import type { Document } from 'grammy/types';
import { importRefused } from '../../app/import-replies.js';
import { say } from '../../i18n/words.js';
import type { BotContext, ChatContext } from '../context.js';
import { replyWith } from '../reply.js';

/** `/import` and CSV documents: teachers add a whole class of children's files at once. */
export const childImportFeature = new Composer<BotContext>();

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

function isCsv(document: Document): boolean {
  return /\.csv$/i.test(document.file_name ?? '') || document.mime_type === 'text/csv';
}

/** Fetches the file of this message from the file server of the Bot API the bot talks to. */
async function download(ctx: ChatContext): Promise<Buffer> {
  const file = await ctx.getFile();
  if (!file.file_path) throw new Error('Telegram gave no path for the file');
  const root = ctx.api.options?.apiRoot ?? TELEGRAM_API_ROOT;
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed with status ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

childImportFeature.command('import', async (ctx) => {
  if (!ctx.actor) return void (await replyWith(ctx, importRefused('notStaff')));
  const { reply, template } = await ctx.app.imports.start(ctx.actor, ctx.locale);
  await replyWith(ctx, reply);
  if (template) await ctx.replyWithDocument(new InputFile(template.bytes, template.fileName), { caption: say(ctx.t, template.caption) });
});

childImportFeature.on('message:document').filter(
  (ctx) => isCsv(ctx.message.document),
  async (ctx) => {
    if (!ctx.actor) return void (await replyWith(ctx, importRefused('notStaff')));
    const { document } = ctx.message;
    const sent = { name: document.file_name ?? '', size: document.file_size ?? 0 };
    const { report, reply } = await ctx.app.imports.importFile(ctx.actor, sent, ctx.locale, () => download(ctx));
    if (report) ctx.log.info({ imported: report.imported, errors: report.errors.length }, 'children import');
    await replyWith(ctx, reply);
  },
);
