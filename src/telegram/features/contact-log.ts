import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import type { ContactKind } from '../../db/generated/enums.js';
import { addDays, type LocalDate } from '../../domain/call-slots.js';
import { CONTACT_KINDS, MAX_NOTE_LENGTH } from '../../domain/contacts.js';
import type { MessageContent } from '../../domain/family-messages.js';
import { MAX_LETTER_LENGTH } from '../../domain/family-notes.js';
import { VISIT_SLOTS, type VisitSlot } from '../../domain/planned-visits.js';
import { dayLabel } from '../../i18n/call-time.js';
import { DomainError, type RefusalReason } from '../../domain/errors.js';
import { daysBetween, isoDate, parseIsoDate } from '../../domain/school-month.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { submitUntilAccepted, waitForPress } from '../conversation-steps.js';

/**
 * `/log`: a teacher logs a contact of the "three ones" (a home visit, a call with the
 * parents, a heart-to-heart talk with the child, a letter to the parents): the child, the
 * kind, the day (today, yesterday or a typed date) and an optional note or voice note.
 * A reminder's button (`log:start:<childId>:<KIND>`) starts at the day, one tap in.
 * The paired teacher's side of the family starts here too: after a visit or a talk, one tap
 * sends the parents a short note; the letter to the parents is written and sent from here
 * (when a parent has joined); and a home visit is planned ahead, so the guardian at home is told.
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
const PLAN = 'PLAN';

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
  const actor = ctx.actor!;
  const children = await conversation.external(() => ctx.domain.contacts.loggableChildren(actor));
  if (children.length === 0) {
    await ctx.reply(ctx.t('contacts.noChildren'));
    return undefined;
  }
  const severalClasses = new Set(children.map((c) => c.className)).size > 1;
  const label = (c: (typeof children)[number]) => (severalClasses && c.className ? `${c.name} · ${c.className}` : c.name);
  await ctx.reply(ctx.t('contacts.pickChild'), { reply_markup: keyboard(grid(children.map((c) => button(label(c), pack({ name: 'contact.child', childId: c.id }))), 2)) });
  for (;;) {
    const { action: picked, at: step } = await waitForPress(() => nextStep(conversation), 'contact.child', pressPlease);
    const target = await refusalOf(conversation, () => ctx.domain.contacts.target(actor, picked.childId));
    if ('refused' in target) {
      await step.answerCallbackQuery({ text: refusalText(step.t, target.refused), show_alert: true });
      continue;
    }
    await step.answerCallbackQuery();
    return { ...target.value, at: step };
  }
}

/** Step 2: the kind of contact, asked by editing the child's message. */
async function pickKind(conversation: BotConversation, at: ChatContext, childName: string): Promise<{ kind: ContactKind | typeof PLAN; at: ChatContext }> {
  const kinds = CONTACT_KINDS.map((kind) => button(at.t(`contacts.kinds.${kind}`), pack({ name: 'contact.kind', kind })));
  const rows = [...grid(kinds, 2), [button(at.t('homeVisits.plan'), pack({ name: 'contact.kind', kind: PLAN }))]];
  await at.editMessageText(at.t('contacts.pickKind', { child: childName }), { reply_markup: keyboard(rows) });
  const { action, at: step } = await waitForPress(() => nextStep(conversation), 'contact.kind', pressPlease);
  await step.answerCallbackQuery();
  return { kind: action.kind, at: step };
}

