import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { childFieldOrder, type ChildField } from '../../domain/child-fields.js';
import { DomainError } from '../../domain/errors.js';
import type { ChildFileView, ChildListItem } from '../../domain/children.js';
import type { ChildAction } from '../../domain/access.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { renderChildFields, showFieldValue } from '../child-card.js';
import { childCallLines } from '../call-views.js';
import { contactFileLines } from '../contact-views.js';
import { button, grid, keyboard } from '../keyboards.js';
import { listPage, packTexts } from '../pager.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { answerKeyboard, waitForAnswer } from './child-form.js';

/**
 * `/children`: the files the user may see. A file shows the buttons its reader may use:
 * edit (kept in the history), history, pair a teacher, invite the family, archive.
 * Every press names a child in untrusted callback data, so every press is re-authorized.
 * A file with many calls and contacts comes in several messages; the history a page at a time.
 */
export const childFilesFeature = new Composer<BotContext>();

/** Long values (notes) are cut in the history, so a page holds many changes. */
function shortened(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}

/** Children offered as buttons at once: Telegram allows 100 buttons in a message. */
const PICKER_SIZE = 50;

/**
 * A child picker for `/children` and `/record`: a button per child (the first 50) and, when
 * there are more, a line saying how many and that `/<command> <part of a name>` finds them.
 */
export function childPicker(t: ChatContext['t'], prompt: string, command: string, children: readonly ChildListItem[], dataFor: (childId: number) => string) {
  const buttons = children.slice(0, PICKER_SIZE).map((child) => button(child.className ? `${child.name} · ${child.className}` : child.name, dataFor(child.id)));
  const more = children.length - buttons.length;
  return { text: more > 0 ? `${prompt}\n${t('childFile.more', { count: more, command })}` : prompt, reply_markup: keyboard(grid(buttons, 2)) };
}

function renderCard(t: ChatContext['t'], file: ChildFileView): string {
  const lines = [
    t('childFile.title', { name: file.name, className: file.className ?? '—' }),
    ...renderChildFields(t, ['birthday', 'parentsAway', 'workCity', 'boarding', 'notes'], file),
  ];
  if (file.contact) lines.push(...renderChildFields(t, ['guardianName', 'guardianRelation', 'guardianPhone'], file.contact));
  lines.push(t('childFile.fieldLine', { label: t('childFile.pairedTeacher'), value: file.pairedTeacher ?? '—' }));
  if (file.archived) lines.push(t('childFile.archivedNote'));
  return lines.join('\n');
}

function cardKeyboard(t: ChatContext['t'], file: ChildFileView) {
  const may = (action: ChildAction, text: string, data: string) => (file.allowed.includes(action) ? [button(text, data)] : []);
  return keyboard([
    [
      ...may('edit', t('childFile.edit'), pack({ name: 'child.edit', childId: file.id })),
      ...may('edit', t('childFile.history'), pack({ name: 'child.history', childId: file.id })),
      ...may('inviteFamily', t('childFile.inviteFamily'), pack({ name: 'invite.familyChild', childId: file.id })),
    ],
    [...may('pair', t('childFile.pair'), pack({ name: 'child.pair', childId: file.id })), ...may('archive', t('childFile.archive'), pack({ name: 'child.archive', childId: file.id }))],
  ]);
}

async function editChildField(conversation: BotConversation, ctx: ChatContext, childId: number, field: ChildField) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t(`childForm.ask.${field}`), { reply_markup: answerKeyboard(ctx.t, field) });
  const updated = await submitUntilAccepted(
    conversation,
    () => waitForAnswer(conversation, field),
    ({ input }) => ctx.app.children.updateField(actor, childId, field, input),
    ({ ctx: answer }, refused) =>
      refused.startsWith('invalid:')
        ? answer.reply(`${refusalText(ctx.t, refused)}\n${ctx.t(`childForm.ask.${field}`)}`, { reply_markup: answerKeyboard(ctx.t, field) })
        : answer.reply(refusalText(ctx.t, refused)),
  );
  if (updated) await updated.answer.ctx.reply(ctx.t('childFile.updated'), { reply_markup: new InlineKeyboard().text(ctx.t('childFile.open'), pack({ name: 'child.view', childId })) });
}

childFilesFeature.use(createConversation(editChildField, 'edit-child'));

