import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import type { FollowUpKind } from '../../domain/updates.js';
import { onAction } from '../on-action.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * The follow-up of a concern: the teacher asked to follow up presses "called the parents",
 * "visited the family" or "talked with the child" on the request; the press is re-checked
 * by the domain and logged against the concern, and a short note may follow.
 */
export const concernFollowUpFeature = new Composer<BotContext>();

/** Offers to add a note to a logged follow-up; anything but a text (or "no note") leaves it as it is. */
async function followUpNote(conversation: BotConversation, ctx: ChatContext, followUpId: number, kind: FollowUpKind) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('updates.followUp.logged', { kind: ctx.t(`updates.followUp.kinds.${kind}`) }), {
    reply_markup: new InlineKeyboard().text(ctx.t('updates.followUp.skipNote'), pack({ name: 'update.followUpNoNote' })),
  });
  const step = await conversation.wait();
  if (step.callbackQuery?.data === pack({ name: 'update.followUpNoNote' })) {
    await step.answerCallbackQuery();
    await step.editMessageText(step.t('updates.followUp.noNote'));
    return;
  }
  const note = step.message?.text;
  if (note === undefined || note.startsWith('/')) return conversation.halt({ next: true });
  const outcome = await refusalOf(conversation, () => ctx.app.updates.noteFollowUp(actor, followUpId, note));
  await step.reply('value' in outcome ? step.t('updates.followUp.noted') : refusalText(step.t, outcome.refused));
}

concernFollowUpFeature.use(createConversation(followUpNote, 'follow-up-note'));

onAction(concernFollowUpFeature, 'update.followUp', async (ctx, action) => {
  const { kind } = action;
  await explainingRefusals(ctx, async () => {
    const logged = await ctx.app.updates.logFollowUp(ctx.actor!, action.updateId, action.childId, kind);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.conversation.enter('follow-up-note', logged.id, kind);
  });
});
