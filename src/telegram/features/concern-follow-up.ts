import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { onAction } from '../on-action.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * The follow-up of a concern: the teacher asked to follow up presses "called the parents",
 * "visited the family" or "talked with the child" on the request; the press is re-checked
 * by the domain and logged against the concern, and a short note may follow.
 */
export const concernFollowUpFeature = new Composer<BotContext>();

/** Waits for a note to a logged follow-up; anything but a text (or "no note") leaves it as it is. */
async function followUpNote(conversation: BotConversation, ctx: ChatContext, followUpId: number) {
  const actor = ctx.actor!;
  const step = await conversation.wait();
  if (step.callbackQuery?.data === pack({ name: 'update.followUpNoNote' })) {
    await step.answerCallbackQuery();
    await step.editMessageText(step.t('updates.followUp.noNote'));
    return;
  }
  const note = step.message?.text;
  if (note === undefined || note.startsWith('/')) return conversation.halt({ next: true });
  const outcome = await refusalOf(conversation, () => ctx.app.updates.noteFollowUp(actor, followUpId, note));
  if ('value' in outcome) await replyWith(step, outcome.value.reply);
  else await step.reply(refusalText(step.t, outcome.refused));
}

concernFollowUpFeature.use(createConversation(followUpNote, 'follow-up-note'));

onAction(concernFollowUpFeature, 'update.followUp', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const logged = await ctx.app.updates.logFollowUp(ctx.actor!, action.updateId, action.childId, action.kind);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await replyWith(ctx, logged.reply);
    await ctx.conversation.enter('follow-up-note', logged.id);
  });
});
