import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';
import { listMessage } from '../update-views.js';

/**
 * `/updates`: the teacher's own updates of the last 24 hours, each with Edit (text or
 * category) and Delete (after confirming), ten a page with ◀ ▶, every one of the day's
 * updates on a page. Every press is re-checked by the domain: only the author, only within 24 hours.
 */
export const myUpdatesFeature = new Composer<BotContext>();

/** Waits for a text (commands go on to their handlers); a press or other message is asked again. */
async function waitForText(conversation: BotConversation): Promise<{ text: string; at: ChatContext }> {
  for (;;) {
    const step = await conversation.wait();
    const text = step.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    if (text !== undefined) return { text, at: step };
    if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('updates.finishFirst') });
    else await step.reply(step.t('updates.edit.textPlease'));
  }
}

async function editUpdateText(conversation: BotConversation, ctx: ChatContext, updateId: number) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('updates.edit.askText'));
  const edited = await submitUntilAccepted(
    conversation,
    () => waitForText(conversation),
    async (answer) => (await ctx.app.updates.edit(actor, updateId, { text: answer.text })).reply,
    (answer, refused) => answer.at.reply(refusalText(answer.at.t, refused)),
  );
  if (edited) await replyWith(edited.answer.at, edited.value);
}

myUpdatesFeature.use(createConversation(editUpdateText, 'edit-update-text'));

/** A window of the teacher's updates of the last 24 hours as a message with its buttons, or that there are none. */
async function updatesMessage(ctx: BotContext, page: number, part: number) {
  const recent = await ctx.app.updates.recent(ctx.actor!, page);
  if ('none' in recent) return { text: say(ctx.t, recent.none.words), reply_markup: undefined };
  return listMessage(ctx.t, recent.list, part, (other, otherPart) => pack({ name: 'update.listPage', page: other, part: otherPart }));
}

myUpdatesFeature.command('updates', async (ctx) => {
  if (!ctx.user) return;
  const { text, reply_markup } = await updatesMessage(ctx, 0, 0);
  await ctx.reply(text, { reply_markup });
});

onAction(myUpdatesFeature, 'update.listPage', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const { text, reply_markup } = await updatesMessage(ctx, action.page, action.part);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(text, { reply_markup });
});

onAction(myUpdatesFeature, 'update.edit', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.updates.editQuestion(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, question);
  });
});

onAction(myUpdatesFeature, 'update.editText', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const updateId = await ctx.app.updates.changeable(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.conversation.enter('edit-update-text', updateId);
  });
});

onAction(myUpdatesFeature, 'update.editCategory', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.updates.categoryQuestion(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, question);
  });
});

onAction(myUpdatesFeature, 'update.setCategory', async (ctx, action) => {
  const { category } = action;
  await explainingRefusals(ctx, async () => {
    const edited = await ctx.app.updates.edit(ctx.actor!, action.updateId, { category });
    await ctx.answerCallbackQuery();
    await editWith(ctx, edited.reply);
  });
});

onAction(myUpdatesFeature, 'update.delete', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.updates.deleteQuestion(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, question);
  });
});

onAction(myUpdatesFeature, 'update.deleteYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const removed = await ctx.app.updates.remove(ctx.actor!, action.updateId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, removed.reply);
  });
});

onAction(myUpdatesFeature, 'update.deleteNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('updates.delete.kept'));
});
