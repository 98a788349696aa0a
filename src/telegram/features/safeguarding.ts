import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { unpack } from '../../actions/index.js';
import type { Reply } from '../../app/reply.js';
import { alertNoteReply } from '../../app/safeguarding-replies.js';
import { say } from '../../i18n/words.js';
import { editWith, replyWith } from '../reply.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { stepOrLeave, waitForAnswer, waitForPress } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * `/alert`: a teacher or keeper raises a safeguarding alert for a child (missing, left
 * without a guardian, injured, suspected harm, other) with an optional note; the school's
 * admins get it at once (else the class teacher, else the Children's Home keepers), and the
 * raiser is told it is being sent, never that it arrived before the outbox says so. `/alerts` lists the open alerts one may see; the checklist
 * buttons (`sg:<step>:<id>`) are re-checked by the domain on every press.
 */
export const safeguardingFeature = new Composer<BotContext>();

/** Anything but the awaited press or note is let pass without a word: an alert is no time for nagging. */
const quietly = async () => {};

/** "No note" pressed (null) or the note typed. */
function alertNoteOf(step: ChatContext): string | null | undefined {
  if (unpack(step.callbackQuery?.data ?? '')?.name === 'alert.noNote') return null;
  return step.message?.text || undefined;
}

async function raiseAlert(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const offered = await conversation.external(() => ctx.app.safeguarding.whomToAlert(actor));
  await replyWith(ctx, offered.reply);
  if (!offered.choosing) return;
  let chosen: { child: { id: number; name: string }; reply: Reply; at: ChatContext } | undefined;
  while (!chosen) {
    const { action: picked, at } = await waitForPress(() => stepOrLeave(conversation), 'alert.child', quietly);
    const target = await refusalOf(conversation, () => ctx.app.safeguarding.kindsFor(actor, picked.childId));
    if ('refused' in target) await at.answerCallbackQuery({ text: refusalText(at.t, target.refused), show_alert: true });
    else chosen = { ...target.value, at };
  }
  const { child } = chosen;
  await chosen.at.answerCallbackQuery();
  await editWith(chosen.at, chosen.reply);
  const { action: { kind }, at: kindAt } = await waitForPress(() => stepOrLeave(conversation), 'alert.kind', quietly);
  await kindAt.answerCallbackQuery();
  await editWith(kindAt, alertNoteReply(child.name, kind));
  const { value: note, at } = await waitForAnswer(() => stepOrLeave(conversation), alertNoteOf, quietly);
  if (at.callbackQuery) await at.answerCallbackQuery();
  const raised = await refusalOf(conversation, async () => (await ctx.app.safeguarding.raise(actor, child.id, kind, note)).reply);
  if ('refused' in raised) await at.reply(refusalText(at.t, raised.refused));
  else await replyWith(at, raised.value);
}

safeguardingFeature.use(createConversation(raiseAlert, 'safeguarding-alert'));

safeguardingFeature.command('alert', (ctx) => ctx.conversation.enter('safeguarding-alert'));

safeguardingFeature.command('alerts', async (ctx) => {
  for (const card of await ctx.app.safeguarding.openAlerts(ctx.actor!)) await replyWith(ctx, card);
});

onAction(safeguardingFeature, 'alert.step', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { notice, reply } = await ctx.app.safeguarding.acknowledge(ctx.actor!, action.alertId, action.step);
    await ctx.answerCallbackQuery({ text: say(ctx.t, notice) });
    await editWith(ctx, reply);
  });
});

onAction(safeguardingFeature, 'alert.notifyParents', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { notice, reply } = await ctx.app.safeguarding.notifyParents(ctx.actor!, action.alertId);
    await ctx.answerCallbackQuery({ text: say(ctx.t, notice) });
    await editWith(ctx, reply);
  });
});

onAction(safeguardingFeature, 'alert.status', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const status = await ctx.app.safeguarding.statusForFamily(ctx.actor!, action.alertId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, status);
  });
});
