import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { askClassName } from '../../app/school-admin-replies.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/** `/classes`: admins add classes and give each its class teacher and subject teachers. */
export const classesFeature = new Composer<BotContext>();

/**
 * Asks for the class's name until one is taken: a name that is empty, too long or already
 * used is explained and another awaited (so the loop is not `submitUntilAccepted`, which
 * asks again only after `invalid:*`); only "forbidden" ends it.
 */
async function newClass(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = ctx.actor!;
  const question = askClassName();
  await replyWith(ctx, question);
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (other) => other.reply(say(other.t, question.words)) });
    const outcome = await refusalOf(conversation, () => ctx.app.schoolAdmin.createClass(actor, schoolId, answer.message.text));
    if ('value' in outcome) {
      await replyWith(ctx, outcome.value.reply);
      return;
    }
    await ctx.reply(refusalText(ctx.t, outcome.refused));
    if (outcome.refused === 'forbidden') return;
  }
}

classesFeature.use(createConversation(newClass, 'new-class'));

classesFeature.command('classes', async (ctx) => {
  if (!ctx.user) return;
  await replyWith(ctx, await ctx.app.schoolAdmin.classes(ctx.actor!));
});

onAction(classesFeature, 'class.add', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('new-class', action.schoolId);
});

onAction(classesFeature, 'class.view', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const details = await ctx.app.schoolAdmin.classDetails(ctx.actor!, action.classId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, details);
  });
});

onAction(classesFeature, 'class.addTeacher', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const teachers = await ctx.app.schoolAdmin.teachersFor(ctx.actor!, action.classId, action.classTeacher);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, teachers);
  });
});

onAction(classesFeature, 'class.assign', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.schoolAdmin.assignTeacher(ctx.actor!, action.classId, action.userId, action.classTeacher);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
  });
});
