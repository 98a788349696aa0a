import { Composer, InputFile, type MiddlewareFn } from 'grammy';
import { nothingDeleted } from '../../app/my-data-replies.js';
import { say } from '../../i18n/words.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { editWith, replyWith } from '../reply.js';

/**
 * `/mydata`: a parent or guardian sees what Jiashu keeps about them and their children,
 * downloads it, or has it deleted. Buttons carry no ids: every press acts on the presser's
 * own records, read again from the database.
 */
export const myDataFeature = new Composer<BotContext>();

/**
 * Mounted before every feature: someone whose data was deleted who presses a button of an
 * old message (a check-in, a weekly note, a letter) is told so, and nothing behind the
 * button runs. Only the /mydata buttons (what is kept now) and the buttons of a new
 * invitation (joining again) still answer them.
 */
const STILL_ANSWERED = /^(mydata|join):/;

export const refuseErasedButtons: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery || !ctx.user?.erased || STILL_ANSWERED.test(ctx.callbackQuery.data ?? '')) return next();
  await ctx.answerCallbackQuery({ text: ctx.t('myData.erasedButton'), show_alert: true });
};

myDataFeature.command('mydata', async (ctx) => {
  if (!ctx.user) return;
  for (const message of await ctx.app.myData.view(ctx.actor!, ctx.locale)) await replyWith(ctx, message);
});

onAction(myDataFeature, 'myData.download', async (ctx, action) => {
  if (!ctx.user) return;
  const file = await ctx.app.myData.download(ctx.actor!, action.format);
  await ctx.answerCallbackQuery();
  await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), { caption: say(ctx.t, file.caption) });
});

onAction(myDataFeature, 'myData.delete', async (ctx) => {
  if (!ctx.user) return;
  const question = await ctx.app.myData.askToDelete(ctx.actor!);
  await ctx.answerCallbackQuery();
  await replyWith(ctx, question);
});

onAction(myDataFeature, 'myData.deleteYes', async (ctx) => {
  if (!ctx.user) return;
  const { counts, reply } = await ctx.app.myData.delete(ctx.actor!);
  ctx.log.info({ ...counts }, 'personal data deleted on request');
  await ctx.answerCallbackQuery();
  await editWith(ctx, reply);
});

onAction(myDataFeature, 'myData.deleteNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, nothingDeleted);
});
