import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { unpack } from '../../actions/index.js';
import {
  CONTACT_DAYS_BACK,
  contactDayRefused,
  contactNoteRefused,
  contactNoteReply,
  familyNotePrompt,
  familyNoteRefusal,
  pressPlease as pressPleaseWords,
  textOrVoicePlease,
  visitSlotsReply,
} from '../../app/contact-replies.js';
import type { ContactStart } from '../../app/contacts.js';
import type { Reply } from '../../app/reply.js';
import type { ContactKind } from '../../db/generated/enums.js';
import type { LocalDate } from '../../domain/call-slots.js';
import { MAX_NOTE_LENGTH } from '../../domain/contacts.js';
import { DomainError } from '../../domain/errors.js';
import type { MessageContent } from '../../domain/family-messages.js';
import { MAX_LETTER_LENGTH } from '../../domain/family-notes.js';
import { daysBetween, isoDate, parseIsoDate } from '../../domain/school-month.js';
import { say } from '../../i18n/words.js';
import { editWith, replyWith } from '../reply.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { stepOrLeave, submitUntilAccepted, waitForAnswer, waitForPress } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

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

const PLAN = 'PLAN';

async function pressPlease(step: ChatContext): Promise<void> {
  if (step.callbackQuery) await step.answerCallbackQuery({ text: say(step.t, pressPleaseWords()) });
  else await step.reply(say(step.t, pressPleaseWords()));
}

/** Step 1: which child, from the actor's children; the choice is checked again by the domain. */
async function pickChild(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const offered = await conversation.external(() => ctx.app.contacts.whomToLog(actor));
  await replyWith(ctx, offered.reply);
  if (!offered.choosing) return undefined;
  for (;;) {
    const { action: picked, at: step } = await waitForPress(() => stepOrLeave(conversation), 'contact.child', pressPlease);
    const chosen = await refusalOf(conversation, () => ctx.app.contacts.kindsFor(actor, picked.childId));
    if ('refused' in chosen) {
      await step.answerCallbackQuery({ text: refusalText(step.t, chosen.refused), show_alert: true });
      continue;
    }
    await step.answerCallbackQuery();
    return { ...chosen.value, at: step };
  }
}

/** Step 2: the kind of contact, asked by editing the child's message. */
async function pickKind(conversation: BotConversation, at: ChatContext, kinds: Reply): Promise<{ kind: ContactKind | typeof PLAN; at: ChatContext }> {
  await editWith(at, kinds);
  const { action, at: step } = await waitForPress(() => stepOrLeave(conversation), 'contact.kind', pressPlease);
  await step.answerCallbackQuery();
  return { kind: action.kind, at: step };
}

/** A day pressed or typed as YYYY-MM-DD, when it is not in the future nor too far back. */
function contactDayOf(step: ChatContext, today: LocalDate): string | undefined {
  const action = unpack(step.callbackQuery?.data ?? '');
  const typed = parseIsoDate((action?.name === 'contact.day' ? action.date : undefined) ?? step.message?.text ?? '');
  const back = typed ? daysBetween(typed, today) : -1;
  return typed && back >= 0 && back <= CONTACT_DAYS_BACK ? isoDate(typed) : undefined;
}

/** Another button is a nudge to press one of these; a day it cannot take is explained. */
async function explainDay(step: ChatContext): Promise<void> {
  if (step.callbackQuery && unpack(step.callbackQuery.data ?? '')?.name !== 'contact.day') await pressPlease(step);
  else if (step.callbackQuery) await step.answerCallbackQuery({ text: say(step.t, contactDayRefused()), show_alert: true });
  else await step.reply(say(step.t, contactDayRefused()));
}

/** Step 3: the day: "today", "yesterday" or a typed YYYY-MM-DD, not in the future nor more than 60 days back. */
async function pickDate(conversation: BotConversation, ctx: ChatContext, days: Reply, today: LocalDate): Promise<string> {
  await replyWith(ctx, days);
  const { value, at } = await waitForAnswer(() => stepOrLeave(conversation), (step) => contactDayOf(step, today), explainDay);
  if (at.callbackQuery) await at.answerCallbackQuery();
  return value;
}

interface ContactNote {
  note: string | null;
  voiceFileId: string | null;
}

/** "No note" pressed, a voice note (its caption kept), or a text short enough. */
function contactNoteOf(step: ChatContext): ContactNote | undefined {
  if (unpack(step.callbackQuery?.data ?? '')?.name === 'contact.noNote') return { note: null, voiceFileId: null };
  if (step.message?.voice) return { note: step.message.caption ?? null, voiceFileId: step.message.voice.file_id };
  const text = step.message?.text;
  return text !== undefined && text.trim().length > 0 && text.length <= MAX_NOTE_LENGTH ? { note: text, voiceFileId: null } : undefined;
}

/** Step 4: a short note or a voice note, or none. */
async function askNote(conversation: BotConversation, ctx: ChatContext): Promise<ContactNote & { at: ChatContext }> {
  await replyWith(ctx, contactNoteReply());
  const { value, at } = await waitForAnswer(() => stepOrLeave(conversation), contactNoteOf, async (step) => {
    if (step.message?.text !== undefined) await step.reply(say(step.t, contactNoteRefused()));
    else await pressPlease(step);
  });
  if (at.callbackQuery) await at.answerCallbackQuery();
  return { ...value, at };
}

/** A text or a voice note for the family. */
function familyWordsOf(step: ChatContext): MessageContent | undefined {
  if (step.message?.text) return { text: step.message.text };
  if (step.message?.voice) return { voiceFileId: step.message.voice.file_id };
  return undefined;
}

