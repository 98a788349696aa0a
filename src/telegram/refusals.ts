import { DomainError } from '../domain/errors.js';
import type { Translate } from '../i18n/translator.js';
import type { BotConversation, ChatContext } from './context.js';

/** Each reason a domain rule may refuse with, and the message that explains it. */
const refusalMessages = {
  forbidden: 'refusals.forbidden',
  archived: 'refusals.archived',
  notATeacher: 'refusals.notATeacher',
  className: 'refusals.className',
  classExists: 'refusals.classExists',
  rateLimited: 'refusals.rateLimited',
  'invite:unknown': 'refusals.inviteUnknown',
  'invite:expired': 'refusals.inviteExpired',
  'invite:used': 'refusals.inviteUsed',
  'invite:revoked': 'refusals.inviteRevoked',
  'invite:alreadyLinked': 'refusals.inviteAlreadyLinked',
  'invite:notPending': 'refusals.inviteNotPending',
  noteSent: 'refusals.noteSent',
  tooLate: 'updates.tooLate',
  noChildren: 'updates.noChildrenInClass',
  slotTaken: 'calls.refusals.slotTaken',
  slotUnavailable: 'calls.refusals.slotUnavailable',
  weeklyCap: 'calls.refusals.weeklyCap',
  callNotBooked: 'calls.refusals.callNotBooked',
  callCancelled: 'calls.refusals.callCancelled',
  callNotYet: 'calls.refusals.callNotYet',
} as const;

type Reason = keyof typeof refusalMessages;

function isKnownReason(reason: string): reason is Reason {
  return reason in refusalMessages;
}

const invalidValueReasons = ['required', 'tooLong', 'control', 'birthday', 'birthdayAge', 'parentsAway', 'relation', 'phone', 'yesNo'] as const;

/** The message that explains a refusal reason in the reader's language; `invalid:<why>` explains the bad value. */
export function refusalText(t: Translate, reason: string): string {
  const invalid = reason.startsWith('invalid:') ? reason.slice('invalid:'.length) : undefined;
  const known = invalidValueReasons.find((why) => why === invalid);
  if (known) return t(`childFile.invalid.${known}`);
  return t(isKnownReason(reason) ? refusalMessages[reason] : 'refusals.forbidden');
}

/** Runs a domain call inside a conversation, once; a refusal comes back as its reason instead of throwing. */
export async function refusalOf<T>(conversation: BotConversation, task: () => Promise<T>): Promise<{ value: T } | { refused: string }> {
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
