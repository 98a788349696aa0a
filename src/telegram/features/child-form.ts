import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import {
  answerAgain,
  classQuestion,
  fieldQuestion,
  formDiscarded,
  formSummary,
  pickClassPlease,
  saveOrDiscardPlease,
  textPlease,
} from '../../app/child-replies.js';
import { childFieldOrder, childFieldSchemas, type ChildField, type NewChild } from '../../domain/child-fields.js';
import type { ClassView } from '../../domain/schools.js';
import { words } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { waitForPress } from '../conversation-steps.js';
import { replyWith } from '../reply.js';

/**
 * `/addchild`: a teacher fills in a child's file one question at a time. Each answer is
 * checked at once and asked again with the reason; nothing is saved before "Save", so
 * `/cancel` leaves nothing half-done.
 */
export const childFormFeature = new Composer<BotContext>();

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
    await replyWith(ctx, textPlease(field));
  }
}

/** Which class the child is in: the only one, or the one pressed among several. */
async function classOfChild(conversation: BotConversation, ctx: ChatContext, classes: readonly ClassView[]): Promise<number> {
  if (classes.length === 1) return classes[0]!.id;
  await replyWith(ctx, classQuestion(classes));
  const nudge = (step: ChatContext) => replyWith(step, pickClassPlease());
  for (;;) {
    const { action, at } = await waitForPress(() => conversation.wait(), 'form.class', nudge);
    if (classes.some((each) => each.id === action.classId)) {
      await at.answerCallbackQuery();
      return action.classId;
    }
    await nudge(at);
  }
}

async function addChild(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const addable = await conversation.external(() => ctx.app.children.classesToAddTo(actor));
  if ('reply' in addable) {
    await replyWith(ctx, addable.reply);
    return;
  }
  const { classes } = addable;
  const classId = await classOfChild(conversation, ctx, classes);
  const now = await conversation.external(() => ctx.app.clock().getTime());
  const schemas = childFieldSchemas(() => new Date(now));
  const values: Partial<Record<ChildField, unknown>> = {};
  for (const field of childFieldOrder) {
    await replyWith(ctx, fieldQuestion(field));
    for (;;) {
      const { ctx: answer, input } = await waitForAnswer(conversation, field);
      const parsed = schemas[field].safeParse(input);
      if (parsed.success) {
        values[field] = parsed.data;
        break;
      }
      const reason = parsed.error.issues[0]?.message ?? 'required';
      await replyWith(answer, answerAgain(field, words(`childFile.invalid.${reason as 'required'}`)));
    }
  }
  const child = values as NewChild;
  await replyWith(ctx, formSummary(classes.find((each) => each.id === classId)?.name ?? '', child));
  const decision = await conversation.waitForCallbackQuery([pack({ name: 'form.save' }), pack({ name: 'form.discard' })], {
    otherwise: (other) => replyWith(other, saveOrDiscardPlease()),
  });
  await decision.answerCallbackQuery();
  await decision.editMessageReplyMarkup();
  if (decision.callbackQuery.data === pack({ name: 'form.discard' })) {
    await replyWith(ctx, formDiscarded());
    return;
  }
  const saved = await conversation.external(() => ctx.app.children.add(actor, classId, child));
  await replyWith(ctx, saved.reply);
}

childFormFeature.use(createConversation(addChild, 'add-child'));

childFormFeature.command('addchild', async (ctx) => {
  await ctx.conversation.enter('add-child');
});
