import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { unpack } from '../../actions/index.js';
import { askQuietEnd, askQuietStart, quietTimeNudge } from '../../app/settings-replies.js';
import type { Reply } from '../../app/reply.js';
import { parseTimeOfDay, type MinuteOfDay } from '../../domain/time-of-day.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { waitForAnswer } from '../conversation-steps.js';
import { replyWith } from '../reply.js';

/**
 * `/quiet`: when the bot must not write to this person (night shift, sleep). Any hour can
 * be pressed, so nobody has to type; typing `22:30` works too.
 */
export const quietHoursFeature = new Composer<BotContext>();

/** Reads a pressed hour, "off", or a typed time from one update; undefined if it is none. */
function answerOf(ctx: ChatContext): MinuteOfDay | 'off' | undefined {
  const pressed = unpack(ctx.callbackQuery?.data ?? '');
  if (pressed?.name === 'quiet.off') return 'off';
  if (pressed?.name === 'quiet.at') return pressed.hour * 60;
  const text = ctx.message?.text;
  return text === undefined ? undefined : parseTimeOfDay(text);
}

/**
 * Waits until the user presses an hour or types a time that `accept` takes, explaining what
 * is wanted meanwhile. Every press is answered; a command goes on to its handler and the
 * question keeps waiting.
 */
async function askTime<T>(conversation: BotConversation, accept: (answer: MinuteOfDay | 'off' | undefined) => T | undefined, nudge: (step: ChatContext) => Reply): Promise<T> {
  const next = async () => {
    const step = await conversation.wait();
    if (step.callbackQuery) await step.answerCallbackQuery();
    return step;
  };
  const { value } = await waitForAnswer(next, (step) => accept(answerOf(step)), async (step) => {
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    await replyWith(step, nudge(step));
  });
  return value;
}

/**
 * Asks for the start and end of the quiet hours (any hour pressed, or typed) and saves them;
 * "no quiet hours" clears them. Used by /quiet (after `question`, the hours as they are) and
 * by joining's "other times".
 */
export async function askQuietHours(conversation: BotConversation, ctx: ChatContext, question: Reply = askQuietStart()): Promise<void> {
  const actor = ctx.actor!;
  await replyWith(ctx, question);
  const start = await askTime(conversation, (answer) => answer, (step) => quietTimeNudge(step.message?.text));
  if (start === 'off') {
    const cleared = await conversation.external(() => ctx.app.settings.setQuietHours(actor, null));
    await replyWith(ctx, cleared.reply);
    return;
  }
  await replyWith(ctx, askQuietEnd());
  const end = await askTime(
    conversation,
    (answer) => (answer === undefined || answer === 'off' || answer === start ? undefined : answer),
    (step) => quietTimeNudge(step.message?.text, answerOf(step) === start ? start : undefined),
  );
  const saved = await conversation.external(() => ctx.app.settings.setQuietHours(actor, { start, end }));
  await replyWith(ctx, saved.reply);
}

async function quietHours(conversation: BotConversation, ctx: ChatContext) {
  const question = await conversation.external(() => ctx.app.settings.quietHoursQuestion(ctx.actor!));
  await askQuietHours(conversation, ctx, question);
}

quietHoursFeature.use(createConversation(quietHours, 'quiet-hours'));

quietHoursFeature.command('quiet', async (ctx) => {
  await ctx.conversation.enter('quiet-hours');
});
