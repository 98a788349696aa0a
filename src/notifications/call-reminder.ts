import type { Db } from '../db/client.js';
import type { QueuedMessage } from '../delivery/outbox.js';
import { familyPhone } from '../domain/family-phones.js';
import { callBackButtons, phoneLines, queueShowingPhones, type PhoneMessage } from './call-back.js';
import type { DueReminder } from '../domain/calls.js';
import { callTime } from '../i18n/call-time.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** The outbox key of a call's reminder to one person: one reminder per call and person, ever. */
function callReminderKey(bookingId: number, userId: number): string {
  return `call-reminder:${bookingId}:${userId}`;
}

/**
 * The reminders of calls that start soon: one to the parent who booked, one to each keeper
 * (with the parent's number, or "ask to call back" when they left none), each in their language.
 */
async function reminderMessages(deps: RenderDeps & { db: Db }, reminders: readonly DueReminder[]): Promise<PhoneMessage[]> {
  const messages: PhoneMessage[] = [];
  for (const reminder of reminders) {
    const phone = await familyPhone(deps.db, reminder.parent.userId);
    const shown = phone ? [phone] : [];
    const toParent = translatorForRecipient(deps, reminder.parent);
    const parentText = toParent('calls.reminder.parent', { child: reminder.childName, when: callTime(toParent, reminder.slotStart, reminder.timezone) });
    messages.push({ queued: { idempotencyKey: callReminderKey(reminder.bookingId, reminder.parent.userId), recipientId: reminder.parent.userId, message: { kind: 'text', text: parentText } }, shown: [] });
    for (const keeper of reminder.keepers) {
      const t = translatorForRecipient(deps, keeper);
      const text = t('calls.reminder.keeper', { child: reminder.childName, parent: reminder.parentName, when: callTime(t, reminder.slotStart, reminder.timezone) });
      const queued: QueuedMessage = {
        idempotencyKey: callReminderKey(reminder.bookingId, keeper.userId),
        recipientId: keeper.userId,
        message: { kind: 'text', text: [text, ...phoneLines(t, shown)].join('\n'), buttons: callBackButtons(t, shown) },
      };
      messages.push({ queued, shown });
    }
  }
  return messages;
}

/** Queues call reminders in the outbox; a reminder already queued is not queued again. Returns how many are new. */
export async function queueCallReminders(deps: RenderDeps & { db: Db }, reminders: readonly DueReminder[], now: Date): Promise<number> {
  return queueShowingPhones(deps.db, await reminderMessages(deps, reminders), 'callReminder', now);
}
