import type { RefusalReason } from '../domain/errors.js';
import { LETTER_LIMITS } from '../domain/letters.js';
import { words, type Words } from '../i18n/words.js';

/**
 * Each reason a domain rule may refuse with, and the message that explains it. A `Record`
 * over the union, so a reason added to the domain without a message fails to compile.
 */
const refusalMessages: Record<RefusalReason, Words> = {
  forbidden: words('refusals.forbidden'),
  archived: words('refusals.archived'),
  notATeacher: words('refusals.notATeacher'),
  className: words('refusals.className'),
  classExists: words('refusals.classExists'),
  rateLimited: words('refusals.rateLimited'),
  noteSent: words('refusals.noteSent'),
  tooLate: words('updates.tooLate'),
  noChildren: words('updates.noChildrenInClass'),
  slotTaken: words('calls.refusals.slotTaken'),
  slotUnavailable: words('calls.refusals.slotUnavailable'),
  weeklyCap: words('calls.refusals.weeklyCap'),
  callNotBooked: words('calls.refusals.callNotBooked'),
  callCancelled: words('calls.refusals.callCancelled'),
  callNotYet: words('calls.refusals.callNotYet'),
  'quiet-hours-empty': words('refusals.quietHoursEmpty'),
  'invite:unknown': words('refusals.inviteUnknown'),
  'invite:expired': words('refusals.inviteExpired'),
  'invite:used': words('refusals.inviteUsed'),
  'invite:revoked': words('refusals.inviteRevoked'),
  'invite:alreadyLinked': words('refusals.inviteAlreadyLinked'),
  'invite:notPending': words('refusals.inviteNotPending'),
  'staff:self': words('staff.self'),
  'staff:lastAdmin': words('staff.lastAdmin'),
  'staff:notHeld': words('staff.notHeld'),
  'letters:tooManyParts': words('letters.refusals.tooManyParts', { max: LETTER_LIMITS.parts }),
  'letters:tooMuchText': words('letters.refusals.tooMuchText', { max: LETTER_LIMITS.characters }),
  'letters:alreadyRead': words('letters.refusals.alreadyRead'),
  'letters:notWaiting': words('letters.refusals.notWaiting'),
  'phone:notYours': words('phone.notYours'),
  'familyNote:noParents': words('familyNotes.noParents'),
  'familyNote:sent': words('familyNotes.alreadySent'),
  'checkIn:answered': words('checkIns.answered'),
  'visit:over': words('homeVisits.over'),
  'invalid:required': words('childFile.invalid.required'),
  'invalid:tooLong': words('childFile.invalid.tooLong'),
  'invalid:control': words('childFile.invalid.control'),
  'invalid:birthday': words('childFile.invalid.birthday'),
  'invalid:birthdayAge': words('childFile.invalid.birthdayAge'),
  'invalid:parentsAway': words('childFile.invalid.parentsAway'),
  'invalid:relation': words('childFile.invalid.relation'),
  'invalid:phone': words('childFile.invalid.phone'),
  'invalid:yesNo': words('childFile.invalid.yesNo'),
  'invalid:value': words('refusals.invalid.value'),
  'invalid:visitDate': words('refusals.invalid.visitDate'),
  'invalid:cap': words('refusals.invalid.cap'),
  'invalid:duration': words('refusals.invalid.duration'),
  'invalid:category': words('refusals.invalid.category'),
  'invalid:tooMany': words('refusals.invalid.tooMany'),
  'invalid:media': words('refusals.invalid.media'),
  'invalid:urgent': words('refusals.invalid.urgent'),
  'invalid:kind': words('refusals.invalid.kind'),
  'invalid:period': words('refusals.invalid.period'),
  'invalid:range': words('refusals.invalid.range'),
  'invalid:schoolDate': words('refusals.invalid.schoolDate'),
  'invalid:contactDate': words('refusals.invalid.contactDate'),
  'invalid:hoursCount': words('calls.hours.problems.hoursCount'),
  'invalid:weekday': words('calls.hours.problems.weekday'),
  'invalid:hoursOrder': words('calls.hours.problems.hoursOrder'),
  'invalid:slotLength': words('calls.hours.problems.slotLength'),
  'invalid:overlap': words('calls.hours.problems.overlap'),
};

/** The words that explain a refusal reason, for any channel to say. */
export function refusalWords(reason: RefusalReason): Words {
  return refusalMessages[reason];
}
