import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingButton, OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { atHomeAnswers, homeMonths, talkFrequencies, UNSURE, worryKinds, type CheckInStep, type CheckInSummary, type CheckInView, type OverdueCheckIn, type Worry } from '../domain/check-ins.js';
import type { Translate } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';
import { familyPhone, type FamilyPhone } from '../domain/family-phones.js';
import type { Relation } from '../db/generated/enums.js';
import { callBackButtons, phoneLines, queueShowingPhones, type PhoneMessage } from './call-back.js';

type Deps = RenderDeps & { db: Db };

/** The ticked worries of the questionnaire's keyboard as a bit mask, in `worryKinds` order. */
export function worriesFromMask(mask: number): Worry[] {
  return worryKinds.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

/** "December 2026", "2026年12月": a YYYY-MM month in the reader's language. */
export function monthLabel(t: Translate, month: string): string {
  const [year, number] = month.split('-');
  return t('checkIns.monthLabel', { year, name: t(`checkIns.monthNames.${String(Number(number)) as '1'}`) });
}

function relationOf(t: Translate, view: CheckInView): string {
  return view.relation ? t(`relations.${view.relation as 'MOTHER'}`) : '';
}

function worryButtons(t: Translate, view: CheckInView, mask: number): OutgoingButton[][] {
  const toggles = worryKinds.map((worry, bit) => {
    const label = t(`checkIns.worries.${worry}`);
    const ticked = (mask & (1 << bit)) !== 0;
    return { text: ticked ? t('checkIns.worries.ticked', { worry: label }) : label, data: pack({ name: 'checkIn.worry', checkInId: view.id, mask: mask ^ (1 << bit) }) };
  });
  const finish = mask === 0 ? { text: t('checkIns.worries.none'), data: pack({ name: 'checkIn.worriesDone', checkInId: view.id, mask: 0 }) } : { text: t('checkIns.worries.done'), data: pack({ name: 'checkIn.worriesDone', checkInId: view.id, mask }) };
  return [toggles.slice(0, 2), toggles.slice(2), [finish]];
}

function homeButtons(t: Translate, view: CheckInView): OutgoingButton[][] {
  const months = homeMonths(view.month).map((month) => ({ text: monthLabel(t, month), data: pack({ name: 'checkIn.home', checkInId: view.id, month }) }));
  return [months.slice(0, 3), months.slice(3), [{ text: t('checkIns.home.UNSURE'), data: pack({ name: 'checkIn.home', checkInId: view.id, month: UNSURE }) }]];
}

/**
 * A question of the check-in as text and buttons, in the reader's language: the first one
 * goes out through the outbox, the next ones replace it as the parent answers. `mask` holds
 * the worries ticked so far.
 */
export function checkInQuestion(t: Translate, view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask = 0): { text: string; buttons: OutgoingButton[][] } {
  const names = { child: view.childName };
  const heading = t('checkIns.heading', { ...names, month: monthLabel(t, view.month) });
  const question = {
    talk: () => ({ text: t('checkIns.talk.question', names), buttons: [talkFrequencies.slice(0, 2), talkFrequencies.slice(2)].map((row) => row.map((f) => ({ text: t(`checkIns.talk.${f}`), data: pack({ name: 'checkIn.talk', checkInId: view.id, often: f }) }))) }),
    worries: () => ({ text: t('checkIns.worries.question', names), buttons: worryButtons(t, view, mask) }),
    home: () => ({ text: t('checkIns.home.question'), buttons: homeButtons(t, view) }),
    call: () => ({ text: t('checkIns.call.question', names), buttons: [[{ text: t('checkIns.call.yes'), data: pack({ name: 'checkIn.call', checkInId: view.id, answer: 'YES' }) }, { text: t('checkIns.call.no'), data: pack({ name: 'checkIn.call', checkInId: view.id, answer: 'NO' }) }]] }),
    atHome: () => ({ text: t('checkIns.atHome.question', names), buttons: [atHomeAnswers.map((answer) => ({ text: t(`checkIns.atHome.${answer}`), data: pack({ name: 'checkIn.atHome', checkInId: view.id, answer }) }))] }),
  }[step]();
  return { text: `${heading}\n\n${question.text}`, buttons: question.buttons };
}

/**
 * The first message of each check-in: the heading, a word on what it is for, and the first
 * question (a guardian at home's one question needs no word). Not urgent: quiet hours hold it.
 */
function askMessages(deps: RenderDeps, views: readonly CheckInView[]): QueuedMessage[] {
  return views.map((view) => {
    const t = translatorForRecipient(deps, view.parent);
    if (view.atHomeForm) {
      const question = checkInQuestion(t, view, 'atHome');
      return { idempotencyKey: `check-in:${view.id}:ask`, recipientId: view.parent.userId, message: { kind: 'text', text: question.text, buttons: question.buttons } };
    }
    const question = checkInQuestion(t, view, 'talk');
    const [heading, ...rest] = question.text.split('\n\n');
    const text = [heading, t('checkIns.intro', { child: view.childName }), ...rest].join('\n\n');
    return { idempotencyKey: `check-in:${view.id}:ask`, recipientId: view.parent.userId, message: { kind: 'text', text, buttons: question.buttons } };
  });
}

function summaryText(t: Translate, summary: CheckInSummary, phones: readonly FamilyPhone[]): string {
  const names = { parent: summary.parent.displayName, relation: relationOf(t, summary), child: summary.childName };
  const worries = summary.worries.length === 0 ? t('checkIns.worries.none') : summary.worries.map((w) => t(`checkIns.worries.${w}`)).join(t('checkIns.summary.separator'));
  const home = summary.comingHome === UNSURE ? t('checkIns.home.UNSURE') : monthLabel(t, summary.comingHome);
  const heading = t(summary.late ? 'checkIns.summary.headingLate' : 'checkIns.summary.heading', { ...names, month: monthLabel(t, summary.month) });
  return [
    ...(summary.wantsCall ? [t('checkIns.summary.wantsCall', names), ...phoneLines(t, phones), ''] : []),
    heading,
    t('checkIns.summary.talk', { child: summary.childName, answer: t(`checkIns.talk.${summary.talkFrequency}`) }),
    t('checkIns.summary.worries', { answer: worries }),
    t('checkIns.summary.home', { answer: home }),
    t('checkIns.summary.call', { answer: t(summary.wantsCall ? 'checkIns.summary.yes' : 'checkIns.summary.no') }),
  ].join('\n');
}

function forwardedMessage(t: Translate, summary: CheckInSummary): OutgoingMessage {
  const names = { parent: summary.parent.displayName, relation: relationOf(t, summary), child: summary.childName };
  if (summary.voiceFileId) return { kind: 'voice', fileId: summary.voiceFileId, caption: t('checkIns.voice', names) };
  return { kind: 'text', text: `${t('checkIns.message', names)}\n\n${summary.message ?? ''}` };
}

/**
 * Check-in messages to other people, each keyed per check-in (and teacher), so a job or a
 * press that runs twice queues nothing twice.
 */
export function createCheckInNotifications(deps: Deps) {
  /** The parent of a check-in with their number and free time, when staff are asked to call them. */
  async function phonesOf(view: CheckInView): Promise<FamilyPhone[]> {
    const phone = await familyPhone(deps.db, view.parent.userId, view.relation as Relation | null);
    return phone ? [phone] : [];
  }

  return {
    /** The first question of each check-in, to its parent. Returns how many were newly queued. */
    asks: (views: readonly CheckInView[], now: Date) => queueMessages(deps.db, askMessages(deps, views), now),

    /** One gentle reminder to each parent who has not answered, with "answer now". */
    reminders(overdue: readonly OverdueCheckIn[], now: Date): Promise<number> {
      const messages = overdue.map((item): QueuedMessage => {
        const t = translatorForRecipient(deps, item.parent);
        const text = t('checkIns.reminder', { month: monthLabel(t, item.month), child: item.childName });
        return { idempotencyKey: `check-in:${item.id}:reminder`, recipientId: item.parent.userId, message: { kind: 'text', text, buttons: [[{ text: t('checkIns.answerNow'), data: pack({ name: 'checkIn.open', checkInId: item.id }) }]] } };
      });
      return queueMessages(deps.db, messages, now);
    },

    /** Asks the paired teacher (else the class teachers) to call a parent who never answered, with their number or "ask to call back". */
    async escalations(overdue: readonly OverdueCheckIn[], now: Date): Promise<number> {
      const messages: PhoneMessage[] = [];
      for (const item of overdue) {
        const shown = await phonesOf(item);
        for (const teacher of item.teachers) {
          const t = translatorForRecipient(deps, teacher);
          const text = t('checkIns.escalation', {
            parent: item.parent.displayName,
            relation: relationOf(t, item),
            child: item.childName,
            month: monthLabel(t, item.month),
            date: wallClock(item.sentAt, item.timezone).slice(0, 10),
          });
          const queued: QueuedMessage = {
            idempotencyKey: `check-in:${item.id}:escalation:user-${teacher.userId}`,
            recipientId: teacher.userId,
            message: { kind: 'text', text: [text, ...phoneLines(t, shown)].join('\n'), buttons: callBackButtons(t, shown) },
          };
          messages.push({ queued, shown });
        }
      }
      return queueShowingPhones(deps.db, messages, 'checkIn', now);
    },

    /** The answers of a completed check-in to the child's teachers, a wish for a call first (with the number, or "ask to call back"). */
    async summary(summary: CheckInSummary, now: Date): Promise<number> {
      const shown = summary.wantsCall ? await phonesOf(summary) : [];
      const messages = summary.teachers.map((teacher): PhoneMessage => {
        const t = translatorForRecipient(deps, teacher);
        const queued: QueuedMessage = {
          idempotencyKey: `check-in:${summary.id}:summary:user-${teacher.userId}`,
          recipientId: teacher.userId,
          message: { kind: 'text', text: summaryText(t, summary, shown), buttons: callBackButtons(t, shown) },
        };
        return { queued, shown };
      });
      return queueShowingPhones(deps.db, messages, 'checkIn', now);
    },

    /** A guardian at home finds the child worrying: the paired teacher (else the class teachers) is told at once. */
    worried(summary: CheckInSummary, now: Date): Promise<number> {
      const messages = summary.teachers.map((teacher): QueuedMessage => {
        const t = translatorForRecipient(deps, teacher);
        const text = t('checkIns.atHome.worried', { parent: summary.parent.displayName, relation: relationOf(t, summary), child: summary.childName });
        return { idempotencyKey: `check-in:${summary.id}:worried:user-${teacher.userId}`, recipientId: teacher.userId, message: { kind: 'text', text } };
      });
      return queueMessages(deps.db, messages, now);
    },

    /** The parent's optional text or voice note after the questions, to the same teachers. */
    message(summary: CheckInSummary, now: Date): Promise<number> {
      const messages = summary.teachers.map((teacher): QueuedMessage => ({
        idempotencyKey: `check-in:${summary.id}:message:user-${teacher.userId}`,
        recipientId: teacher.userId,
        message: forwardedMessage(translatorForRecipient(deps, teacher), summary),
      }));
      return queueMessages(deps.db, messages, now);
    },
  };
}

export type CheckInNotifications = ReturnType<typeof createCheckInNotifications>;
