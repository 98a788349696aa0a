import { Composer, InlineKeyboard } from 'grammy';
import { pack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/** `/classes`: admins add classes and give each its class teacher and subject teachers. */
export const classesFeature = new Composer<BotContext>();

async function newClass(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('classes.askName'));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (other) => other.reply(other.t('classes.askName')) });
    const outcome = await refusalOf(conversation, async () => (await ctx.app.schoolAdmin.createClass(actor, schoolId, answer.message.text)).name);
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
  const actor = ctx.actor!;
  const schools = await ctx.domain.schools.schoolsAdministeredBy(actor);
  const classes = await ctx.domain.schools.classesOf(actor);
  if (schools.length === 0 && classes.length === 0) {
    await ctx.reply(ctx.t('classes.none'));
    return;
  }
  const rows = [
    ...grid(classes.map((each) => button(each.name, pack({ name: 'class.view', classId: each.id }))), 3),
    ...schools.map((school) => [button(ctx.t('classes.add') + (schools.length > 1 ? ` · ${school.name}` : ''), pack({ name: 'class.add', schoolId: school.id }))]),
  ];
  await ctx.reply(classes.length > 0 ? ctx.t('classes.list') : ctx.t('classes.empty'), { reply_markup: keyboard(rows) });
});

onAction(classesFeature, 'class.add', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('new-class', action.schoolId);
});

onAction(classesFeature, 'class.view', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const details = await ctx.domain.schools.classDetails(ctx.actor!, action.classId);
    const teachers = details.teachers.map((t) =>
      ctx.t('classes.teacherLine', { name: t.displayName, role: ctx.t(t.classTeacher ? 'classes.classTeacher' : 'classes.subjectTeacher') }),
    );
    const keyboard = new InlineKeyboard()
      .text(ctx.t('classes.setClassTeacher'), pack({ name: 'class.addTeacher', classId: details.id, classTeacher: true }))
      .text(ctx.t('classes.addSubjectTeacher'), pack({ name: 'class.addTeacher', classId: details.id, classTeacher: false }));
    await ctx.answerCallbackQuery();
    await ctx.reply(
      [ctx.t('classes.details', { name: details.name, children: details.children }), ...(teachers.length ? teachers : [ctx.t('classes.noTeachers')])].join('\n'),
      { reply_markup: keyboard },
    );
  });
});

onAction(classesFeature, 'class.addTeacher', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const actor = ctx.actor!;
    const details = await ctx.domain.schools.classDetails(actor, action.classId);
    const teachers = await ctx.domain.schools.teachersOfSchool(actor, details.schoolId);
    await ctx.answerCallbackQuery();
    if (teachers.length === 0) {
      await ctx.reply(ctx.t('classes.noTeachersToAssign'));
      return;
    }
    const choices = teachers.map((teacher) => [button(teacher.displayName, pack({ name: 'class.assign', classId: details.id, userId: teacher.userId, classTeacher: action.classTeacher }))]);
    await ctx.reply(ctx.t('classes.pickTeacher'), { reply_markup: keyboard(choices) });
  });
});

onAction(classesFeature, 'class.assign', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.schoolAdmin.assignTeacher(ctx.actor!, action.classId, action.userId, action.classTeacher);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('classes.assigned'));
  });
});
