import type { Actor } from '../domain/actor.js';
import type { MessageContent } from '../domain/family-messages.js';
import type { KeptInput } from '../domain/kept-messages.js';
import { keptOffer } from '../notifications/kept-messages.js';
import { answerSent, choiceChildren, keptSentToTeacher, notUnderstood, replySent } from './family-message-replies.js';
import type { InTransaction } from './unit.js';

/** Messages between a child's family and the class teachers. */
export function createFamilyMessageUseCases(inTransaction: InTransaction) {
  return {
    /** The answer to a message nothing else understood: the family's usual choices, or a pointer to /help for someone who follows no child. */
    notUnderstood: (actor: Actor | undefined) =>
      inTransaction(async ({ domain }) => notUnderstood(actor ? choiceChildren(await domain.keptMessages.targets(actor)) : [])),

    /** A family member's message to the class teachers (an answer to one of theirs, if `answering`). */
    toTeachers: (actor: Actor, childId: number, content: MessageContent, answering: number | null = null) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const message = await domain.familyMessages.fromFamily(actor, childId, content, answering);
        await notifications.familyMessage(message, 'toTeachers', now);
        return { ...message, reply: answerSent(message) };
      }),

    /** The teacher's message a family member is about to answer, checked again: the child, and the teacher the answer goes to. */
    answerTarget: (actor: Actor, messageId: number) => inTransaction(({ domain }) => domain.familyMessages.answerTarget(actor, messageId)),

    /** The family member's message a teacher is about to reply to, checked again: who wrote it. */
    replyTarget: (actor: Actor, messageId: number) => inTransaction(({ domain }) => domain.familyMessages.replyTarget(actor, messageId)),

    /** A teacher's reply to a family member's message. */
    replyToFamily: (actor: Actor, messageId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const sent = await domain.familyMessages.replyFromTeacher(actor, messageId, content);
        await notifications.familyMessage(sent, 'toFamily', now);
        return { ...sent, reply: replySent() };
      }),

    /** Keeps a family member's message sent outside any flow and asks where it goes; null for anyone who follows no child. */
    keep: (actor: Actor, input: KeptInput) =>
      inTransaction(async ({ domain }) => {
        const waiting = await domain.keptMessages.keep(actor, input);
        return waiting && { ...waiting, reply: keptOffer(waiting) };
      }),

    /** The family member's kept messages, each sent to the child's teacher; null when nothing waits. */
    sendKeptToTeacher: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const sent = await domain.keptMessages.sendToTeacher(actor, childId);
        if (!sent) return null;
        for (const message of sent) await notifications.familyMessage(message, 'toTeachers', now);
        return { sent, reply: keptSentToTeacher(sent) };
      }),
  };
}
