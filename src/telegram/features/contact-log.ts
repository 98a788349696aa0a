import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import type { ContactKind } from '../../db/generated/enums.js';
import { addDays, type LocalDate } from '../../domain/call-slots.js';
import { CONTACT_KINDS, isContactKind, MAX_NOTE_LENGTH } from '../../domain/contacts.js';
import { daysBetween, isoDate, parseIsoDate } from '../../domain/school-month.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { explainingRefusals, idFrom, refusalOf, refusalText } from '../refusals.js';

/**
 * `/log`: a teacher logs a contact of the "three ones" (a home visit, a call with the
 * parents, a heart-to-heart talk with the child, a letter to the parents): the child, the
 * kind, the day (today, yesterday or a typed date) and an optional note or voice note.
 * A reminder's button (`log:start:<childId>:<KIND>`) starts at the day, one tap in.
 */
export const contactLogFeature = new Composer<BotContext>();

/** Where a log starts: a child and kind already chosen from a reminder, or nothing. */
interface Start {
  childId: number;
  childName: string;
  kind: ContactKind;
  today: LocalDate;
}

/** Contacts may be logged this many days back. */
const DAYS_BACK = 60;
const NO_NOTE = 'lg:n';

/** Waits for the next step; a command leaves the log and goes on to its handler. */
async function nextStep(conversation: BotConversation): Promise<ChatContext> {
  const step = await conversation.wait();
  if (step.message?.text?.startsWith('/')) await conversation.halt({ next: true });
  return step;
}

async function pressPlease(step: ChatContext): Promise<void> {
  if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('contacts.pressPlease') });
  else await step.reply(step.t('contacts.pressPlease'));
}

/** Step 1: which child, from the actor's children; the choice is checked again by the domain. */
async function pickChild(conversation: BotConversation, ctx: ChatContext) {
  const actor = { userId: ctx.user!.id };
  const children = await conversation.external(() => ctx.domain.contacts.loggableChildren(actor));
  if (children.length === 0) {
    await ctx.reply(ctx.t('contacts.noChildren'));
    return undefined;
  }
  const severalClasses = new Set(children.map((c) => c.className)).size > 1;
  const label = (c: (typeof children)[number]) => (severalClasses && c.className ? `${c.name} · ${c.className}` : c.name);
  await ctx.reply(ctx.t('contacts.pickChild'), { reply_markup: keyboard(grid(children.map((c) => button(label(c), `lg:c:${c.id}`)), 2)) });
  for (;;) {
    const step = await nextStep(conversation);
    const picked = /^lg:c:(\d+)$/.exec(step.callbackQuery?.data ?? '');
    if (!picked) {
      await pressPlease(step);
      continue;
    }
    const target = await refusalOf(conversation, () => ctx.domain.contacts.target(actor, idFrom(picked[1])));
    if ('refused' in target) {
      await step.answerCallbackQuery({ text: refusalText(step.t, target.refused), show_alert: true });
      continue;
    }
    await step.answerCallbackQuery();
    return { ...target.value, at: step };
  }
}

/** Step 2: the kind of contact, asked by editing the child's message. */
async function pickKind(conversation: BotConversation, at: ChatContext, childName: string): Promise<{ kind: ContactKind; at: ChatContext }> {
  const kinds = CONTACT_KINDS.map((kind) => button(at.t(`contacts.kinds.${kind}`), `lg:k:${kind}`));
  await at.editMessageText(at.t('contacts.pickKind', { child: childName }), { reply_markup: keyboard(grid(kinds, 2)) });
  for (;;) {
    const step = await nextStep(conversation);
    const kind = step.callbackQuery?.data?.startsWith('lg:k:') ? step.callbackQuery.data.slice('lg:k:'.length) : undefined;
    if (isContactKind(kind)) {
      await step.answerCallbackQuery();
      return { kind, at: step };
    }
    await pressPlease(step);
  }
}