/** Step 3: the day: "today", "yesterday" or a typed YYYY-MM-DD, not in the future nor more than 60 days back. */
async function pickDate(conversation: BotConversation, ctx: ChatContext, start: Start): Promise<string> {
  const yesterday = addDays(start.today, -1);
  const days = keyboard([[button(ctx.t('contacts.today'), pack({ name: 'contact.day', date: isoDate(start.today) })), button(ctx.t('contacts.yesterday'), pack({ name: 'contact.day', date: isoDate(yesterday) }))]]);
  await ctx.reply(ctx.t('contacts.pickDate', { child: start.childName, kind: ctx.t(`contacts.kinds.${start.kind}`) }), { reply_markup: days });
  for (;;) {
    const step = await nextStep(conversation);
    const action = unpack(step.callbackQuery?.data ?? '');
    const pressed = action?.name === 'contact.day' ? action.date : undefined;
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
  await ctx.reply(ctx.t('contacts.askNote', { max: MAX_NOTE_LENGTH }), { reply_markup: keyboard([[button(ctx.t('contacts.skipNote'), pack({ name: 'contact.noNote' }))]]) });
  for (;;) {
    const step = await nextStep(conversation);
    if (step.callbackQuery?.data === pack({ name: 'contact.noNote' })) {
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

/** Explains a refusal of a note, a letter or a planned visit; anything else as every refusal is. */
function refusalMessage(ctx: ChatContext, reason: RefusalReason, max: number): string {
  if (reason === 'familyNote:sent') return ctx.t('familyNotes.alreadySent');
  if (reason === 'familyNote:noParents') return ctx.t('familyNotes.noParents');
  if (reason === 'invalid:tooLong') return ctx.t('familyNotes.tooLong', { max });
  return refusalText(ctx.t, reason);
}

/** Waits for a text or a voice note for the family; anything else is asked again. A command leaves. */
async function waitForWords(conversation: BotConversation): Promise<{ content: MessageContent; at: ChatContext }> {
  for (;;) {
    const step = await nextStep(conversation);
    if (step.message?.text) return { content: { text: step.message.text }, at: step };
    if (step.message?.voice) return { content: { voiceFileId: step.message.voice.file_id }, at: step };
    if (step.callbackQuery) await step.answerCallbackQuery();
    await step.reply(step.t('familyNotes.textOrVoice'));
  }
}

/**
 * Asks for words to the family and hands them to `send` until it takes them (too long is
 * asked again); returns the value sent, or undefined after telling a refusal.
 */
async function writeToFamily<T>(conversation: BotConversation, ctx: ChatContext, prompt: string, max: number, send: (content: MessageContent) => Promise<T>): Promise<{ value: T; at: ChatContext } | undefined> {
  await ctx.reply(prompt);
  const sent = await submitUntilAccepted(
    conversation,
    () => waitForWords(conversation),
    ({ content }) => send(content),
    ({ at }, refused) => at.reply(refusalMessage(at, refused, max)),
  );
  return sent && { value: sent.value, at: sent.answer.at };
}

/** The semester letter to the parents, written here and sent to them; it is logged as today's letter. */
async function writeLetter(conversation: BotConversation, ctx: ChatContext, start: Start) {
  const actor = ctx.actor!;
  const prompt = ctx.t('familyNotes.askLetter', { child: start.childName, max: MAX_LETTER_LENGTH });
  const sent = await writeToFamily(conversation, ctx, prompt, MAX_LETTER_LENGTH, async (content) => {
    const letter = await ctx.app.contacts.semesterLetter(actor, start.childId, content);
    return letter.childName;
  });
  if (sent) await sent.at.reply(sent.at.t('familyNotes.letterSent', { child: sent.value, date: isoDate(start.today) }));
}

/** A visit planned ahead: one of the next days, then the part of the day. */
async function planVisit(conversation: BotConversation, at: ChatContext, childId: number, childName: string) {
  const actor = at.actor!;
  const days = await conversation.external(() => at.domain.plannedVisits.plannableDays(actor, childId));
  await at.editMessageText(at.t('homeVisits.pickDay', { child: childName }), { reply_markup: keyboard(grid(days.map((day) => button(dayLabel(at.t, day), pack({ name: 'contact.visitDay', date: isoDate(day) }))), 2)) });
  let day: LocalDate | undefined;
  let step: ChatContext;
  for (;;) {
    step = await nextStep(conversation);
    const action = unpack(step.callbackQuery?.data ?? '');
    const pressed = action?.name === 'contact.visitDay' ? parseIsoDate(action.date) : undefined;
    day = pressed && days.find((each) => isoDate(each) === isoDate(pressed));
    if (day) break;
    await pressPlease(step);
  }
  await step.answerCallbackQuery();
  const slots = (Object.keys(VISIT_SLOTS) as VisitSlot[]).map((slot) => button(step.t(`homeVisits.slots.${slot}`), pack({ name: 'contact.visitSlot', slot })));
  await step.editMessageText(step.t('homeVisits.pickSlot', { child: childName, day: dayLabel(step.t, day) }), { reply_markup: keyboard([slots]) });
  const pressedSlot = await waitForPress(() => nextStep(conversation), 'contact.visitSlot', pressPlease);
  step = pressedSlot.at;
  const { slot } = pressedSlot.action;
  await step.answerCallbackQuery();
  const chosen = isoDate(day);
  const outcome = await refusalOf(conversation, () => at.app.contacts.planVisit(actor, childId, chosen, slot));
  if ('refused' in outcome) {
    await step.reply(refusalText(step.t, outcome.refused));
    return;
  }
  const names = { child: childName, day: dayLabel(step.t, outcome.value.date), slot: step.t(`homeVisits.slots.${outcome.value.slot}`) };
  await step.editMessageText(step.t(outcome.value.guardians > 0 ? 'homeVisits.planned' : 'homeVisits.plannedNobody', names));
}

async function logContact(conversation: BotConversation, ctx: ChatContext, from: Start | null) {
  const actor = ctx.actor!;
  let start = from;
  if (!start) {
    const child = await pickChild(conversation, ctx);
    if (!child) return;
    const { kind, at } = await pickKind(conversation, child.at, child.childName);
    if (kind === PLAN) return planVisit(conversation, at, child.childId, child.childName);
    start = { childId: child.childId, childName: child.childName, kind, today: child.today };
  }
  const { childId, kind } = start;
  const parents = await conversation.external(() => ctx.domain.familyNotes.parentsCount(actor, childId));
  if (kind === 'LETTER' && parents > 0) return writeLetter(conversation, ctx, start);
  const date = await pickDate(conversation, ctx, start);
  const { note, voiceFileId, at } = await askNote(conversation, ctx);
  const outcome = await refusalOf(conversation, () => ctx.app.contacts.log(actor, { childId, kind, date, note, voiceFileId }));
  if ('refused' in outcome) {
    await at.reply(refusalText(at.t, outcome.refused));
    return;
  }
  const saved = at.t('contacts.saved', { child: outcome.value.childName, kind: at.t(`contacts.kinds.${outcome.value.kind}`), date: outcome.value.date });
  const mayTell = parents > 0 && (kind === 'VISIT' || kind === 'TALK');
  await at.reply(saved, { reply_markup: mayTell ? keyboard([[button(at.t('familyNotes.offer'), pack({ name: 'contact.familyNote', contactId: outcome.value.id }))]]) : undefined });
}

/** The short note to the parents about a logged visit or talk. */
async function noteToFamily(conversation: BotConversation, ctx: ChatContext, contactId: number, childName: string) {
  const actor = ctx.actor!;
  const sent = await writeToFamily(conversation, ctx, ctx.t('familyNotes.askNote', { child: childName, max: MAX_NOTE_LENGTH }), MAX_NOTE_LENGTH, async (content) => {
    const note = await ctx.app.contacts.noteAfterContact(actor, contactId, content);
    return note.childName;
  });
  if (sent) await sent.at.reply(sent.at.t('familyNotes.noteSent', { child: sent.value }));
}

contactLogFeature.use(createConversation(logContact, 'contact-log'));
contactLogFeature.use(createConversation(noteToFamily, 'family-note'));

contactLogFeature.command('log', async (ctx) => {
  if (!ctx.user) return;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('contact-log', null);
});

onAction(contactLogFeature, 'contact.start', async (ctx, action) => {
  const { kind } = action;
  await explainingRefusals(ctx, async () => {
    const target = await ctx.domain.contacts.target(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('contact-log', { ...target, kind });
  });
});

onAction(contactLogFeature, 'contact.familyNote', async (ctx, action) => {
  try {
    const target = await ctx.domain.familyNotes.noteFor(ctx.actor!, action.contactId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('family-note', target.contactId, target.childName);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: refusalMessage(ctx, error.reason, MAX_NOTE_LENGTH), show_alert: true });
  }
});