/** Waits for a text or a voice note for the family; anything else is asked again. A command leaves. */
async function waitForWords(conversation: BotConversation): Promise<{ content: MessageContent; at: ChatContext }> {
  const { value, at } = await waitForAnswer(() => stepOrLeave(conversation), familyWordsOf, async (step) => {
    if (step.callbackQuery) await step.answerCallbackQuery();
    await step.reply(say(step.t, textOrVoicePlease()));
  });
  return { content: value, at };
}

/**
 * Asks for words to the family and hands them to `send` until it takes them (too long is
 * asked again); returns the reply to the sent words, or undefined after telling a refusal.
 */
async function writeToFamily(conversation: BotConversation, ctx: ChatContext, prompt: Reply, max: number, send: (content: MessageContent) => Promise<Reply>): Promise<{ value: Reply; at: ChatContext } | undefined> {
  await replyWith(ctx, prompt);
  const sent = await submitUntilAccepted(
    conversation,
    () => waitForWords(conversation),
    ({ content }) => send(content),
    ({ at }, refused) => at.reply(say(at.t, familyNoteRefusal(refused, max))),
  );
  return sent && { value: sent.value, at: sent.answer.at };
}

/** The semester letter to the parents, written here and sent to them; it is logged as today's letter. */
async function writeLetter(conversation: BotConversation, ctx: ChatContext, childId: number, prompt: Reply) {
  const actor = ctx.actor!;
  const sent = await writeToFamily(conversation, ctx, prompt, MAX_LETTER_LENGTH, async (content) => (await ctx.app.contacts.semesterLetter(actor, childId, content)).reply);
  if (sent) await replyWith(sent.at, sent.value);
}

/** One of the days offered for a visit, pressed. */
function offeredDay(step: ChatContext, days: readonly LocalDate[]): LocalDate | undefined {
  const action = unpack(step.callbackQuery?.data ?? '');
  const pressed = action?.name === 'contact.visitDay' ? parseIsoDate(action.date) : undefined;
  return pressed && days.find((day) => isoDate(day) === isoDate(pressed));
}

/** A visit planned ahead: one of the next days, then the part of the day. */
async function planVisit(conversation: BotConversation, at: ChatContext, childId: number, childName: string) {
  const actor = at.actor!;
  const offered = await conversation.external(() => at.app.contacts.visitDays(actor, childId, childName));
  await editWith(at, offered.reply);
  const picked = await waitForAnswer(() => stepOrLeave(conversation), (step) => offeredDay(step, offered.days), pressPlease);
  await picked.at.answerCallbackQuery();
  const day = picked.value;
  await editWith(picked.at, visitSlotsReply(childName, day));
  const { action, at: step } = await waitForPress(() => stepOrLeave(conversation), 'contact.visitSlot', pressPlease);
  await step.answerCallbackQuery();
  const outcome = await refusalOf(conversation, async () => (await at.app.contacts.planVisit(actor, childId, isoDate(day), action.slot)).reply);
  if ('refused' in outcome) await step.reply(refusalText(step.t, outcome.refused));
  else await editWith(step, outcome.value);
}

async function logContact(conversation: BotConversation, ctx: ChatContext, from: ContactStart | null) {
  const actor = ctx.actor!;
  let start = from;
  if (!start) {
    const chosen = await pickChild(conversation, ctx);
    if (!chosen) return;
    const { kind, at } = await pickKind(conversation, chosen.at, chosen.reply);
    if (kind === PLAN) return planVisit(conversation, at, chosen.child.childId, chosen.child.childName);
    start = { ...chosen.child, kind };
  }
  const { childId, kind, today } = start;
  const starting = start;
  const begun = await conversation.external(() => ctx.app.contacts.begin(actor, starting));
  if (begun.step === 'letter') return writeLetter(conversation, ctx, childId, begun.reply);
  const date = await pickDate(conversation, ctx, begun.reply, today);
  const { note, voiceFileId, at } = await askNote(conversation, ctx);
  const outcome = await refusalOf(conversation, async () => (await ctx.app.contacts.log(actor, { childId, kind, date, note, voiceFileId })).reply);
  if ('refused' in outcome) await at.reply(refusalText(at.t, outcome.refused));
  else await replyWith(at, outcome.value);
}

/** The short note to the parents about a logged visit or talk. */
async function noteToFamily(conversation: BotConversation, ctx: ChatContext, contactId: number, childName: string) {
  const actor = ctx.actor!;
  const sent = await writeToFamily(conversation, ctx, familyNotePrompt(childName), MAX_NOTE_LENGTH, async (content) => (await ctx.app.contacts.noteAfterContact(actor, contactId, content)).reply);
  if (sent) await replyWith(sent.at, sent.value);
}

contactLogFeature.use(createConversation(logContact, 'contact-log'));
contactLogFeature.use(createConversation(noteToFamily, 'family-note'));

contactLogFeature.command('log', async (ctx) => {
  if (!ctx.user) return;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('contact-log', null);
});

onAction(contactLogFeature, 'contact.start', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const start = await ctx.app.contacts.startFrom(ctx.actor!, action.childId, action.kind);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('contact-log', start);
  });
});

onAction(contactLogFeature, 'contact.familyNote', async (ctx, action) => {
  try {
    const target = await ctx.app.contacts.noteTarget(ctx.actor!, action.contactId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('family-note', target.contactId, target.childName);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: say(ctx.t, familyNoteRefusal(error.reason, MAX_NOTE_LENGTH)), show_alert: true });
  }
});
