import { Composer } from 'grammy';
import type { KeptInput } from '../../domain/kept-messages.js';
import type { BotContext } from '../context.js';
import { explainingLetterRefusals, partFrom } from '../letter-views.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * Last in line: a message nothing else understood, or a button from an old message. What a
 * parent or guardian says outside any flow is kept and goes on with one tap.
 */
export const fallbackFeature = new Composer<BotContext>();

/** After the tap: the question loses its buttons, so the same messages cannot be sent twice from it. */
async function closeQuestion(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
}

onAction(fallbackFeature, 'kept.toChild', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const actor = ctx.actor!;
  await explainingLetterRefusals(ctx, async () => {
    const sent = await ctx.app.letters.sendKeptToChild(actor, action.childId);
    if (!sent) {
      await ctx.answerCallbackQuery({ text: ctx.t('kept.nothingWaiting') });
      return;
    }
    await closeQuestion(ctx);
    await replyWith(ctx, sent.reply);
  });
});

onAction(fallbackFeature, 'kept.toTeacher', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    const sent = await ctx.app.familyMessages.sendKeptToTeacher(actor, action.childId);
    if (!sent) {
      await ctx.answerCallbackQuery({ text: ctx.t('kept.nothingWaiting') });
      return;
    }
    await closeQuestion(ctx);
    await replyWith(ctx, sent.reply);
  });
});

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
});

/**
 * A parent's or guardian's text, voice note, photo or video outside a flow is kept and
 * answered with where it can go: "给小明" (a letter) or "给老师（王老师）". Messages sent in
 * a row wait together. Anything else (a sticker, a file, an unknown command) gets the
 * family's usual buttons; someone who follows no child is pointed to /help.
 */
fallbackFeature.on('message', async (ctx) => {
  const input: KeptInput | undefined = partFrom(ctx.message);
  const kept = ctx.actor && input ? await ctx.app.familyMessages.keep(ctx.actor, input) : null;
  await replyWith(ctx, kept ? kept.reply : await ctx.app.familyMessages.notUnderstood(ctx.actor));
});
