import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { answerAgain, archiveQuestion, childNotArchived, fieldQuestion, teacherPaired } from '../../app/child-replies.js';
import { refusalWords } from '../../app/refusals.js';
import type { ChildField } from '../../domain/child-fields.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { listPage, packTexts } from '../pager.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { choicesKeyboard, editWith, replyWith } from '../reply.js';
import { waitForAnswer } from './child-form.js';

/**
 * `/children`: the files the user may see. A file shows the buttons its reader may use:
 * edit (kept in the history), history, pair a teacher, invite the family, archive.
 * Every press names a child in untrusted callback data, so every press is re-authorized.
 * A file with many calls and contacts comes in several messages; the history a page at a time.
 */
export const childFilesFeature = new Composer<BotContext>();

async function editChildField(conversation: BotConversation, ctx: ChatContext, childId: number, field: ChildField) {
  const actor = ctx.actor!;
  await replyWith(ctx, fieldQuestion(field));
  const updated = await submitUntilAccepted(
    conversation,
    () => waitForAnswer(conversation, field),
    ({ input }) => ctx.app.children.updateField(actor, childId, field, input),
    ({ ctx: answer }, refused) => (refused.startsWith('invalid:') ? replyWith(answer, answerAgain(field, refusalWords(refused))) : answer.reply(refusalText(ctx.t, refused))),
  );
  if (updated) await replyWith(updated.answer.ctx, updated.value.reply);
}

childFilesFeature.use(createConversation(editChildField, 'edit-child'));

childFilesFeature.command('children', async (ctx) => {
  if (!ctx.user) return;
  await replyWith(ctx, await ctx.app.children.list(ctx.actor!, ctx.match.trim() || undefined));
});

onAction(childFilesFeature, 'child.view', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const file = await ctx.app.children.file(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    const texts = packTexts(file.blocks.map((block) => say(ctx.t, block)));
    for (const [index, text] of texts.entries()) await ctx.reply(text, index === texts.length - 1 ? { reply_markup: choicesKeyboard(ctx.t, file.choices) } : {});
  });
});

onAction(childFilesFeature, 'child.edit', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const fields = await ctx.app.children.fieldPicker(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, fields);
  });
});

onAction(childFilesFeature, 'child.editField', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { childId } = await ctx.app.children.fieldToEdit(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('edit-child', childId, action.field);
  });
});

/** A page of the file's edit history, every change on one of the pages; ◀ ▶ open the others. */
async function historyPage(ctx: BotContext, childId: number, page: number) {
  const history = await ctx.app.children.history(ctx.actor!, childId);
  const shown = listPage(ctx.t, say(ctx.t, history.title), history.lines.map((line) => say(ctx.t, line)), page, (other) => pack({ name: 'child.historyPage', childId, page: other }));
  return { text: shown.text, reply_markup: keyboard([shown.buttons]) };
}

onAction(childFilesFeature, 'child.history', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await historyPage(ctx, action.childId, 0);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

onAction(childFilesFeature, 'child.historyPage', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await historyPage(ctx, action.childId, action.page);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});

onAction(childFilesFeature, 'child.archive', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await replyWith(ctx, archiveQuestion(action.childId));
});

onAction(childFilesFeature, 'child.archiveYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.children.archive(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
  });
});

onAction(childFilesFeature, 'child.archiveNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, childNotArchived());
});

onAction(childFilesFeature, 'child.pair', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const teachers = await ctx.app.children.pairPicker(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, teachers);
  });
});

onAction(childFilesFeature, 'child.pairWith', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.contacts.pairTeacher(ctx.actor!, action.childId, action.teacherId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, teacherPaired());
  });
});
