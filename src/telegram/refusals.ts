import { DomainError, type RefusalReason } from '../domain/errors.js';
import { LETTER_LIMITS } from '../domain/letters.js';
import type { ParseKeys } from 'i18next';
import type { Translate } from '../i18n/translator.js';
import type { BotConversation, ChatContext } from './context.js';

/** A message key, or the wording of a message that needs a number filled in. */
type Wording = ParseKeys | ((t: Translate) => string);

/**
 * Each reason a domain rule may refuse with, and the message that explains it. A `Record`
 * over the union, so a reason added to the domain without a message fails to compile.
 */
const refusalMessages: Record<RefusalReason, Wording> = {
  forbidden: 'refusals.forbidden',
  archived: 'refusals.archived',
  notATeacher: 'refusals.notATeacher',
  className: 'refusals.className',
  classExists: 'refusals.classExists',
  rateLimited: 'refusals.rateLimited',
  noteSent: 'refusals.noteSent',
  tooLate: 'updates.tooLate',
  noChildren: 'updates.noChildrenInClass',
  slotTaken: 'calls.refusals.slotTaken',
  slotUnavailable: 'calls.refusals.slotUnavailable',
  weeklyCap: 'calls.refusals.weeklyCap',
  callNotBooked: 'calls.refusals.callNotBooked',
  callCancelled: 'calls.refusals.callCancelled',
  callNotYet: 'calls.refusals.callNotYet',
  'quiet-hours-empty': 'refusals.quietHoursEmpty',
  'invite:unknown': 'refusals.inviteUnknown',
  'invite:expired': 'refusals.inviteExpired',
  'invite:used': 'refusals.inviteUsed',
  'invite:revoked': 'refusals.inviteRevoked',
  'invite:alreadyLinked': 'refusals.inviteAlreadyLinked',
  'invite:notPending': 'refusals.inviteNotPending',
  'staff:self': 'staff.self',
  'staff:lastAdmin': 'staff.lastAdmin',
  'staff:notHeld': 'staff.notHeld',
  'letters:tooManyParts': (t) => t('letters.refusals.tooManyParts', { max: LETTER_LIMITS.parts }),
  'letters:tooMuchText': (t) => t('letters.refusals.tooMuchText', { max: LETTER_LIMITS.characters }),
  'letters:alreadyRead': 'letters.refusals.alreadyRead',
  'letters:notWaiting': 'letters.refusals.notWaiting',
  'phone:notYours': 'phone.notYours',
  'familyNote:noParents': 'familyNotes.noParents',
  'familyNote:sent': 'familyNotes.alreadySent',
  'checkIn:answered': 'checkIns.answered',
  'visit:over': 'homeVisits.over',
  'invalid:required': 'childFile.invalid.required',
  'invalid:tooLong': 'childFile.invalid.tooLong',
  'invalid:control': 'childFile.invalid.control',
  'invalid:birthday': 'childFile.invalid.birthday',
  'invalid:birthdayAge': 'childFile.invalid.birthdayAge',
  'invalid:parentsAway': 'childFile.invalid.parentsAway',
  'invalid:relation': 'childFile.invalid.relation',
  'invalid:phone': 'childFile.invalid.phone',
  'invalid:yesNo': 'childFile.invalid.yesNo',
  'invalid:value': 'refusals.invalid.value',
  'invalid:visitDate': 'refusals.invalid.visitDate',
  'invalid:cap': 'refusals.invalid.cap',
  'invalid:duration': 'refusals.invalid.duration',
  'invalid:category': 'refusals.invalid.category',
  'invalid:tooMany': 'refusals.invalid.tooMany',
  'invalid:media': 'refusals.invalid.media',
  'invalid:urgent': 'refusals.invalid.urgent',
  'invalid:kind': 'refusals.invalid.kind',
  'invalid:period': 'refusals.invalid.period',
  'invalid:range': 'refusals.invalid.range',
  'invalid:schoolDate': 'refusals.invalid.schoolDate',
  'invalid:contactDate': 'refusals.invalid.contactDate',
  'invalid:hoursCount': 'calls.hours.problems.hoursCount',
  'invalid:weekday': 'calls.hours.problems.weekday',
  'invalid:hoursOrder': 'calls.hours.problems.hoursOrder',
  'invalid:slotLength': 'calls.hours.problems.slotLength',
  'invalid:overlap': 'calls.hours.problems.overlap',
};

/** The message that explains a refusal reason in the reader's language. */
export function refusalText(t: Translate, reason: RefusalReason): string {
  const wording = refusalMessages[reason];
  return typeof wording === 'string' ? t(wording) : wording(t);
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
