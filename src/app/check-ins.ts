import type { Actor } from '../domain/actor.js';
import type { AtHome, TalkFrequency, Worry } from '../domain/check-ins.js';
import type { MessageContent } from '../domain/family-messages.js';
import type { InTransaction } from './unit.js';

/** A parent's answers to the monthly check-in, and what the teachers hear of them. */
export function createCheckInUseCases(inTransaction: InTransaction) {
  return {
    /** First question: how often they talked with the child this month. */
    answerTalk: (actor: Actor, checkInId: number, frequency: TalkFrequency) => inTransaction(({ domain }) => domain.checkIns.answerTalk(actor, checkInId, frequency)),

    /** The worries they have about the child (none is an answer too). */
    answerWorries: (actor: Actor, checkInId: number, worries: readonly Worry[]) => inTransaction(({ domain }) => domain.checkIns.answerWorries(actor, checkInId, worries)),

    /** When they are coming home (a month, or unsure). */
    answerComingHome: (actor: Actor, checkInId: number, comingHome: string) => inTransaction(({ domain }) => domain.checkIns.answerComingHome(actor, checkInId, comingHome)),

    /** Whether the parent wants a call; the check-in is complete and its summary goes to the teachers. */
    answerWantsCall: (actor: Actor, checkInId: number, wantsCall: boolean) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.answerWantsCall(actor, checkInId, wantsCall);
        await notifications.checkIns.summary(summary, now);
        return summary;
      }),

    /** How things are at home; "worried" tells the teachers at once. */
    answerAtHome: (actor: Actor, checkInId: number, atHome: AtHome) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.answerAtHome(actor, checkInId, atHome);
        if (summary.atHome === 'WORRIED') await notifications.checkIns.worried(summary, now);
        return summary;
      }),

    /** The parent's own words after the check-in, passed on to the teachers. */
    addMessage: (actor: Actor, checkInId: number, content: Pick<MessageContent, 'text' | 'voiceFileId'>) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const summary = await domain.checkIns.addMessage(actor, checkInId, content);
        await notifications.checkIns.message(summary, now);
        return summary;
      }),
  };
}
