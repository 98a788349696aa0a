import { Composer, InputFile } from 'grammy';
import { letterExportCancelled, makingExport } from '../../app/export-replies.js';
import type { FileReply } from '../../app/reply.js';
import { say } from '../../i18n/words.js';
import type { BotContext, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/**
 * `/export`: an admin picks children's files, contact logs or letters (metadata only) and
 * gets a CSV for Excel; or, for one child picked by class, that child's letters with their
 * content, after a confirmation. Every press names ids in untrusted callback data
 * (`exl:k:<class>`, `exl:c:<child>`, `exl:y:<child>`), so the domain re-checks each one.
 */
export const exportsFeature = new Composer<BotContext>();

function sendFile(ctx: ChatContext, file: FileReply) {
  return ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), { caption: say(ctx.t, file.caption) });
}

exportsFeature.command('export', async (ctx) => {
  if (!ctx.user) return void (await ctx.reply(refusalText(ctx.t, 'forbidden')));
  await replyWith(ctx, await ctx.app.exports.menu(ctx.actor!));
});

onAction(exportsFeature, 'export.kind', async (ctx, action) => {
  const { kind } = action;
  if (!ctx.user) return void (await ctx.answerCallbackQuery({ text: refusalText(ctx.t, 'forbidden'), show_alert: true }));
  await explainingRefusals(ctx, async () => {
    const { rows, file } = await ctx.app.exports.export(ctx.actor!, kind, ctx.locale);
    await ctx.answerCallbackQuery({ text: say(ctx.t, makingExport) });
    ctx.log.info({ kind, rows }, 'export sent');
    await sendFile(ctx, file);
  });
});

onAction(exportsFeature, 'export.pickClass', async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const picker = await ctx.app.exports.letterClasses(ctx.actor!);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, picker);
  });
});

onAction(exportsFeature, 'export.class', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const picker = await ctx.app.exports.letterChildren(ctx.actor!, action.classId, action.page ?? 0);
    await ctx.answerCallbackQuery();
    await editWith(ctx, picker);
  });
});

onAction(exportsFeature, 'export.child', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.exports.letterContentQuestion(ctx.actor!, action.childId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, question);
  });
});

onAction(exportsFeature, 'export.childYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { childId, rows, reply, file } = await ctx.app.exports.childLetters(ctx.actor!, action.childId, ctx.locale);
    await ctx.answerCallbackQuery({ text: say(ctx.t, makingExport) });
    ctx.log.info({ kind: 'letterContent', childId, rows }, 'export sent');
    await editWith(ctx, reply);
    await sendFile(ctx, file);
  });
});

onAction(exportsFeature, 'export.cancel', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, letterExportCancelled);
});
