import { Composer, Keyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { telegramAccount } from '../../domain/channel-accounts.js';
import type { MyPhone } from '../../domain/family-phones.js';
import { FREE_HOURS_CHOICES } from '../../domain/family-phones.js';
import { displayPhone, freeHoursText } from '../../notifications/call-back.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { pressedOrLeave } from '../conversation-steps.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { askQuietHours } from './quiet-hours.js';

/**
 * A parent's or guardian's phone number (only their own, shared with Telegram's contact
 * button) and usual free time for a call: asked once after joining, with the quiet hours,
 * and changed any time with `/phone`. Every question can be skipped, and any other message
 * leaves the questions and goes on to where it belongs, so nothing the family says is lost.
 * Staff's "ask to call back" (`cb:ask:<userId>`) lives here too.
 */
export const phoneFeature = new Composer<BotContext>();

const VARIES = 'varies';
/** Offered at joining with one tap: quiet from 23:00 to 07:00. */
const JOINING_QUIET_HOURS = { start: 23 * 60, end: 7 * 60 };

function contactKeyboard(t: ChatContext['t'], current: MyPhone): Keyboard {
  const board = new Keyboard().requestContact(t('phone.share')).row().text(t(current.phone ? 'phone.keep' : 'phone.skip'));
  if (current.phone) board.row().text(t('phone.forget'));
  return board.resized().oneTime();
}

const REMOVE_KEYBOARD = { remove_keyboard: true } as const;

/** The person's number and free time as they read it in /phone. */
function currentText(t: ChatContext['t'], current: MyPhone): string {
  if (!current.phone) return t('phone.none');
  const lines = [t('phone.current', { phone: displayPhone(current.phone) })];
  if (current.free) lines.push(t('phone.currentFree', { free: freeHoursText(t, current.free) }));
  return lines.join('\n');
}

/** Leaves the questions and hands the update on (a letter, a voice note, a command, another button). */
function leave(conversation: BotConversation): Promise<never> {
  return conversation.halt({ next: true });
}

/** What the number question ends with when it is skipped: the number as it stays, or where to leave one later. */
function skippedText(t: ChatContext['t'], current: MyPhone): string {
  return current.phone ? t('phone.kept', { phone: displayPhone(current.phone) }) : t('phone.skipped');
}

/** Asks for the number (the contact keyboard closes with the answer); false when they removed it, so no free time is asked. */
async function askPhone(conversation: BotConversation, ctx: ChatContext, current: MyPhone): Promise<boolean> {
  const actor = ctx.actor!;
  const intro = current.phone ? `${currentText(ctx.t, current)}\n\n${ctx.t('phone.ask')}` : ctx.t('phone.ask');
  await ctx.reply(intro, { reply_markup: contactKeyboard(ctx.t, current) });
  for (;;) {
    const at = await conversation.wait();
    const contact = at.message?.contact;
    const text = at.message?.text;
    if (contact) {
      const saved = await refusalOf(conversation, () => ctx.app.settings.savePhone(actor, { phoneNumber: contact.phone_number, owner: contact.user_id === undefined ? undefined : telegramAccount(contact.user_id) }));
      if ('value' in saved) {
        await at.reply(at.t('phone.saved', { phone: displayPhone(saved.value) }), { reply_markup: REMOVE_KEYBOARD });
        return true;
      }
      await at.reply(saved.refused === 'phone:notYours' ? at.t('phone.notYours') : refusalText(at.t, saved.refused));
    } else if (text === at.t('phone.skip') || text === at.t('phone.keep')) {
      await at.reply(skippedText(at.t, current), { reply_markup: REMOVE_KEYBOARD });
      return true;
    } else if (text === at.t('phone.forget') && current.phone) {
      await conversation.external(() => ctx.app.settings.forgetPhone(actor));
      await at.reply(at.t('phone.forgotten'), { reply_markup: REMOVE_KEYBOARD });
      return false;
    } else {
      await at.reply(skippedText(at.t, current), { reply_markup: REMOVE_KEYBOARD });
      await leave(conversation);
    }
  }
}

/** Asks when the person is usually free for a call: one tap, or "it varies". */
async function askFreeHours(conversation: BotConversation, ctx: ChatContext): Promise<void> {
  const actor = ctx.actor!;
  const choices = Object.keys(FREE_HOURS_CHOICES).map((choice) => button(ctx.t(`phone.free.${choice as keyof typeof FREE_HOURS_CHOICES}`), pack({ name: 'phone.free', choice: choice as keyof typeof FREE_HOURS_CHOICES })));
  await ctx.reply(ctx.t('phone.askFree'), { reply_markup: keyboard([choices.slice(0, 2), [...choices.slice(2), button(ctx.t('phone.free.varies'), pack({ name: 'phone.free', choice: VARIES }))]]) });
  const { action, at } = await pressedOrLeave(conversation, 'phone.free');
  const { choice } = action;
  await conversation.external(() => ctx.app.settings.setFreeHours(actor, choice === VARIES ? null : choice));
  await at.reply(choice === VARIES ? at.t('phone.freeVaries') : at.t('phone.freeSaved', { free: freeHoursText(at.t, FREE_HOURS_CHOICES[choice]) }));
}

/** At joining: offers quiet hours from 23:00 to 07:00 with one tap, other times, or none. */
async function offerQuietHours(conversation: BotConversation, ctx: ChatContext): Promise<void> {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('join.quietAsk'), {
    reply_markup: keyboard([[button(ctx.t('join.quietYes'), pack({ name: 'join.quiet', choice: 'yes' }))], [button(ctx.t('join.quietOther'), pack({ name: 'join.quiet', choice: 'other' })), button(ctx.t('join.quietNone'), pack({ name: 'join.quiet', choice: 'none' }))]]),
  });
  const { action, at } = await pressedOrLeave(conversation, 'join.quiet');
  if (action.choice === 'other') return askQuietHours(conversation, at, '');
  const hours = action.choice === 'yes' ? JOINING_QUIET_HOURS : null;
  await conversation.external(() => ctx.app.settings.setQuietHours(actor, hours));
  await at.reply(hours ? at.t('quiet.saved', { from: '23:00', to: '07:00' }) : at.t('quiet.cleared'));
}

async function phoneSetup(conversation: BotConversation, ctx: ChatContext, joining: boolean) {
  const current = await conversation.external(() => ctx.domain.familyPhones.mine(ctx.actor!));
  if (await askPhone(conversation, ctx, current)) await askFreeHours(conversation, ctx);
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
    const { target, queued } = await ctx.app.contacts.askCallBack(ctx.actor!, action.parentId);
    const who = ctx.t('phone.who', { name: target.parent.name, relation: target.parent.relation ? ctx.t(`relations.${target.parent.relation}`) : '' });
    if (target.parent.phone) return void (await ctx.answerCallbackQuery({ text: ctx.t('phone.callBackHasPhone', { who, phone: displayPhone(target.parent.phone) }), show_alert: true }));
    await ctx.answerCallbackQuery({ text: ctx.t(queued > 0 ? 'phone.callBackAsked' : 'phone.callBackAlready', { who }), show_alert: true });
  });
});
