import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingButton } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { recordFamilyPhonesShown, type CallBackTarget, type FamilyPhone, type FreeHours } from '../domain/family-phones.js';
import { localDateOf } from '../domain/call-slots.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { inAnyLanguage } from '../i18n/language-facts.js';
import type { Translate } from '../i18n/translator.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** "+86 138 0013 8000": a number grouped as people read it aloud, by its country's `phone.grouping` in the locale facts; others as stored. */
export function displayPhone(phone: string): string {
  for (const rules of inAnyLanguage((language) => (language.phone ? [language.phone] : []))) {
    const groups = phone.startsWith(`+${rules.callingCode}`) ? new RegExp(rules.grouping).exec(phone.slice(rules.callingCode.length + 1)) : null;
    if (groups) return [`+${rules.callingCode}`, ...groups.slice(1)].join(' ');
  }
  return phone;
}

/** "12:00–13:00" or "after 21:00", in the reader's language. */
export function freeHoursText(t: Translate, free: FreeHours): string {
  if (free.end === 0) return t('phone.free.after', { time: formatTimeOfDay(free.start) });
  return t('phone.free.between', { from: formatTimeOfDay(free.start), to: formatTimeOfDay(free.end) });
}

function whoOf(t: Translate, person: FamilyPhone): string {
  return person.relation ? t('phone.who', { name: person.name, relation: t(`relations.${person.relation}`) }) : person.name;
}

/** How to call each family member: their number and usual free time, or that they left no number. */
export function phoneLines(t: Translate, people: readonly FamilyPhone[]): string[] {
  return people.map((person) => {
    const who = whoOf(t, person);
    if (!person.phone) return t('phone.noPhone', { who });
    const line = t('phone.line', { who, phone: displayPhone(person.phone) });
    return person.free ? `${line}${t('phone.usuallyFree', { free: freeHoursText(t, person.free) })}` : line;
  });
}

/** An "ask to call back" button for each family member who left no number. */
export function callBackButtons(t: Translate, people: readonly FamilyPhone[]): OutgoingButton[][] {
  return people.filter((person) => !person.phone).map((person) => [{ text: t('phone.askCallBack', { who: whoOf(t, person) }), data: pack({ name: 'phone.askCallBack', parentId: person.userId }) }]);
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
