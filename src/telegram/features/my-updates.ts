import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import type { UpdateView } from '../../domain/updates.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { windowOf, windowPage } from '../pager.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { categoryKeyboard, categoryName, childrenLabel, shortTime, snippet } from '../update-views.js';

/**
 * `/updates`: the teacher's own updates of the last 24 hours, each with Edit (text or
 * category) and Delete (after confirming), ten a page with ◀ ▶, every one of the day's
 * updates on a page. Every press is re-checked by the domain: only the author, only within 24 hours.
 */
export const myUpdatesFeature = new Composer<BotContext>();

/** Updates on one page of `/updates`, each with its Edit and Delete buttons. */
const LIST_PAGE = 10;
const SNIPPET_LENGTH = 40;

function describe(t: ChatContext['t'], update: UpdateView): string {
  const heading = [shortTime(update.createdAt, update.timezone), childrenLabel(t, update.children), categoryName(t, update.category)].join(' · ');
  return `${heading}\n${snippet(update, SNIPPET_LENGTH)}`;
}

/** "Changed", and when the families already have the old words, that their copy stays as it was. */
function savedText(t: ChatContext['t'], familiesHaveOld: boolean): string {
  return t(familiesHaveOld ? 'updates.edit.savedAlreadySent' : 'updates.edit.saved');
}

async function editUpdateText(conversation: BotConversation, ctx: ChatContext, updateId: number) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('updates.edit.askText'));
  for (;;) {
    const step = await conversation.wait();
    const text = step.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    if (text === undefined) {
      if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('updates.finishFirst') });
      else await step.reply(step.t('updates.edit.textPlease'));
      continue;
    }
    const outcome = await refusalOf(conversation, () => ctx.app.updates.edit(actor, updateId, { text }));
    if ('refused' in outcome && outcome.refused === 'invalid:tooLong') {
      await step.reply(step.t('childFile.invalid.tooLong'));
      continue;
    }
    await step.reply('value' in outcome ? savedText(step.t, outcome.value.familiesHaveOld) : refusalText(step.t, outcome.refused));
    return;
  }
}

myUpdatesFeature.use(createConversation(editUpdateText, 'edit-update-text'));

/** A page of the teacher's updates of the last 24 hours with their buttons; null when there are none. */
async function updatesPage(ctx: BotContext, page: number, part: number) {
  const all = await ctx.domain.updates.myRecentUpdates(ctx.actor!);
  if (all.length === 0) return null;
  const t = ctx.t;
  const { window, windows, start, end } = windowOf(all.length, LIST_PAGE, page);
  const updates = all.slice(start, end);
  const lines = updates.map((update, index) =>
    t('updates.list.line', {
      n: start + index + 1,
      time: shortTime(update.createdAt, update.timezone),
      target: childrenLabel(t, update.children),
      category: categoryName(t, update.category),
      summary: snippet(update, SNIPPET_LENGTH),
    }),
  );
  const rows = updates.map((update, index) => [
    button(t('updates.list.edit', { n: start + index + 1 }), pack({ name: 'update.edit', updateId: update.id })),
    button(t('updates.list.delete', { n: start + index + 1 }), pack({ name: 'update.delete', updateId: update.id })),
  ]);
  const shown = windowPage(t, t('updates.list.title'), lines, { window, windows, part }, (other, otherPart) => pack({ name: 'update.listPage', page: other, part: otherPart }));
  return { text: shown.text, reply_markup: keyboard([...rows, shown.buttons]) };
}

myUpdatesFeature.command('updates', async (ctx) => {
  if (!ctx.user) return;
  const shown = await updatesPage(ctx, 0, 0);
  await ctx.reply(shown?.text ?? ctx.t('updates.list.none'), { reply_markup: shown?.reply_markup });
});

onAction(myUpdatesFeature, 'update.listPage', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const shown = await updatesPage(ctx, action.page, action.part);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(shown?.text ?? ctx.t('updates.list.none'), { reply_markup: shown?.reply_markup });
});

onAction(myUpdatesFeature, 'update.edit', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const update = await ctx.domain.updates.myUpdate(ctx.actor!, action.updateId);
    const choices = new InlineKeyboard().text(ctx.t('updates.edit.text'), pack({ name: 'update.editText', updateId: update.id })).text(ctx.t('updates.edit.category'), pack({ name: 'update.editCategory', updateId: update.id }));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('updates.edit.which', { summary: describe(ctx.t, update) }), { reply_markup: choices });
  });
});

onAction(myUpdatesFeature, 'update.editText', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const update = await ctx.domain.updates.myUpdate(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.conversation.enter('edit-update-text', update.id);
  });
});

onAction(myUpdatesFeature, 'update.editCategory', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const update = await ctx.domain.updates.myUpdate(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('updates.edit.askCategory'), { reply_markup: categoryKeyboard(ctx.t, (category) => pack({ name: 'update.setCategory', updateId: update.id, category })) });
  });
});

onAction(myUpdatesFeature, 'update.setCategory', async (ctx, action) => {
  const { category } = action;
  await explainingRefusals(ctx, async () => {
    const edited = await ctx.app.updates.edit(ctx.actor!, action.updateId, { category });
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(savedText(ctx.t, edited.familiesHaveOld));
  });
});

onAction(myUpdatesFeature, 'update.delete', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const update = await ctx.domain.updates.myUpdate(ctx.actor!, action.updateId);
    const choices = new InlineKeyboard().text(ctx.t('updates.delete.yes'), pack({ name: 'update.deleteYes', updateId: update.id })).text(ctx.t('updates.delete.no'), pack({ name: 'update.deleteNo' }));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('updates.delete.confirm', { summary: describe(ctx.t, update) }), { reply_markup: choices });
  });
});

onAction(myUpdatesFeature, 'update.deleteYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.updates.remove(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('updates.delete.done'));
  });
});

onAction(myUpdatesFeature, 'update.deleteNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('updates.delete.kept'));
});
