import { Composer, InputFile } from 'grammy';
import { pack } from '../../actions/index.js';
import type { ContactKind, LetterDirection, LetterStatus, ParentsAway, Relation } from '../../db/generated/enums.js';
import { EXPORT_KINDS, type ExportColumn, type ExportKind, type ExportTable, type ExportValue } from '../../domain/exports.js';
import type { Translate } from '../../i18n/translator.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { toCsv } from '../../printing/csv.js';
import type { BotContext, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/**
 * `/export`: an admin picks children's files, contact logs or letters (metadata only) and
 * gets a CSV for Excel; or, for one child picked by class, that child's letters with their
 * content, after a confirmation. Every press names ids in untrusted callback data
 * (`exl:k:<class>`, `exl:c:<child>`, `exl:y:<child>`), so the domain re-checks each one.
 */
export const exportsFeature = new Composer<BotContext>();

/** Columns whose cells hold a stored code, and the words a reader sees for it (父母都外出, not BOTH). */
const CODED_COLUMNS: Partial<Record<ExportColumn, (t: Translate, code: string) => string>> = {
  parentsAway: (t, code) => t(`parentsAway.${code as ParentsAway}`),
  guardianRelation: (t, code) => t(`relations.${code as Relation}`),
  kind: (t, code) => t(`contacts.kinds.${code as ContactKind}`),
  direction: (t, code) => t(`exports.direction.${code as LetterDirection}`),
  status: (t, code) => t(`letters.status.${code as LetterStatus}`),
};

function value(v: ExportValue, column: ExportColumn, timezone: string, t: Translate): string {
  if (v === null) return '';
  const coded = CODED_COLUMNS[column];
  if (coded && typeof v === 'string') return coded(t, v);
  if (v instanceof Date) return wallClock(v, timezone);
  if (typeof v === 'boolean') return t(v ? 'exports.yes' : 'exports.no');
  if (typeof v === 'object') {
    const placeholder = t(`exports.media.${v.media}`, { fileId: v.fileId ?? '' });
    return v.caption ? `${placeholder} ${v.caption}` : placeholder;
  }
  return String(v);
}

/** The table as CSV, headed and with stored codes in the reader's language, times on the school's clock. */
function csvOf(t: Translate, table: ExportTable): Buffer {
  const header = table.columns.map((column) => t(`exports.columns.${column}`));
  return toCsv([header, ...table.rows.map((row) => row.map((v, i) => value(v, table.columns[i]!, table.timezone, t)))]);
}

function today(ctx: ChatContext, timezone: string): string {
  return wallClock(ctx.domain.clock(), timezone).slice(0, 10);
}

async function sendExport(ctx: ChatContext, kind: ExportKind): Promise<void> {
  const table = await ctx.domain.exports.export(ctx.actor!, kind);
  await ctx.answerCallbackQuery({ text: ctx.t('exports.making') });
  ctx.log.info({ kind, rows: table.rows.length }, 'export sent');
  await ctx.replyWithDocument(new InputFile(csvOf(ctx.t, table), `${kind}-${today(ctx, table.timezone)}.csv`), {
    caption: ctx.t('exports.caption', { kind: ctx.t(`exports.kinds.${kind}`), count: table.rows.length }),
  });
}

exportsFeature.command('export', async (ctx) => {
  if (!ctx.user) {
    await ctx.reply(ctx.t('refusals.forbidden'));
    return;
  }
  const roles = await ctx.domain.users.rolesOf(ctx.actor!);
  if (!roles.includes('ADMIN')) {
    await ctx.reply(ctx.t('exports.adminsOnly'));
    return;
  }
  const kinds = EXPORT_KINDS.map((kind) => [button(ctx.t(`exports.kinds.${kind}`), pack({ name: 'export.kind', kind }))]);
  await ctx.reply(ctx.t('exports.choose'), { reply_markup: keyboard([...kinds, [button(ctx.t('exports.letterContent.button'), pack({ name: 'export.pickClass' }))]]) });
});

onAction(exportsFeature, 'export.kind', async (ctx, action) => {
  const { kind } = action;
  if (!ctx.user) {
    await ctx.answerCallbackQuery({ text: ctx.t('refusals.forbidden'), show_alert: true });
    return;
  }
  await explainingRefusals(ctx, async () => {
    await sendExport(ctx, kind);
  });
});

onAction(exportsFeature, 'export.pickClass', async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const classes = await ctx.domain.exports.letterExportClasses(ctx.actor!);
    await ctx.answerCallbackQuery();
    if (classes.length === 0) return void (await ctx.reply(ctx.t('exports.letterContent.noChildren')));
    const buttons = classes.map((c) => button(c.name ?? ctx.t('exports.letterContent.noClass'), pack({ name: 'export.class', classId: c.id ?? 0 })));
    await ctx.reply(ctx.t('exports.letterContent.pickClass'), { reply_markup: keyboard(grid(buttons, 3)) });
  });
});

onAction(exportsFeature, 'export.class', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const classId = action.classId === 0 ? null : action.classId;
    const page = action.page ?? 0;
    const { className, children, more } = await ctx.domain.exports.letterExportChildren(ctx.actor!, classId, page);
    await ctx.answerCallbackQuery();
    const label = (c: (typeof children)[number]) => (c.archived ? ctx.t('exports.letterContent.archived', { name: c.name }) : c.name);
    const pages = [
      ...(page > 0 ? [button(ctx.t('exports.letterContent.previous'), pack({ name: 'export.class', classId: action.classId, page: page - 1 }))] : []),
      ...(more ? [button(ctx.t('exports.letterContent.next'), pack({ name: 'export.class', classId: action.classId, page: page + 1 }))] : []),
    ];
    const rows = [...grid(children.map((c) => button(label(c), pack({ name: 'export.child', childId: c.id }))), 3), ...(pages.length > 0 ? [pages] : [])];
    await ctx.editMessageText(ctx.t('exports.letterContent.pickChild', { className: className ?? ctx.t('exports.letterContent.noClass') }), { reply_markup: keyboard(rows) });
  });
});

onAction(exportsFeature, 'export.child', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const child = await ctx.domain.exports.letterContentTarget(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    if (child.letters === 0) return void (await ctx.editMessageText(ctx.t('exports.letterContent.none', { child: child.name })));
    const text = ctx.t('exports.letterContent.confirm', { child: child.name, className: child.className ?? ctx.t('exports.letterContent.noClass'), count: child.letters });
    await ctx.editMessageText(text, {
      reply_markup: keyboard([[button(ctx.t('exports.letterContent.yes'), pack({ name: 'export.childYes', childId: child.id })), button(ctx.t('exports.letterContent.no'), pack({ name: 'export.cancel' }))]]),
    });
  });
});

onAction(exportsFeature, 'export.childYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const table = await ctx.domain.exports.childLetters(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery({ text: ctx.t('exports.making') });
    ctx.log.info({ kind: table.kind, childId: table.childId, rows: table.rows.length }, 'export sent');
    await ctx.editMessageText(ctx.t('exports.letterContent.exported', { child: table.childName }));
    await ctx.replyWithDocument(new InputFile(csvOf(ctx.t, table), `letters-child-${table.childId}-${today(ctx, table.timezone)}.csv`), {
      caption: ctx.t('exports.letterContent.caption', { child: table.childName, count: table.letters }),
    });
  });
});

onAction(exportsFeature, 'export.cancel', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('exports.letterContent.cancelled'));
});
