import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { checkInThanks, textOrVoice } from '../../app/check-in-replies.js';
import type { Reply } from '../../app/reply.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { submitUntilAccepted, waitForAnswer } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/**
 * The parent's side of the monthly check-in: each button press is re-checked by the app,
 * saved, and replaces the question with the next one (talk → worries → coming home → call),
 * then an optional text or voice note for the teacher, or "skip". "Answer now" under the
 * reminder brings back the question the parent stopped at; late answers are welcome.
 * A guardian at home answers one question instead (good / so-so / worrying); a worrying
 * answer tells the teacher at once, and a voice note may follow as after the parents' questions.
 */
export const checkInsFeature = new Composer<BotContext>();

/**
 * The next step of the note for the teacher: "skip" closes the check-in with thanks; a
 * command or another button leaves the note and goes on to the rest of the bot.
 */
async function noteStep(conversation: BotConversation, checkInId: number, childName: string): Promise<ChatContext> {
  const step = await conversation.wait();
  const data = step.callbackQuery?.data;
  if (data === pack({ name: 'checkIn.skip', checkInId })) {
    await step.answerCallbackQuery();
    await editWith(step, checkInThanks(childName));
    return conversation.halt();
  }
  if (data !== undefined || step.message?.text?.startsWith('/')) return conversation.halt({ next: true });
  return step;
}

/** The optional last step: a text or voice note for the teacher, or "skip"; the prompt then reads only thanks. */
async function checkInMessage(conversation: BotConversation, ctx: ChatContext, checkInId: number, childName: string, promptId: number) {
  const actor = ctx.actor!;
  const ask = () =>
    waitForAnswer(
      () => noteStep(conversation, checkInId, childName),
      (step) => (step.message?.text ? { text: step.message.text } : step.message?.voice ? { voiceFileId: step.message.voice.file_id } : undefined),
      async (step) => {
        if (step.message) await replyWith(step, textOrVoice());
      },
    );
  const sent = await submitUntilAccepted(
    conversation,
    ask,
    async (note) => (await ctx.app.checkIns.addMessage(actor, checkInId, note.value)).reply,
    (note, refused) => note.at.reply(refusalText(note.at.t, refused)),
  );
  if (!sent) return;
  const { at } = sent.answer;
  await at.api.editMessageText(at.chat!.id, promptId, say(at.t, checkInThanks(childName).words));
  await replyWith(at, sent.value);
}

checkInsFeature.use(createConversation(checkInMessage, 'check-in-message'));

/** Answers the press and puts the app's next question (or thanks) in place of the pressed one. */
async function showInstead(ctx: ChatContext, next: Reply): Promise<void> {
  await ctx.answerCallbackQuery();
  await editWith(ctx, next);
}

onAction(checkInsFeature, 'checkIn.talk', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showInstead(ctx, (await ctx.app.checkIns.answerTalk(ctx.actor!, action.checkInId, action.often)).reply);
  });
});

onAction(checkInsFeature, 'checkIn.worry', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showInstead(ctx, await ctx.app.checkIns.tickWorries(ctx.actor!, action.checkInId, action.mask));
  });
});

onAction(checkInsFeature, 'checkIn.worriesDone', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showInstead(ctx, (await ctx.app.checkIns.answerWorries(ctx.actor!, action.checkInId, action.mask)).reply);
  });
});

onAction(checkInsFeature, 'checkIn.home', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showInstead(ctx, (await ctx.app.checkIns.answerComingHome(ctx.actor!, action.checkInId, action.month)).reply);
  });
});

/** The last answer's thanks, with the optional note for the teacher waited for in place of the pressed question. */
async function offerMessage(ctx: ChatContext & BotContext, answered: { summary: { id: number; childName: string }; reply: Reply }): Promise<void> {
  await showInstead(ctx, answered.reply);
  await ctx.conversation.enter('check-in-message', answered.summary.id, answered.summary.childName, ctx.callbackQuery!.message!.message_id);
}

onAction(checkInsFeature, 'checkIn.call', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await offerMessage(ctx, await ctx.app.checkIns.answerWantsCall(ctx.actor!, action.checkInId, action.answer === 'YES'));
  });
});

onAction(checkInsFeature, 'checkIn.atHome', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await offerMessage(ctx, await ctx.app.checkIns.answerAtHome(ctx.actor!, action.checkInId, action.answer));
  });
});

onAction(checkInsFeature, 'checkIn.skip', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showInstead(ctx, await ctx.app.checkIns.skipMessage(ctx.actor!, action.checkInId));
  });
});

onAction(checkInsFeature, 'checkIn.open', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const resumed = await ctx.app.checkIns.resume(ctx.actor!, action.checkInId);
    if ('notice' in resumed) return void (await ctx.answerCallbackQuery({ text: say(ctx.t, resumed.notice) }));
    await ctx.answerCallbackQuery();
    await replyWith(ctx, resumed.question);
  });
});
