import { Composer, InputFile } from 'grammy';
import type { Document } from 'grammy/types';
import { columnHeading, IMPORT_LINE_LIMIT, templateCsv, type ImportReport } from '../../domain/child-import.js';
import type { BotContext, ChatContext } from '../context.js';

/** `/import` and CSV documents: teachers add a whole class of children's files at once. */
export const childImportFeature = new Composer<BotContext>();

const MAX_FILE_BYTES = 1024 * 1024;
const SHOWN_ERRORS = 20;
const TELEGRAM_API_ROOT = 'https://api.telegram.org';
const TEMPLATE_FILE_NAME = 'jiashu-children-template.csv';

async function isStaff(ctx: ChatContext): Promise<boolean> {
  const roles = ctx.actor ? await ctx.domain.users.rolesOf(ctx.actor) : [];
  return roles.includes('ADMIN') || roles.includes('TEACHER');
}

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

/** The text of a UTF-8 file, or undefined for other encodings (Excel's GBK "CSV" on Chinese Windows). */
function utf8Text(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Words the report: the count imported, or the first problems by line and column. */
function reportText({ t, locale }: ChatContext, report: ImportReport): string {
  if (report.errors.length === 0) return t('childImport.imported', { count: report.imported });
  const shown = report.errors.slice(0, SHOWN_ERRORS).map(({ line, field, reason }) => {
    const why = t(`childImport.reasons.${reason}`, { limit: IMPORT_LINE_LIMIT });
    return field
      ? t('childImport.errorInColumn', { line, column: columnHeading(field, locale), reason: why })
      : t('childImport.errorInLine', { line, reason: why });
  });
  const hidden = report.errors.length - shown.length;
  return [
    t('childImport.failed', { count: report.errors.length }),
    ...shown,
    ...(hidden > 0 ? [t('childImport.more', { count: hidden })] : []),
  ].join('\n');
}

childImportFeature.command('import', async (ctx) => {
  if (!(await isStaff(ctx))) {
    await ctx.reply(ctx.t('childImport.notStaff'));
    return;
  }
  const classes = await ctx.domain.schools.classesOf(ctx.actor!);
  if (classes.length === 0) {
    await ctx.reply(ctx.t('childImport.noClasses'));
    return;
  }
  const names = classes.map((c) => c.name).join(ctx.t('childImport.separator'));
  await ctx.reply(ctx.t('childImport.intro', { classes: names }));
  const template = new InputFile(Buffer.from(templateCsv(ctx.locale), 'utf8'), TEMPLATE_FILE_NAME);
  await ctx.replyWithDocument(template, { caption: ctx.t('childImport.templateCaption') });
});

childImportFeature.on('message:document').filter(
  (ctx) => isCsv(ctx.message.document),
  async (ctx) => {
    if (!(await isStaff(ctx))) {
      await ctx.reply(ctx.t('childImport.notStaff'));
      return;
    }
    if ((ctx.message.document.file_size ?? 0) > MAX_FILE_BYTES) {
      await ctx.reply(ctx.t('childImport.tooBig'));
      return;
    }
    const outcome = await ctx.domain.childImport.importFile(ctx.actor!, ctx.message.document.file_name ?? '', async () => {
      const bytes = await download(ctx);
      if (bytes.length > MAX_FILE_BYTES) return 'tooBig';
      return utf8Text(bytes) ?? 'notUtf8';
    });
    if ('refused' in outcome) {
      await ctx.reply(ctx.t(`childImport.${outcome.refused}`));
      return;
    }
    ctx.log.info({ imported: outcome.imported, errors: outcome.errors.length }, 'children import');
    await ctx.reply(reportText(ctx, outcome));
  },
);
