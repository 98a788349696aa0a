import { Composer, Keyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import type { Reply } from '../../app/reply.js';
import { freeHoursQuestion, joiningQuietOffer, phoneSkipped } from '../../app/settings-replies.js';
import { telegramAccount } from '../../domain/channel-accounts.js';
import type { MyPhone } from '../../domain/family-phones.js';
import { say, type Words } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { pressedOrLeave } from '../conversation-steps.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { replyWith } from '../reply.js';
import { askQuietHours } from './quiet-hours.js';

/**
 * A parent's or guardian's phone number (only their own, shared with Telegram's contact
 * button) and usual free time for a call: asked once after joining, with the quiet hours,
 * and changed any time with `/phone`. Every question can be skipped, and any other message
 * leaves the questions and goes on to where it belongs, so nothing the family says is lost.
 * Staff's "ask to call back" (`cb:ask:<userId>`) lives here too.
 */
export const phoneFeature = new Composer<BotContext>();

/** Offered at joining with one tap: quiet from 23:00 to 07:00. */
const JOINING_QUIET_HOURS = { start: 23 * 60, end: 7 * 60 };

function contactKeyboard(t: ChatContext['t'], current: MyPhone): Keyboard {
  const board = new Keyboard().requestContact(t('phone.share')).row().text(t(current.phone ? 'phone.keep' : 'phone.skip'));
  if (current.phone) board.row().text(t('phone.forget'));
  return board.resized().oneTime();
}

/** Sends the app's reply and closes the contact keyboard with it. */
function replyClosing(ctx: ChatContext, said: Reply) {
  return ctx.reply(say(ctx.t, said.words), { reply_markup: { remove_keyboard: true } });
}

/** Asks for the number (the contact keyboard closes with the answer); false when they removed it, so no free time is asked. */
async function askPhone(conversation: BotConversation, ctx: ChatContext, asked: { current: MyPhone; question: Words }): Promise<boolean> {
  const actor = ctx.actor!;
  const { current } = asked;
  await ctx.reply(say(ctx.t, asked.question), { reply_markup: contactKeyboard(ctx.t, current) });
  for (;;) {
    const at = await conversation.wait();
    const contact = at.message?.contact;
    const text = at.message?.text;
    if (contact) {
      const saved = await refusalOf(conversation, async () => (await ctx.app.settings.savePhone(actor, { phoneNumber: contact.phone_number, owner: contact.user_id === undefined ? undefined : telegramAccount(contact.user_id) })).reply);
      if ('value' in saved) {
        await replyClosing(at, saved.value);
        return true;
      }
      await at.reply(refusalText(at.t, saved.refused));
    } else if (text === at.t('phone.skip') || text === at.t('phone.keep')) {
      await replyClosing(at, phoneSkipped(current));
      return true;
    } else if (text === at.t('phone.forget') && current.phone) {
      const forgotten = await conversation.external(() => ctx.app.settings.forgetPhone(actor));
      await replyClosing(at, forgotten.reply);
      return false;
    } else {
      await replyClosing(at, phoneSkipped(current));
      await conversation.halt({ next: true });
    }
  }
}

/** Asks when the person is usually free for a call: one tap, or "it varies". */
async function askFreeHours(conversation: BotConversation, ctx: ChatContext): Promise<void> {
  const actor = ctx.actor!;
  await replyWith(ctx, freeHoursQuestion());
  const { action, at } = await pressedOrLeave(conversation, 'phone.free');
  const { choice } = action;
  const saved = await conversation.external(() => ctx.app.settings.setFreeHours(actor, choice === 'varies' ? null : choice));
  await replyWith(at, saved.reply);
}

/** At joining: offers quiet hours from 23:00 to 07:00 with one tap, other times, or none. */
async function offerQuietHours(conversation: BotConversation, ctx: ChatContext): Promise<void> {
  const actor = ctx.actor!;
  await replyWith(ctx, joiningQuietOffer());
  const { action, at } = await pressedOrLeave(conversation, 'join.quiet');
  if (action.choice === 'other') return askQuietHours(conversation, at);
  const hours = action.choice === 'yes' ? JOINING_QUIET_HOURS : null;
  const saved = await conversation.external(() => ctx.app.settings.setQuietHours(actor, hours));
  await replyWith(at, saved.reply);
}

async function phoneSetup(conversation: BotConversation, ctx: ChatContext, joining: boolean) {
  const asked = await conversation.external(() => ctx.app.settings.phoneQuestion(ctx.actor!));
  if (await askPhone(conversation, ctx, asked)) await askFreeHours(conversation, ctx);
  if (joining) await offerQuietHours(conversation, ctx);
}

phoneFeature.use(createConversation(phoneSetup, 'phone-setup'));

phoneFeature.command('phone', (ctx) => ctx.conversation.enter('phone-setup', false));

onAction(phoneFeature, 'phone.share', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('phone-setup', false);
});

onAction(phoneFeature, 'phone.askCallBack', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.contacts.askCallBack(ctx.actor!, action.parentId);
    await ctx.answerCallbackQuery({ text: say(ctx.t, reply.words), show_alert: true });
  });
});
