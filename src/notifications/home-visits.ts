import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { VisitNotice, VisitReply, VisitView } from '../domain/planned-visits.js';
import { dayLabel } from '../i18n/call-time.js';
import type { Translate } from '../i18n/translator.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

type Deps = RenderDeps & { db: Db };

/** The day and part of the day of a visit, in the reader's language: 12月3日周四, 下午. */
export function visitWhen(t: Translate, visit: VisitView): { day: string; slot: string } {
  return { day: dayLabel(t, visit.date), slot: t(`homeVisits.slots.${visit.slot}`) };
}

/**
 * Home-visit messages: the notice to the guardians at home the day before, with
 * "convenient" / "another time", and their answer to the teacher. Keyed per visit and
 * person, so a job or a press that runs twice queues nothing twice.
 */
export function createHomeVisitNotifications(deps: Deps) {
  return {
    /** The notice of each visit to its guardians at home. Returns how many were newly queued. */
    notices(visits: readonly VisitNotice[], now: Date): Promise<number> {
      const messages = visits.flatMap((visit) =>
        visit.guardians.map((guardian): QueuedMessage => {
          const t = translatorForRecipient(deps, guardian);
          const text = t('homeVisits.notice', { teacher: visit.teacherName, child: visit.childName, ...visitWhen(t, visit) });
          const buttons = [[{ text: t('homeVisits.ok'), data: pack({ name: 'visit.answer', answer: 'ok', visitId: visit.id }) }, { text: t('homeVisits.move'), data: pack({ name: 'visit.answer', answer: 'mv', visitId: visit.id }) }]];
          return { idempotencyKey: `planned-visit:${visit.id}:notice:user-${guardian.userId}`, recipientId: guardian.userId, message: { kind: 'text', text, buttons } };
        }),
      );
      return queueMessages(deps.db, messages, now);
    },

    /** The guardian's answer, to the teacher who planned the visit. */
    answer(reply: VisitReply, now: Date): Promise<number> {
      const t = translatorForRecipient(deps, reply.teacher);
      const names = { guardian: reply.guardianName, relation: t(`relations.${reply.relation}`), child: reply.childName, ...visitWhen(t, reply) };
      const text = t(reply.answer === 'OK' ? 'homeVisits.toTeacherOk' : 'homeVisits.toTeacherMove', names);
      return queueMessages(deps.db, [{ idempotencyKey: `planned-visit:${reply.id}:answer-${reply.answer}:user-${reply.guardianId}`, recipientId: reply.teacher.userId, message: { kind: 'text', text } }], now);
    },
  };
}
