import type { Actor } from '../domain/actor.js';
import type { AtHome, TalkFrequency } from '../domain/check-ins.js';
import { DomainError } from '../domain/errors.js';
import type { MessageContent } from '../domain/family-messages.js';
import { worriesFromMask } from '../notifications/check-ins.js';
import { checkInQuestion } from '../notifications/check-ins.js';
import { alreadyAnswered, checkInThanks, messageSent, offerMessage } from './check-in-replies.js';
import type { Reply, Words } from './reply.js';
import type { InTransaction } from './unit.js';

/** Ticked worries fit in four bits, one per worry; a larger mask is forged. */
const WORRY_MASKS = 16;

function checkedMask(mask: number): number {
  if (!(mask < WORRY_MASKS)) throw new DomainError('forbidden');
  return mask;
}

/**
 * A parent's answers to the monthly check-in, and what the teachers hear of them. Each
 * answer's reply is the next question; the last one's thanks and offers a note for the teacher.
 */
export function createCheckInUseCases(inTransaction: InTransaction) {
  return {
    /** First question: how often they talked with the child this month; next, their worries. */
    answerTalk: (actor: Actor, checkInId: number, frequency: TalkFrequency) =>
      inTransaction(async ({ domain }) => {
        const view = await domain.checkIns.answerTalk(actor, checkInId, frequency);
        return { view, reply: checkInQuestion(view, 'worries') };
      }),

    /** The worries question again with one more worry ticked or unticked (`mask`, nothing saved yet). */
    tickWorries: (actor: Actor, checkInId: number, mask: number) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const ticked = checkedMask(mask);
        return checkInQuestion(await domain.checkIns.atWorries(actor, checkInId), 'worries', ticked);
      }),

    /** The worries they ticked (none is an answer too); next, when they are coming home. */
    answerWorries: (actor: Actor, checkInId: number, mask: number) =>
      inTransaction(async ({ domain }) => {
        const view = await domain.checkIns.answerWorries(actor, checkInId, worriesFromMask(checkedMask(mask)));
        return { view, reply: checkInQuestion(view, 'home') };
      }),

    /** When they are coming home (a month, or unsure); next, whether they want a call. */
    answerComingHome: (actor: Actor, checkInId: number, comingHome: string) =>
      inTransaction(async ({ domain }) => {
        const view = await domain.checkIns.answerComingHome(actor, checkInId, comingHome);
        return { view, reply: checkInQuestion(view, 'call') };
      }),

    /** Whether the parent wants a call; the check-in is complete and its summary goes to the teachers. */
    answerWantsCall: (actor: Actor, checkInId: number, wantsCall: boolean) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.answerWantsCall(actor, checkInId, wantsCall);
        await notifications.checkIns.summary(summary, now);
        return { summary, reply: offerMessage(summary.id, summary.childName) };
      }),

    /** How things are at home (a guardian's one question); "worried" tells the teachers at once. */
    answerAtHome: (actor: Actor, checkInId: number, atHome: AtHome) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.answerAtHome(actor, checkInId, atHome);
        if (summary.atHome === 'WORRIED') await notifications.checkIns.worried(summary, now);
        return { summary, reply: offerMessage(summary.id, summary.childName) };
      }),

    /** The parent's own words after the check-in, passed on to the teachers. */
    addMessage: (actor: Actor, checkInId: number, content: Pick<MessageContent, 'text' | 'voiceFileId'>) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.addMessage(actor, checkInId, content);
        await notifications.checkIns.message(summary, now);
        return { summary, reply: messageSent(summary.childName) };
      }),

    /** No note for the teacher: the check-in closes with thanks (only once every question is answered). */
    skipMessage: (actor: Actor, checkInId: number) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const view = await domain.checkIns.current(actor, checkInId);
        if (view.step !== 'done') throw new DomainError('forbidden');
        return checkInThanks(view.childName);
      }),

    /**
     * "Answer now" under the reminder: the question the parent stopped at, or a short notice
     * that the check-in is already answered.
     */
    resume: (actor: Actor, checkInId: number) =>
      inTransaction(async ({ domain }): Promise<{ question: Reply } | { notice: Words }> => {
        const view = await domain.checkIns.current(actor, checkInId);
        return view.step === 'done' ? { notice: alreadyAnswered() } : { question: checkInQuestion(view, view.step) };
      }),
  };
}
