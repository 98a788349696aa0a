import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import { childFieldOrder, childFieldSchemas, type ChildField, type NewChild } from '../../domain/child-fields.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { renderChildFields } from '../child-card.js';
import { button, grid, keyboard } from '../keyboards.js';

/**
 * `/addchild`: a teacher fills in a child's file one question at a time. Each answer is
 * checked at once and asked again with the reason; nothing is saved before "Save", so
 * `/cancel` leaves nothing half-done.
 */
export const childFormFeature = new Composer<BotContext>();

const choices: Partial<Record<ChildField, readonly string[]>> = {
  parentsAway: ['FATHER', 'MOTHER', 'BOTH', 'NONE'],
  guardianRelation: ['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'],
  boarding: ['YES', 'NO'],
};
const optional: readonly ChildField[] = ['workCity', 'notes'];

function choiceLabel(t: ChatContext['t'], field: ChildField, value: string): string {
  if (field === 'parentsAway') return t(`parentsAway.${value as 'BOTH'}`);
  if (field === 'guardianRelation') return t(`relations.${value as 'MOTHER'}`);
  return t(value === 'YES' ? 'childFile.yes' : 'childFile.no');
}

/** The buttons offered with a question: the field's choices, or "Skip" for optional fields. */
export function answerKeyboard(t: ChatContext['t'], field: ChildField): InlineKeyboard | undefined {
  const buttons = (choices[field] ?? []).map((value) => button(choiceLabel(t, field, value), pack({ name: 'form.choice', value })));
  if (optional.includes(field)) buttons.push(button(t('childForm.skip'), pack({ name: 'form.choice', value: '' })));
  return keyboard([buttons]);
}

/** Waits for a pressed choice or a typed answer to the current question. */
export async function waitForAnswer(conversation: BotConversation, field: ChildField): Promise<{ ctx: ChatContext; input: string }> {
  for (;;) {
    const ctx = await conversation.wait();
    const pressed = unpack(ctx.callbackQuery?.data ?? '');
    if (pressed?.name === 'form.choice') {
      await ctx.answerCallbackQuery();
      return { ctx, input: pressed.value };
    }
    if (ctx.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    if (ctx.message?.text !== undefined) return { ctx, input: ctx.message.text };
    await ctx.reply(ctx.t('childForm.textPlease'), { reply_markup: answerKeyboard(ctx.t, field) });
  }
}

async function addChild(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const classes = await conversation.external(() => ctx.domain.schools.classesOf(actor));
  if (classes.length === 0) {
    await ctx.reply(ctx.t('childForm.noClass'));
    return;
  }
  let classId = classes[0]!.id;
  if (classes.length > 1) {
    const classOf = new Map(classes.map((each) => [pack({ name: 'form.class', classId: each.id }), each.id]));
    const buttons = classes.map((each) => button(each.name, pack({ name: 'form.class', classId: each.id })));
    await ctx.reply(ctx.t('childForm.askClass'), { reply_markup: keyboard(grid(buttons, 3)) });
    const pick = await conversation.waitForCallbackQuery([...classOf.keys()], {
      otherwise: (other) => other.reply(other.t('childForm.pickClass')),
    });
    await pick.answerCallbackQuery();
    classId = classOf.get(pick.callbackQuery.data) ?? classId;
  }
  const now = await conversation.external(() => ctx.domain.clock().getTime());
  const schemas = childFieldSchemas(() => new Date(now));
  const values: Partial<Record<ChildField, unknown>> = {};
  for (const field of childFieldOrder) {
    await ctx.reply(ctx.t(`childForm.ask.${field}`), { reply_markup: answerKeyboard(ctx.t, field) });
    for (;;) {
      const { ctx: answer, input } = await waitForAnswer(conversation, field);
      const parsed = schemas[field].safeParse(input);
      if (parsed.success) {
        values[field] = parsed.data;
        break;
      }
      const reason = parsed.error.issues[0]?.message ?? 'required';
      await answer.reply(`${ctx.t(`childFile.invalid.${reason as 'required'}`)}\n${ctx.t(`childForm.ask.${field}`)}`, {
        reply_markup: answerKeyboard(ctx.t, field),
      });
    }
  }
  const child = values as NewChild;
  const className = classes.find((each) => each.id === classId)?.name ?? '';
  const summary = [ctx.t('childForm.summary', { className }), ...renderChildFields(ctx.t, childFieldOrder, child)].join('\n');
  await ctx.reply(summary, {
    reply_markup: new InlineKeyboard().text(ctx.t('childForm.save'), pack({ name: 'form.save' })).text(ctx.t('childForm.discard'), pack({ name: 'form.discard' })),
  });
  const decision = await conversation.waitForCallbackQuery([pack({ name: 'form.save' }), pack({ name: 'form.discard' })], {
    otherwise: (other) => other.reply(other.t('childForm.saveOrDiscard')),
  });
  await decision.answerCallbackQuery();
  await decision.editMessageReplyMarkup();
  if (decision.callbackQuery.data === pack({ name: 'form.discard' })) {
    await ctx.reply(ctx.t('childForm.discarded'));
    return;
  }
  const saved = await conversation.external(() => ctx.app.children.add(actor, classId, child));
  await ctx.reply(ctx.t('childForm.saved', { name: child.name }), {
    reply_markup: new InlineKeyboard().text(ctx.t('childFile.inviteFamily'), pack({ name: 'invite.familyChild', childId: saved.id })).text(ctx.t('childFile.open'), pack({ name: 'child.view', childId: saved.id })),
  });
}

childFormFeature.use(createConversation(addChild, 'add-child'));

childFormFeature.command('addchild', async (ctx) => {
  await ctx.conversation.enter('add-child');
});
