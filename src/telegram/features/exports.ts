import { Composer, InputFile } from 'grammy';
import { EXPORT_KINDS, isExportKind, type ExportKind, type ExportTable } from '../../domain/exports.js';
import type { Translate } from '../../i18n/translator.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { toCsv } from '../../printing/csv.js';
import type { BotContext, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { explainingRefusals } from '../refusals.js';

/** `/export`: an admin picks children's files, contact logs or letters (metadata only) and gets a CSV for Excel. */
export const exportsFeature = new Composer<BotContext>();

function value(v: ExportTable['rows'][number][number], timezone: string, t: Translate): string {
  if (v === null) return '';
  if (v instanceof Date) return wallClock(v, timezone);
  if (typeof v === 'boolean') return t(v ? 'exports.yes' : 'exports.no');
  return String(v);
}

/** The table as CSV, headed in the reader's language, times on the school's clock. */
function csvOf(t: Translate, table: ExportTable): Buffer {
  const header = table.columns.map((column) => t(`exports.columns.${column}`));
  return toCsv([header, ...table.rows.map((row) => row.map((v) => value(v, table.timezone, t)))]);
}

async function sendExport(ctx: ChatContext, kind: ExportKind): Promise<void> {
  const table = await ctx.domain.exports.export({ userId: ctx.user!.id }, kind);
  await ctx.answerCallbackQuery({ text: ctx.t('exports.making') });
  const day = wallClock(ctx.domain.clock(), table.timezone).slice(0, 10);
  ctx.log.info({ kind, rows: table.rows.length }, 'export sent');
  await ctx.replyWithDocument(new InputFile(csvOf(ctx.t, table), `${kind}-${day}.csv`), { caption: ctx.t('exports.caption', { kind: ctx.t(`exports.kinds.${kind}`), count: table.rows.length }) });
}

exportsFeature.command('export', async (ctx) => {
  if (!ctx.user) {
    await ctx.reply(ctx.t('refusals.forbidden'));
    return;
  }
  const roles = await ctx.domain.users.rolesOf({ userId: ctx.user.id });
  if (!roles.includes('ADMIN')) {
    await ctx.reply(ctx.t('exports.adminsOnly'));
    return;
  }
  await ctx.reply(ctx.t('exports.choose'), { reply_markup: keyboard(EXPORT_KINDS.map((kind) => [button(ctx.t(`exports.kinds.${kind}`), `export:${kind}`)])) });
});

exportsFeature.callbackQuery(/^export:(\w+)$/, async (ctx) => {
  const kind = ctx.match[1] ?? '';
  if (!ctx.user || !isExportKind(kind)) {
    await ctx.answerCallbackQuery({ text: ctx.t('refusals.forbidden'), show_alert: true });
    return;
  }
  await explainingRefusals(ctx, async () => {
    await sendExport(ctx, kind);
  });
});
