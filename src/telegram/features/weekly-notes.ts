import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import type { MessageContent } from '../../domain/family-messages.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { weekDaysLabel } from '../../i18n/week-days.js';
import { say } from '../../i18n/words.js';
import { keyboard } from '../keyboards.js';
import { listPage, packTexts } from '../pager.js';
import { onAction } from '../on-action.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * The parent's side of a weekly note ("❤ received", "answer the teacher"), the teacher's
 * reply, the class teacher's review of drafts (edit, hold), and `/receipts`.
 */
export const weeklyNotesFeature = new Composer<BotContext>();

/** Waits for a text or a voice note; anything else is asked again. Commands pass through. */
async function waitForTextOrVoice(conversation: BotConversation): Promise<MessageContent> {
  for (;;) {
    const ctx = await conversation.wait();
    if (ctx.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    if (ctx.message?.text) return { text: ctx.message.text };
    if (ctx.message?.voice) return { voiceFileId: ctx.message.voice.file_id };
    await ctx.reply(ctx.t('weeklyNote.textOrVoice'));
  }
}

/**
 * A family member's answer about their child: to the teacher whose message they answer
 * (`answering`, named `teacherName`), else to the paired or class teacher.
 */
async function answerTeacher(conversation: BotConversation, ctx: ChatContext, childId: number, childName: string, answering?: number, teacherName?: string) {
  const actor = ctx.actor!;
  await ctx.reply(teacherName ? ctx.t('weeklyNote.askAnswerTeacher', { teacher: teacherName }) : ctx.t('weeklyNote.askAnswer', { child: childName }));
  const sent = await submitUntilAccepted(
    conversation,
    () => waitForTextOrVoice(conversation),
    async (content) => (await ctx.app.familyMessages.toTeachers(actor, childId, content, answering ?? null)).reply,
    (_, refused) => ctx.reply(refusalText(ctx.t, refused)),
  );
  if (sent) await replyWith(ctx, sent.value);
}

async function replyToFamily(conversation: BotConversation, ctx: ChatContext, messageId: number, parentName: string) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('weeklyNote.askReply', { parent: parentName }));
  const sent = await submitUntilAccepted(
    conversation,
    () => waitForTextOrVoice(conversation),
    async (content) => (await ctx.app.familyMessages.replyToFamily(actor, messageId, content)).reply,
    (_, refused) => ctx.reply(refusalText(ctx.t, refused)),
  );
  if (sent) await replyWith(ctx, sent.value);
}

async function editNote(conversation: BotConversation, ctx: ChatContext, noteId: number, childName: string) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('weeklyNote.askDraft', { child: childName }));
  const saved = await submitUntilAccepted(
    conversation,
    () => conversation.waitFor('message:text', { otherwise: (other) => other.reply(other.t('weeklyNote.askDraft', { child: childName })) }),
    async (answer) => (await ctx.app.weeklyNotes.editDraft(actor, noteId, answer.message.text)).reply,
    (_, refused) => ctx.reply(refusalText(ctx.t, refused)),
  );
  if (saved) await replyWith(ctx, saved.value);
}

weeklyNotesFeature.use(createConversation(answerTeacher, 'answer-teacher'));
weeklyNotesFeature.use(createConversation(replyToFamily, 'reply-family'));
weeklyNotesFeature.use(createConversation(editNote, 'edit-note'));

onAction(weeklyNotesFeature, 'note.received', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const acknowledged = await ctx.app.weeklyNotes.acknowledge(ctx.actor!, action.noteId);
    await ctx.answerCallbackQuery({ text: say(ctx.t, acknowledged.reply.words) });
  });
});

/** "See all" under a note: every update of that week about the child in full, access checked again. */
onAction(weeklyNotesFeature, 'note.seeAll', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const week = await ctx.app.weeklyNotes.fullWeek(ctx.actor!, action.noteId);
    await ctx.answerCallbackQuery();
    const title = ctx.t('weeklyNote.fullTitle', { child: week.childName, days: week.days ? weekDaysLabel(ctx.t, week.days) : '' });
    for (const text of packTexts([title, '', ...week.lines.map((line) => say(ctx.t, line))])) await ctx.reply(text);
  });
});

onAction(weeklyNotesFeature, 'note.answer', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const child = await ctx.app.weeklyNotes.answerAbout(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('answer-teacher', child.childId, child.childName);
  });
});

onAction(weeklyNotesFeature, 'familyMessage.answer', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const target = await ctx.app.familyMessages.answerTarget(ctx.actor!, action.messageId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('answer-teacher', target.childId, target.childName, target.messageId, target.teacherName);
  });
});

onAction(weeklyNotesFeature, 'familyMessage.reply', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const original = await ctx.app.familyMessages.replyTarget(ctx.actor!, action.messageId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('reply-family', original.messageId, original.parentName);
  });
});

onAction(weeklyNotesFeature, 'note.edit', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const draft = await ctx.app.weeklyNotes.draftToReview(ctx.actor!, action.noteId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('edit-note', draft.noteId, draft.childName);
  });
});

onAction(weeklyNotesFeature, 'note.hold', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const held = await ctx.app.weeklyNotes.holdDraft(ctx.actor!, action.noteId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, held.reply);
  });
});

/** A page of `/receipts`: every parent's copy of the latest weekly note, 4,096 characters at a time. */
async function receiptsPage(ctx: ChatContext, page: number) {
  const report = await ctx.app.weeklyNotes.receipts(ctx.actor!);
  if ('none' in report) return { text: say(ctx.t, report.none.words) };
  const title = ctx.t('weeklyNote.receiptsTitle', { days: report.days ? weekDaysLabel(ctx.t, report.days) : report.week });
  const lines = report.lines.map((line) => say(ctx.t, line));
  const shown = listPage(ctx.t, title, lines, page, (other) => pack({ name: 'note.receipts', page: other }));
  return { text: shown.text, reply_markup: keyboard([shown.buttons]) };
}

weeklyNotesFeature.command('receipts', async (ctx) => {
  if (!ctx.user) return;
  const { text, reply_markup } = await receiptsPage(ctx, 0);
  await ctx.reply(text, { reply_markup });
});

onAction(weeklyNotesFeature, 'note.receipts', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const { text, reply_markup } = await receiptsPage(ctx, action.page);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(text, { reply_markup });
});
