import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { DueReminder } from '../domain/calls.js';
import { callTime } from '../i18n/call-time.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** The outbox key of a call's reminder to one person: one reminder per call and person, ever. */
function callReminderKey(bookingId: number, userId: number): string {
  return `call-reminder:${bookingId}:${userId}`;
}

/** The reminders of calls that start soon: one to the parent who booked, one to each keeper, each in their language. */
function reminderMessages(deps: RenderDeps, reminders: readonly DueReminder[]): QueuedMessage[] {
  return reminders.flatMap((reminder) => {
    const toParent = translatorForRecipient(deps, reminder.parent);
    const parentText = toParent('calls.reminder.parent', { child: reminder.childName, when: callTime(toParent, reminder.slotStart, reminder.timezone) });
    const keeperMessages = reminder.keepers.map((keeper) => {
      const t = translatorForRecipient(deps, keeper);
      const text = t('calls.reminder.keeper', { child: reminder.childName, parent: reminder.parentName, when: callTime(t, reminder.slotStart, reminder.timezone) });
      return { idempotencyKey: callReminderKey(reminder.bookingId, keeper.userId), recipientId: keeper.userId, message: { kind: 'text' as const, text } };
    });
    return [
      { idempotencyKey: callReminderKey(reminder.bookingId, reminder.parent.userId), recipientId: reminder.parent.userId, message: { kind: 'text' as const, text: parentText } },
      ...keeperMessages,
    ];
  });
}

/** Queues call reminders in the outbox; a reminder already queued is not queued again. Returns how many are new. */
export function queueCallReminders(deps: RenderDeps & { db: Db }, reminders: readonly DueReminder[], now: Date): Promise<number> {
  return queueMessages(deps.db, reminderMessages(deps, reminders), now);
}
