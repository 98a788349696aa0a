import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { atHomeAnswers, homeMonths, talkFrequencies, UNSURE, worryKinds, type CheckInStep, type CheckInSummary, type CheckInView, type OverdueCheckIn, type Worry } from '../domain/check-ins.js';
import { reply, rows, type Choice, type Reply } from '../i18n/reply.js';
import type { Translate } from '../i18n/translator.js';
import { joined, say, words, type Words } from '../i18n/words.js';
import { outgoingButtons } from './outgoing-buttons.js';
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

/** "December 2026", "2026年12月": a YYYY-MM month, for any language. */
export function monthWords(month: string): Words {
  const [year, number] = month.split('-');
  return words('checkIns.monthLabel', { year: year!, name: words(`checkIns.monthNames.${String(Number(number)) as '1'}`) });
}

/** The worries to tick, each choice flipping its bit of `mask`, then "no worries" or "done" with what is ticked. */
function worryChoices(checkInId: number, mask: number): Choice[][] {
  const toggles = worryKinds.map((worry, bit): Choice => {
    const label = words(`checkIns.worries.${worry}`);
    const ticked = (mask & (1 << bit)) !== 0;
    return { label: ticked ? words('checkIns.worries.ticked', { worry: label }) : label, action: { name: 'checkIn.worry', checkInId, mask: mask ^ (1 << bit) } };
  });
  const finish: Choice = { label: words(mask === 0 ? 'checkIns.worries.none' : 'checkIns.worries.done'), action: { name: 'checkIn.worriesDone', checkInId, mask } };
  return [...rows(toggles, 2), [finish]];
}

/** This month and the five after it, three to a row, then "not sure yet". */
function homeChoices(view: CheckInView): Choice[][] {
  const months = homeMonths(view.month).map((month): Choice => ({ label: monthWords(month), action: { name: 'checkIn.home', checkInId: view.id, month } }));
  return [...rows(months, 3), [{ label: words('checkIns.home.UNSURE'), action: { name: 'checkIn.home', checkInId: view.id, month: UNSURE } }]];
}

/** Each step's question and its one-tap answers. */
function question(view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask: number): Reply {
  const child = { child: view.childName };
  const checkInId = view.id;
  switch (step) {
    case 'talk':
      return reply(words('checkIns.talk.question', child), rows(talkFrequencies.map((often): Choice => ({ label: words(`checkIns.talk.${often}`), action: { name: 'checkIn.talk', checkInId, often } })), 2));
    case 'worries':
      return reply(words('checkIns.worries.question', child), worryChoices(checkInId, mask));
    case 'home':
      return reply(words('checkIns.home.question'), homeChoices(view));
    case 'call':
      return reply(words('checkIns.call.question', child), [[{ label: words('checkIns.call.yes'), action: { name: 'checkIn.call', checkInId, answer: 'YES' } }, { label: words('checkIns.call.no'), action: { name: 'checkIn.call', checkInId, answer: 'NO' } }]]);
    case 'atHome':
      return reply(words('checkIns.atHome.question', child), [atHomeAnswers.map((answer): Choice => ({ label: words(`checkIns.atHome.${answer}`), action: { name: 'checkIn.atHome', checkInId, answer } }))]);
  }
}

/**
 * A question of the check-in under its heading, with its answers as choices: each answer's
 * reply is the next question, so the parent goes through the check-in one tap at a time.
 * `mask` holds the worries ticked so far.
 */
export function checkInQuestion(view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask = 0): Reply {
  const asked = question(view, step, mask);
  const heading = words('checkIns.heading', { child: view.childName, month: monthWords(view.month) });
  return reply(joined([heading, asked.words], '\n\n'), asked.choices);
}

/** "December 2026", "2026年12月": a YYYY-MM month in the reader's language. */
export function monthLabel(t: Translate, month: string): string {
  return say(t, monthWords(month));
}

function relationOf(t: Translate, view: CheckInView): string {
  return view.relation ? t(`relations.${view.relation as 'MOTHER'}`) : '';
}

/**
 * The first message of each check-in: the heading, a word on what it is for, and the first
 * question (a guardian at home's one question needs no word). Not urgent: quiet hours hold it.
 */
function askMessages(deps: RenderDeps, views: readonly CheckInView[]): QueuedMessage[] {
  return views.map((view) => {
    const t = translatorForRecipient(deps, view.parent);
    const question = checkInQuestion(view, view.atHomeForm ? 'atHome' : 'talk');
    const [heading, ...rest] = say(t, question.words).split('\n\n');
    const text = view.atHomeForm ? [heading, ...rest] : [heading, t('checkIns.intro', { child: view.childName }), ...rest];
    return { idempotencyKey: `check-in:${view.id}:ask`, recipientId: view.parent.userId, message: { kind: 'text', text: text.join('\n\n'), buttons: outgoingButtons(t, question.choices) } };
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
