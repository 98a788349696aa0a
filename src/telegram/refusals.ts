import { DomainError, type RefusalReason } from '../domain/errors.js';
import { refusalWords } from '../app/refusals.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { BotConversation, ChatContext } from './context.js';

/** The message that explains a refusal reason in the reader's language. */
export function refusalText(t: Translate, reason: RefusalReason): string {
  return say(t, refusalWords(reason));
}

/** Runs a domain call inside a conversation, once; a refusal comes back as its reason instead of throwing. */
export async function refusalOf<T>(conversation: BotConversation, task: () => Promise<T>): Promise<{ value: T } | { refused: RefusalReason }> {
  return conversation.external(async () => {
    try {
      return { value: await task() };
    } catch (error) {
      if (error instanceof DomainError) return { refused: error.reason };
      throw error;
    }
  });
}

/**
 * Runs a chat action and turns a domain refusal into a clear message in the user's
 * language (an alert on a button press). Anything else is a fault and goes on to the
 * error boundary.
 */
export async function explainingRefusals(ctx: ChatContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.log.info({ reason: error.reason }, 'action refused');
    const text = refusalText(ctx.t, error.reason);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else await ctx.reply(text);
  }
}

/** Reads a whole number from untrusted callback data; NaN when it is not one. */
export function idFrom(value: string | undefined): number {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}
