import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { ContactKind } from '../db/generated/enums.js';
import type { OutgoingButton } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { OpenDuties, Recipient } from '../domain/duties.js';
import { NO_CONTACT_DAYS, type OpenFlag } from '../domain/no-contact.js';
import type { SchoolMonth } from '../domain/school-month.js';
import type { Translate } from '../i18n/translator.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';
import { childFamilyPhones } from '../domain/family-phones.js';
import { callBackButtons, phoneLines, queueShowingPhones, type PhoneMessage } from './call-back.js';

type Deps = RenderDeps & { db: Db };

/** Telegram shows at most this many buttons under the reminder; the rest is in the text. */
const MAX_BUTTONS = 40;

function monthName(t: Translate, month: SchoolMonth): string {
  return t('duties.month', { year: month.year, month: month.month });
}

function dutyList(t: Translate, open: readonly ContactKind[]): string {
  return open.map((kind) => t(`contacts.kinds.${kind}`)).join(t('duties.separator'));
}

/**
 * Each paired teacher's reminder of what is still open this month, one message per teacher
 * under `<key>:user-<id>`, with a button per open duty that logs it in one tap.
 */
export async function queueDutyReminders(deps: Deps, duties: readonly OpenDuties[], month: SchoolMonth, key: string, now: Date): Promise<number> {
  const byTeacher = new Map<number, { teacher: Recipient; duties: OpenDuties[] }>();
  for (const each of duties) {
    const entry = byTeacher.get(each.teacher.userId) ?? { teacher: each.teacher, duties: [] };
    entry.duties.push(each);
    byTeacher.set(each.teacher.userId, entry);
  }
  const messages = [...byTeacher.values()].map(({ teacher, duties: own }): QueuedMessage => {
    const t = translatorForRecipient(deps, teacher);
    const lines = own.map((each) => t('duties.line', { child: each.childName, duties: dutyList(t, each.open) }));
    const buttons: OutgoingButton[][] = own
      .flatMap((each) => each.open.map((kind) => ({ text: t('duties.button', { child: each.childName, kind: t(`contacts.kinds.${kind}`) }), data: pack({ name: 'contact.start', childId: each.childId, kind }) })))
      .slice(0, MAX_BUTTONS)
      .map((button) => [button]);
    const text = [t('duties.reminderTitle', { month: monthName(t, month) }), ...lines, t('duties.reminderFooter')].join('\n');
    return { idempotencyKey: `${key}:user-${teacher.userId}`, recipientId: teacher.userId, message: { kind: 'text', text, buttons } };
  });
  return queueMessages(deps.db, messages, now);
}

/**
 * The duties not done in a month that ended, to people who oversee them (a class's class
 * teachers, or the school's admins): one message each under `<key>:user-<id>`.
 */
export async function queueOverdueNotice(deps: Deps, overdue: readonly OpenDuties[], month: SchoolMonth, to: readonly Recipient[], heading: 'class' | 'school', key: string, now: Date): Promise<number> {
  const messages = to.map((recipient): QueuedMessage => {
    const t = translatorForRecipient(deps, recipient);
    const lines = overdue.map((each) => t('duties.overdueLine', { child: each.childName, teacher: each.teacherName, duties: dutyList(t, each.open) }));
    const title = t(heading === 'class' ? 'duties.overdueClass' : 'duties.overdueSchool', { month: monthName(t, month) });
    return { idempotencyKey: `${key}:user-${recipient.userId}`, recipientId: recipient.userId, message: { kind: 'text', text: [title, ...lines].join('\n') } };
  });
  return queueMessages(deps.db, messages, now);
}

/**
 * Tells the teachers of each child flagged for no contact, once per flag and teacher
 * (`no-contact:flag-<id>:user-<id>`), with the parents' numbers (or "ask to call back") and
 * a button to log a call with the parents.
 */
export async function queueNoContactNotices(deps: Deps, flags: readonly OpenFlag[], now: Date): Promise<number> {
  const messages: PhoneMessage[] = [];
  for (const flag of flags) {
    const shown = await childFamilyPhones(deps.db, flag.childId);
    for (const teacher of flag.teachers) {
      const t = translatorForRecipient(deps, teacher);
      const queued: QueuedMessage = {
        idempotencyKey: `no-contact:flag-${flag.flagId}:user-${teacher.userId}`,
        recipientId: teacher.userId,
        message: {
          kind: 'text',
          text: [t('duties.noContact', { child: flag.childName, days: NO_CONTACT_DAYS }), ...phoneLines(t, shown)].join('\n'),
          buttons: [...callBackButtons(t, shown), [{ text: t('duties.logCall'), data: pack({ name: 'contact.start', childId: flag.childId, kind: 'CALL' }) }]],
        },
      };
      messages.push({ queued, shown });
    }
  }
  return queueShowingPhones(deps.db, messages, 'noContact', now);
}
