import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { CalendarDay } from '../domain/calendar.js';
import { isoDate } from '../domain/school-month.js';
import { dayLabel } from '../i18n/call-time.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

type Deps = RenderDeps & { db: Db };

/**
 * Birthdays: the child's parents and guardians are reminded in the three days before (with a
 * button that opens a letter), once per birthday; on the day the class teachers and keepers hear of it.
 */
function birthdayMessages(deps: Deps, day: CalendarDay): QueuedMessage[] {
  const soon = day.birthdaysSoon.flatMap((birthday) =>
    birthday.family.map((recipient): QueuedMessage => {
      const t = translatorForRecipient(deps, recipient);
      return {
        idempotencyKey: `birthday-soon:child-${birthday.childId}:${isoDate(birthday.date)}:user-${recipient.userId}`,
        recipientId: recipient.userId,
        message: {
          kind: 'text',
          text: t('calendar.birthdaySoon', { child: birthday.childName, age: birthday.age, date: dayLabel(t, birthday.date) }),
          buttons: [[{ text: t('calendar.writeTo', { child: birthday.childName }), data: pack({ name: 'letter.write', childId: birthday.childId }) }]],
        },
      };
    }),
  );
  const today = day.birthdaysToday.flatMap((birthday) =>
    birthday.staff.map((recipient): QueuedMessage => {
      const t = translatorForRecipient(deps, recipient);
      return {
        idempotencyKey: `birthday-today:child-${birthday.childId}:${isoDate(birthday.date)}:user-${recipient.userId}`,
        recipientId: recipient.userId,
        message: { kind: 'text', text: t('calendar.birthdayToday', { child: birthday.childName, age: birthday.age }) },
      };
    }),
  );
  return [...soon, ...today];
}

/** Festivals: each family is invited once per festival to write to their children, a button per child. */
function festivalMessages(deps: Deps, day: CalendarDay): QueuedMessage[] {
  return day.festivals.flatMap(({ festival, date }) =>
    day.families.map((family): QueuedMessage => {
      const t = translatorForRecipient(deps, family.recipient);
      const children = family.children.map((child) => child.name).join(t('duties.separator'));
      return {
        idempotencyKey: `festival:school-${day.schoolId}:${festival}:${isoDate(date)}:user-${family.recipient.userId}`,
        recipientId: family.recipient.userId,
        message: {
          kind: 'text',
          text: t('calendar.festivalInvite', { festival: t(`calendar.festivals.${festival}`), date: dayLabel(t, date), children }),
          buttons: family.children.map((child) => [{ text: t('calendar.writeTo', { child: child.name }), data: pack({ name: 'letter.write', childId: child.id }) }]),
        },
      };
    }),
  );
}

/** The school's own dates: each family hears of each date once. */
function schoolDateMessages(deps: Deps, day: CalendarDay): QueuedMessage[] {
  return day.schoolDates.flatMap((date) =>
    day.families.map((family): QueuedMessage => {
      const t = translatorForRecipient(deps, family.recipient);
      return {
        idempotencyKey: `school-date:${date.id}:user-${family.recipient.userId}`,
        recipientId: family.recipient.userId,
        message: { kind: 'text', text: t('calendar.schoolDate', { school: day.schoolName, title: date.title, date: dayLabel(t, date.date) }) },
      };
    }),
  );
}

/** Queues what the family calendar has to say today; each message under its own key, so a second run adds nothing. */
export function queueCalendarDay(deps: Deps, day: CalendarDay, now: Date): Promise<number> {
  return queueMessages(deps.db, [...birthdayMessages(deps, day), ...festivalMessages(deps, day), ...schoolDateMessages(deps, day)], now);
}
