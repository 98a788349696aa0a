import type { Actor } from '../domain/actor.js';
import type { MessageContent } from '../domain/family-messages.js';
import type { KeptInput } from '../domain/kept-messages.js';
import type { InTransaction } from './unit.js';

/** Messages between a child's family and the class teachers. */
export function createFamilyMessageUseCases(inTransaction: InTransaction) {
  return {
    /** A family member's message to the class teachers (an answer to one of theirs, if `answering`). */
    toTeachers: (actor: Actor, childId: number, content: MessageContent, answering: number | null = null) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const message = await domain.familyMessages.fromFamily(actor, childId, content, answering);
        await notifications.familyMessage(message, 'toTeachers', now);
        return message;
      }),

    /** A teacher's reply to a family member's message. */
    replyToFamily: (actor: Actor, messageId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const reply = await domain.familyMessages.replyFromTeacher(actor, messageId, content);
        await notifications.familyMessage(reply, 'toFamily', now);
        return reply;
      }),

    /** Keeps a family member's message sent outside any flow, until they say where it goes. */
    keep: (actor: Actor, input: KeptInput) => inTransaction(({ domain }) => domain.keptMessages.keep(actor, input)),

    /** The family member's kept messages, each sent to the child's teacher; null when nothing waits. */
    sendKeptToTeacher: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const sent = await domain.keptMessages.sendToTeacher(actor, childId);
        for (const message of sent ?? []) await notifications.familyMessage(message, 'toTeachers', now);
        return sent;
      }),
  };
}
