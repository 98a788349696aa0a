import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { resolveLocale, type Locale } from '../i18n/locales.js';
import type { Translations } from '../i18n/translator.js';

export interface UnreachableDeps {
  db: Db;
  translations: Translations;
  defaultLocale: Locale;
  /** When "now" is (tests move it); the system clock when absent. */
  clock?: () => Date;
}

/**
 * Tells the class teachers of the children a now unreachable person is linked to that
 * Jiashu can no longer reach them, each teacher once, in the teacher's language: queued in
 * the outbox under `unreachable:<userId>:<teacherId>`, so calling it again queues nothing.
 * Returns how many messages were newly queued.
 */
export async function notifyUnreachable(deps: UnreachableDeps, userId: number): Promise<number> {
  const { db } = deps;
  const person = await db.user.findUnique({
    where: { id: userId },
    select: {
      displayName: true,
      guardianLinks: { where: { child: { archivedAt: null } }, orderBy: { childId: 'asc' }, select: { child: { select: { name: true, classId: true } } } },
    },
  });
  const children = person?.guardianLinks.map((link) => link.child) ?? [];
  const classIds = [...new Set(children.flatMap((child) => (child.classId === null ? [] : [child.classId])))];
  if (!person || classIds.length === 0) return 0;

  const classTeachers = await db.membership.findMany({
    where: { role: 'TEACHER', classTeacher: true, classId: { in: classIds }, userId: { not: userId } },
    orderBy: { id: 'asc' },
    select: { classId: true, user: { select: { id: true, locale: true, languageCode: true } } },
  });
  const byTeacher = new Map<number, { teacher: (typeof classTeachers)[number]['user']; classIds: Set<number> }>();
  for (const { classId, user } of classTeachers) {
    const entry = byTeacher.get(user.id) ?? { teacher: user, classIds: new Set<number>() };
    if (classId !== null) entry.classIds.add(classId);
    byTeacher.set(user.id, entry);
  }

  const messages: QueuedMessage[] = [...byTeacher.values()].map(({ teacher, classIds: theirs }) => {
    const t = deps.translations.translatorFor(resolveLocale(teacher.locale, teacher.languageCode, deps.defaultLocale));
    const names = children.filter((child) => child.classId !== null && theirs.has(child.classId)).map((child) => child.name);
    return {
      idempotencyKey: `unreachable:${userId}:${teacher.id}`,
      recipientId: teacher.id,
      message: { kind: 'text', text: t('delivery.unreachable', { name: person.displayName, children: names.join(t('delivery.separator')) }) },
    };
  });
  return messages.length === 0 ? 0 : queueMessages(db, messages, deps.clock?.() ?? new Date());
}
