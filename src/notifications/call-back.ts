import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingButton } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { recordFamilyPhonesShown, type CallBackTarget, type FamilyPhone, type FreeHours } from '../domain/family-phones.js';
import { localDateOf } from '../domain/call-slots.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { inAnyLanguage } from '../i18n/language-facts.js';
import type { Relation } from '../db/generated/enums.js';
import type { Choice } from '../i18n/reply.js';
import type { Translate } from '../i18n/translator.js';
import { joined, say, verbatim, words, type Words } from '../i18n/words.js';
import { outgoingButtons } from './outgoing-buttons.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** "+86 138 0013 8000": a number grouped as people read it aloud, by its country's `phone.grouping` in the locale facts; others as stored. */
export function displayPhone(phone: string): string {
  for (const rules of inAnyLanguage((language) => (language.phone ? [language.phone] : []))) {
    const groups = phone.startsWith(`+${rules.callingCode}`) ? new RegExp(rules.grouping).exec(phone.slice(rules.callingCode.length + 1)) : null;
    if (groups) return [`+${rules.callingCode}`, ...groups.slice(1)].join(' ');
  }
  return phone;
}

/** "12:00–13:00" or "after 21:00", for any language. */
export function freeHoursWords(free: FreeHours): Words {
  if (free.end === 0) return words('phone.free.after', { time: formatTimeOfDay(free.start) });
  return words('phone.free.between', { from: formatTimeOfDay(free.start), to: formatTimeOfDay(free.end) });
}

/** "12:00–13:00" or "after 21:00", in the reader's language. */
export function freeHoursText(t: Translate, free: FreeHours): string {
  return say(t, freeHoursWords(free));
}

/** "陈静 (mother)": a family member as a phone line or a call-back choice names them. */
export function familyMemberWords(name: string, relation: Relation | null): Words {
  return relation ? words('phone.who', { name, relation: words(`relations.${relation}`) }) : verbatim(name);
}

/** How to call each family member, for any language: their number and usual free time, or that they left no number. */
export function phoneLinesWords(people: readonly FamilyPhone[]): Words[] {
  return people.map((person) => {
    const who = familyMemberWords(person.name, person.relation);
    if (!person.phone) return words('phone.noPhone', { who });
    const line = words('phone.line', { who, phone: displayPhone(person.phone) });
    return person.free ? joined([line, words('phone.usuallyFree', { free: freeHoursWords(person.free) })], '') : line;
  });
}

/** How to call each family member, in the reader's language. */
export function phoneLines(t: Translate, people: readonly FamilyPhone[]): string[] {
  return phoneLinesWords(people).map((line) => say(t, line));
}

/** An "ask to call back" choice for each family member who left no number, one to a row. */
export function callBackChoices(people: readonly FamilyPhone[]): Choice[][] {
  return people.filter((person) => !person.phone).map((person) => [{ label: words('phone.askCallBack', { who: familyMemberWords(person.name, person.relation) }), action: { name: 'phone.askCallBack', parentId: person.userId } }]);
}

/** The "ask to call back" choices as the outbox's buttons, in the reader's language. */
export function callBackButtons(t: Translate, people: readonly FamilyPhone[]): OutgoingButton[][] {
  return outgoingButtons(t, callBackChoices(people));
}

/** A message that shows family members' numbers to its recipient. */
export interface PhoneMessage {
  queued: QueuedMessage;
  shown: readonly FamilyPhone[];
}

/**
 * Queues messages one by one, so that each one newly queued (not queued before under its key)
 * that shows a family member's number is audit-logged for its reader. Returns how many were new.
 */
export async function queueShowingPhones(db: Db, messages: readonly PhoneMessage[], reason: string, now: Date): Promise<number> {
  let queued = 0;
  for (const { queued: message, shown } of messages) {
    if ((await queueMessages(db, [message], now)) === 0) continue;
    queued++;
    await recordFamilyPhonesShown(db, message.recipientId, shown, reason);
  }
  return queued;
}

/**
 * Asks a family member to call the school back or leave their number, once a day per asker:
 * a staff member pressed "ask to call back" under a message that asked them to call.
 */
export async function queueCallBackRequest(
  deps: RenderDeps & { db: Db },
  request: CallBackTarget,
  now: Date,
): Promise<number> {
  const t = translatorForRecipient(deps, request.parent);
  const message: QueuedMessage = {
    idempotencyKey: `call-back:${request.parent.userId}:${request.askedById}:${localDateOf(now, request.timezone)}`,
    recipientId: request.parent.userId,
    message: {
      kind: 'text',
      text: t('phone.callBack', { teacher: request.askedBy, child: request.childName }),
      buttons: [[{ text: t('phone.leaveNumber'), data: pack({ name: 'phone.share' }) }]],
    },
  };
  return queueMessages(deps.db, [message], now);
}