/** Step 3: the day: "today", "yesterday" or a typed YYYY-MM-DD, not in the future nor more than 60 days back. */
async function pickDate(conversation: BotConversation, ctx: ChatContext, start: Start): Promise<string> {
  const yesterday = addDays(start.today, -1);
  const days = keyboard([[button(ctx.t('contacts.today'), `lg:d:${isoDate(start.today)}`), button(ctx.t('contacts.yesterday'), `lg:d:${isoDate(yesterday)}`)]]);
  await ctx.reply(ctx.t('contacts.pickDate', { child: start.childName, kind: ctx.t(`contacts.kinds.${start.kind}`) }), { reply_markup: days });
  for (;;) {
    const step = await nextStep(conversation);
    const pressed = step.callbackQuery?.data?.startsWith('lg:d:') ? step.callbackQuery.data.slice('lg:d:'.length) : undefined;
    const typed = parseIsoDate(pressed ?? step.message?.text ?? '');
    const back = typed ? daysBetween(typed, start.today) : -1;
    if (typed && back >= 0 && back <= DAYS_BACK) {
      if (step.callbackQuery) await step.answerCallbackQuery();
      return isoDate(typed);
    }
    if (step.callbackQuery && pressed === undefined) await pressPlease(step);
    else if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('contacts.badDate', { days: DAYS_BACK }), show_alert: true });
    else await step.reply(step.t('contacts.badDate', { days: DAYS_BACK }));
  }
}

/** Step 4: a short note or a voice note, or none. */
async function askNote(conversation: BotConversation, ctx: ChatContext): Promise<{ note: string | null; voiceFileId: string | null; at: ChatContext }> {
  await ctx.reply(ctx.t('contacts.askNote', { max: MAX_NOTE_LENGTH }), { reply_markup: keyboard([[button(ctx.t('contacts.skipNote'), NO_NOTE)]]) });
  for (;;) {
    const step = await nextStep(conversation);
    if (step.callbackQuery?.data === NO_NOTE) {
      await step.answerCallbackQuery();
      return { note: null, voiceFileId: null, at: step };
    }
    if (step.message?.voice) return { note: step.message.caption ?? null, voiceFileId: step.message.voice.file_id, at: step };
    const text = step.message?.text;
    if (text !== undefined && text.trim().length > 0 && text.length <= MAX_NOTE_LENGTH) return { note: text, voiceFileId: null, at: step };
    if (text !== undefined) await step.reply(step.t('contacts.noteTooLong', { max: MAX_NOTE_LENGTH }));
    else await pressPlease(step);
  }
}

async function logContact(conversation: BotConversation, ctx: ChatContext, from: Start | null) {
  const actor = { userId: ctx.user!.id };
  let start = from;
  if (!start) {
    const child = await pickChild(conversation, ctx);
    if (!child) return;
    const { kind } = await pickKind(conversation, child.at, child.childName);
    start = { childId: child.childId, childName: child.childName, kind, today: child.today };
  }
  const { childId, kind } = start;
  const date = await pickDate(conversation, ctx, start);
  const { note, voiceFileId, at } = await askNote(conversation, ctx);
  const outcome = await refusalOf(conversation, () => ctx.domain.contacts.log(actor, { childId, kind, date, note, voiceFileId }));
  if ('refused' in outcome) {
    await at.reply(refusalText(at.t, outcome.refused));
    return;
  }
  await at.reply(at.t('contacts.saved', { child: outcome.value.childName, kind: at.t(`contacts.kinds.${outcome.value.kind}`), date: outcome.value.date }));
}

contactLogFeature.use(createConversation(logContact, 'contact-log'));

contactLogFeature.command('log', async (ctx) => {
  if (!ctx.user) return;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('contact-log', null);
});

contactLogFeature.callbackQuery(/^log:start:(\d+):(\w+)$/, async (ctx) => {
  const kind = ctx.match[2];
  if (!isContactKind(kind)) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  await explainingRefusals(ctx, async () => {
    const target = await ctx.domain.contacts.target({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('contact-log', { ...target, kind });
  });
});
