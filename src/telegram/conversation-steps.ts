import { unpack, type Action, type ActionName } from '../actions/index.js';
import type { RefusalReason } from '../domain/errors.js';
import { say, type Words } from '../i18n/words.js';
import type { BotConversation, ChatContext } from './context.js';
import { refusalOf } from './refusals.js';

/**
 * The one "ask until the domain takes it" loop the conversations share: waits for an answer
 * with `ask`, hands it to `submit` once (through `refusalOf`, so inside `conversation.external`),
 * tells a refusal with `explain`, and asks again only when the refusal is about the answer
 * itself (`invalid:*`). Returns the accepted value with the answer it came from, or undefined
 * after a refusal that asking again cannot fix.
 */
export async function submitUntilAccepted<A, T>(
  conversation: BotConversation,
  ask: () => Promise<A>,
  submit: (answer: A) => Promise<T>,
  explain: (answer: A, refused: RefusalReason) => Promise<unknown>,
): Promise<{ value: T; answer: A } | undefined> {
  for (;;) {
    const answer = await ask();
    const outcome = await refusalOf(conversation, () => submit(answer));
    if ('value' in outcome) return { value: outcome.value, answer };
    await explain(answer, outcome.refused);
    if (!outcome.refused.startsWith('invalid:')) return undefined;
  }
}

/**
 * The one-tap question the conversations share: waits for a press of the named action's
 * button, answers it and takes the buttons away; anything else (a message, another button)
 * leaves the conversation and goes on to the rest of the bot.
 */
export async function pressedOrLeave<N extends ActionName>(conversation: BotConversation, name: N): Promise<{ action: Action<N>; at: ChatContext }> {
  const at = await conversation.wait();
  const pressed = unpack(at.callbackQuery?.data ?? '');
  if (pressed?.name !== name) return conversation.halt({ next: true });
  await at.answerCallbackQuery();
  await at.editMessageReplyMarkup();
  return { action: pressed as Action<N>, at };
}

/**
 * The "press one of these buttons" wait the conversations share: takes steps from `next`
 * (which decides what a command does) until one is a press of the named action, nudging
 * after anything else. The caller answers the press, as it may still refuse the choice.
 */
export async function waitForPress<N extends ActionName>(next: () => Promise<ChatContext>, name: N, nudge: (step: ChatContext) => Promise<unknown>): Promise<{ action: Action<N>; at: ChatContext }> {
  for (;;) {
    const step = await next();
    const action = unpack(step.callbackQuery?.data ?? '');
    if (action?.name === name) return { action: action as Action<N>, at: step };
    await nudge(step);
  }
}

/**
 * The "press a choice or type the answer" question the conversations share: waits until a
 * press of the named action (answered at once) or a typed message gives an answer `read`
 * accepts; a command or another button goes on to the rest of the bot, and an answer `read`
 * turns down is explained in its words before waiting again.
 */
export async function pressedOrTyped<N extends ActionName, T>(
  conversation: BotConversation,
  name: N,
  read: (answer: { pressed: Action<N> } | { typed: string | undefined }) => { value: T } | { retry: Words },
): Promise<T> {
  for (;;) {
    const step = await conversation.wait();
    const action = unpack(step.callbackQuery?.data ?? '');
    const pressed = action?.name === name ? (action as Action<N>) : undefined;
    if (step.callbackQuery && !pressed) await conversation.skip({ next: true });
    if (pressed) await step.answerCallbackQuery();
    const text = step.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    const answer = read(pressed ? { pressed } : { typed: text });
    if ('value' in answer) return answer.value;
    await step.reply(say(step.t, answer.retry));
  }
}

/** The next step of a conversation; a command leaves it and goes on to the command's handler. */
export async function stepOrLeave(conversation: BotConversation): Promise<ChatContext> {
  const step = await conversation.wait();
  if (step.message?.text?.startsWith('/')) await conversation.halt({ next: true });
  return step;
}

/**
 * The "wait for an answer that makes sense here" loop the conversations share, for answers
 * checked in the chat itself (one of the days offered, a typed date, a note short enough):
 * takes steps from `next` until `accept` takes one, nudging after anything else. The caller
 * answers an accepted press.
 */
export async function waitForAnswer<T>(next: () => Promise<ChatContext>, accept: (step: ChatContext) => T | undefined, nudge: (step: ChatContext) => Promise<unknown>): Promise<{ value: T; at: ChatContext }> {
  for (;;) {
    const step = await next();
    const value = accept(step);
    if (value !== undefined) return { value, at: step };
    await nudge(step);
  }
}
