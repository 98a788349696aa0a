import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { LocalDate } from '../domain/call-slots.js';
import type { FamilyNotice } from '../domain/calendar.js';
import { isoDate } from '../domain/school-month.js';
import { dayLabel } from '../i18n/call-time.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** A school's break starting today: its name, the holiday's title if one was set, and when school restarts. */
export interface BreakStart {
  schoolId: number;
  schoolName: string;
  firstDay: LocalDate;
  title: string | null;
  restartsOn: LocalDate | null;
}

/**
 * Tells each family once, on the first day of a holiday, that the school is out and when it
 * restarts, and that letters written meanwhile are read with the child then: one message
 * per family, under a key of the school and the day, so a second run adds nothing.
 */
export function queueBreakNotices(deps: RenderDeps & { db: Db }, start: BreakStart, families: readonly FamilyNotice[], now: Date): Promise<number> {
  const messages = families.map((family): QueuedMessage => {
    const t = translatorForRecipient(deps, family.recipient);
    const opening = start.title ? t('schoolYear.break.startNamed', { title: start.title }) : t('schoolYear.break.start');
    const school = start.schoolName;
    const text = start.restartsOn ? t('schoolYear.break.notice', { school, start: opening, date: dayLabel(t, start.restartsOn) }) : t('schoolYear.break.noticeNoDate', { school, start: opening });
    return { idempotencyKey: `school-break:school-${start.schoolId}:${isoDate(start.firstDay)}:user-${family.recipient.userId}`, recipientId: family.recipient.userId, message: { kind: 'text', text } };
  });
  return queueMessages(deps.db, messages, now);
}
