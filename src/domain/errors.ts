/**
 * Every reason a domain rule refuses an action with. The chat layer words each one (its map
 * from reason to message is exhaustive, so a reason added here without a message fails to
 * compile); none carries personal data.
 */
export const REFUSAL_REASONS = [
  'forbidden',
  'archived',
  'notATeacher',
  'className',
  'classExists',
  'rateLimited',
  'noteSent',
  'tooLate',
  'noChildren',
  'slotTaken',
  'slotUnavailable',
  'weeklyCap',
  'callNotBooked',
  'callCancelled',
  'callNotYet',
  'quiet-hours-empty',
  'invite:unknown',
  'invite:expired',
  'invite:used',
  'invite:revoked',
  'invite:alreadyLinked',
  'invite:notPending',
  'staff:self',
  'staff:lastAdmin',
  'staff:notHeld',
  'letters:tooManyParts',
  'letters:tooMuchText',
  'letters:alreadyRead',
  'letters:notWaiting',
  'phone:notYours',
  'familyNote:noParents',
  'familyNote:sent',
  'checkIn:answered',
  'visit:over',
  'invalid:required',
  'invalid:tooLong',
  'invalid:control',
  'invalid:birthday',
  'invalid:birthdayAge',
  'invalid:parentsAway',
  'invalid:relation',
  'invalid:phone',
  'invalid:yesNo',
  'invalid:value',
  'invalid:visitDate',
  'invalid:cap',
  'invalid:duration',
  'invalid:category',
  'invalid:tooMany',
  'invalid:media',
  'invalid:urgent',
  'invalid:kind',
  'invalid:period',
  'invalid:range',
  'invalid:schoolDate',
  'invalid:contactDate',
  'invalid:hoursCount',
  'invalid:weekday',
  'invalid:hoursOrder',
  'invalid:slotLength',
  'invalid:overlap',
] as const;

/** A stable code for why a domain rule stopped an action. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** True when `code` (built at run time, e.g. from a schema's issue) is a known refusal reason. */
export function isRefusalReason(code: string): code is RefusalReason {
  return (REFUSAL_REASONS as readonly string[]).includes(code);
}

/**
 * A rule of the school stopped the action. `reason` is a stable code the chat layer
 * turns into a localized message; it never carries personal data.
 */
export class DomainError extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
    this.name = 'DomainError';
  }
}