childFilesFeature.command('children', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.children.listChildren(ctx.actor!, ctx.match.trim() || undefined);
  if (children.length === 0) {
    await ctx.reply(ctx.t('childFile.noneVisible'));
    return;
  }
  const { text, reply_markup } = childPicker(ctx.t, ctx.t('childFile.list'), 'children', children, (id) => pack({ name: 'child.view', childId: id }));
  await ctx.reply(text, { reply_markup });
});

onAction(childFilesFeature, 'child.view', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const file = await ctx.domain.children.childFile(ctx.actor!, action.childId);
    const calls = await ctx.domain.calls.childCalls(ctx.actor!, file.id);
    const contacts = await ctx.domain.contacts.fileSummary(ctx.actor!, file.id);
    await ctx.answerCallbackQuery();
    const texts = packTexts([renderCard(ctx.t, file), ...childCallLines(ctx.t, calls), ...contactFileLines(ctx.t, contacts)]);
    for (const [index, text] of texts.entries()) await ctx.reply(text, index === texts.length - 1 ? { reply_markup: cardKeyboard(ctx.t, file) } : {});
  });
});

onAction(childFilesFeature, 'child.edit', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const file = await ctx.domain.children.childFile(ctx.actor!, action.childId);
    if (!file.allowed.includes('edit')) throw new DomainError('forbidden');
    const fields = childFieldOrder.map((field) => button(ctx.t(`childFile.fields.${field}`), pack({ name: 'child.editField', childId: file.id, field })));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('childFile.whichField', { name: file.name }), { reply_markup: keyboard(grid(fields, 3)) });
  });
});

onAction(childFilesFeature, 'child.editField', async (ctx, action) => {
  const { field } = action;
  await explainingRefusals(ctx, async () => {
    const file = await ctx.domain.children.childFile(ctx.actor!, action.childId);
    if (!file.allowed.includes('edit')) throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('edit-child', file.id, field);
  });
});

/** A page of the file's edit history, every change on one of the pages; ◀ ▶ open the others. */
async function historyPage(ctx: BotContext, childId: number, page: number) {
  const history = await ctx.domain.children.childHistory(ctx.actor!, childId);
  const lines = history.map((change) => {
    const field = change.field as ChildField;
    return ctx.t('childFile.change', {
      at: change.at.slice(0, 16).replace('T', ' '),
      by: change.by ?? '—',
      field: ctx.t(`childFile.fields.${field}`),
      from: shortened(showFieldValue(ctx.t, field, change.oldValue)),
      to: shortened(showFieldValue(ctx.t, field, change.newValue)),
    });
  });
  const shown = listPage(ctx.t, ctx.t('childFile.historyTitle'), lines.length ? lines : [ctx.t('childFile.noChanges')], page, (other) => pack({ name: 'child.historyPage', childId, page: other }));
  return { text: shown.text, reply_markup: keyboard([shown.buttons]) };
}

onAction(childFilesFeature, 'child.history', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await historyPage(ctx, action.childId, 0);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

onAction(childFilesFeature, 'child.historyPage', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await historyPage(ctx, action.childId, action.page);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});

onAction(childFilesFeature, 'child.archive', async (ctx, action) => {
  const keyboard = new InlineKeyboard().text(ctx.t('childFile.archiveYes'), pack({ name: 'child.archiveYes', childId: action.childId })).text(ctx.t('childFile.archiveNo'), pack({ name: 'child.archiveNo' }));
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('childFile.archiveConfirm'), { reply_markup: keyboard });
});

onAction(childFilesFeature, 'child.archiveYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.children.archive(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('childFile.archived'));
  });
});

onAction(childFilesFeature, 'child.archiveNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('childFile.notArchived'));
});

onAction(childFilesFeature, 'child.pair', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const actor = ctx.actor!;
    const file = await ctx.domain.children.childFile(actor, action.childId);
    if (!file.allowed.includes('pair')) throw new DomainError('forbidden');
    const teachers = await ctx.domain.schools.teachersOfSchool(actor, file.schoolId);
    const choices = teachers.map((teacher) => [button(teacher.displayName, pack({ name: 'child.pairWith', childId: file.id, teacherId: teacher.userId }))]);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('childFile.pickTeacher', { name: file.name }), { reply_markup: keyboard(choices) });
  });
});

onAction(childFilesFeature, 'child.pairWith', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.contacts.pairTeacher(ctx.actor!, action.childId, action.teacherId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('childFile.paired'));
  });
});
