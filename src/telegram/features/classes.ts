import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { explainingRefusals, idFrom, refusalOf, refusalText } from '../refusals.js';

/** `/classes`: admins add classes and give each its class teacher and subject teachers. */
export const classesFeature = new Composer<BotContext>();

async function newClass(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = { userId: ctx.user!.id };
  await ctx.reply(ctx.t('classes.askName'));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (other) => other.reply(other.t('classes.askName')) });
    const outcome = await refusalOf(conversation, async () => (await ctx.domain.schools.createClass(actor, schoolId, answer.message.text)).name);
    if ('value' in outcome) {
      await ctx.reply(ctx.t('classes.created', { name: outcome.value }));
      return;
    }
    await ctx.reply(refusalText(ctx.t, outcome.refused));
    if (outcome.refused === 'forbidden') return;
  }
}

classesFeature.use(createConversation(newClass, 'new-class'));

classesFeature.command('classes', async (ctx) => {
  if (!ctx.user) return;
  const actor = { userId: ctx.user.id };
  const schools = await ctx.domain.schools.schoolsAdministeredBy(actor);
  const classes = await ctx.domain.schools.classesOf(actor);
  if (schools.length === 0 && classes.length === 0) {
    await ctx.reply(ctx.t('classes.none'));
    return;
  }
  const rows = [
    ...grid(classes.map((each) => button(each.name, `cls:v:${each.id}`)), 3),
    ...schools.map((school) => [button(ctx.t('classes.add') + (schools.length > 1 ? ` · ${school.name}` : ''), `cls:new:${school.id}`)]),
  ];
  await ctx.reply(classes.length > 0 ? ctx.t('classes.list') : ctx.t('classes.empty'), { reply_markup: keyboard(rows) });
});

classesFeature.callbackQuery(/^cls:new:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('new-class', idFrom(ctx.match[1]));
});

classesFeature.callbackQuery(/^cls:v:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const details = await ctx.domain.schools.classDetails({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    const teachers = details.teachers.map((t) =>
      ctx.t('classes.teacherLine', { name: t.displayName, role: ctx.t(t.classTeacher ? 'classes.classTeacher' : 'classes.subjectTeacher') }),
    );
    const keyboard = new InlineKeyboard()
      .text(ctx.t('classes.setClassTeacher'), `cls:a:${details.id}:1`)
      .text(ctx.t('classes.addSubjectTeacher'), `cls:a:${details.id}:0`);
    await ctx.answerCallbackQuery();
    await ctx.reply(
      [ctx.t('classes.details', { name: details.name, children: details.children }), ...(teachers.length ? teachers : [ctx.t('classes.noTeachers')])].join('\n'),
      { reply_markup: keyboard },
    );
  });
});

classesFeature.callbackQuery(/^cls:a:(\d+):([01])$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const actor = { userId: ctx.user!.id };
    const details = await ctx.domain.schools.classDetails(actor, idFrom(ctx.match[1]));
    const teachers = await ctx.domain.schools.teachersOfSchool(actor, details.schoolId);
    await ctx.answerCallbackQuery();
    if (teachers.length === 0) {
      await ctx.reply(ctx.t('classes.noTeachersToAssign'));
      return;
    }
    const choices = teachers.map((teacher) => [button(teacher.displayName, `cls:s:${details.id}:${teacher.userId}:${ctx.match[2]}`)]);
    await ctx.reply(ctx.t('classes.pickTeacher'), { reply_markup: keyboard(choices) });
  });
});

classesFeature.callbackQuery(/^cls:s:(\d+):(\d+):([01])$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    await ctx.domain.schools.assignTeacher({ userId: ctx.user!.id }, idFrom(ctx.match[1]), idFrom(ctx.match[2]), ctx.match[3] === '1');
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('classes.assigned'));
  });
});
