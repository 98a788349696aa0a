import type { Actor } from '../domain/actor.js';
import type { CampaignRequest } from '../domain/campaigns.js';
import type { LetterPartInput } from '../domain/letters.js';
import { verbatim, words } from '../i18n/words.js';
import { letterSent, threadPage } from './letter-replies.js';
import { reply, rows, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/** Letters through the Children's Home: writing, reading with the child, holding, the child's replies, campaigns. */
export function createLetterUseCases(inTransaction: InTransaction) {
  return {
    /** A family member's letter to their child, waiting in the Children's Home letterbox; the reply says when it is read (later in a holiday). */
    send: (actor: Actor, childId: number, parts: readonly LetterPartInput[]) =>
      inTransaction(async ({ domain }) => {
        const letter = await domain.letters.send(actor, childId, parts);
        return { letter, reply: letterSent(letter.childName, await domain.schoolCalendar.childBreak(actor, childId)) };
      }),

    /**
     * Whom a family member may write to: with one child, that child (the channel starts the
     * letter); with several, a choice of them; with none, why not.
     */
    whomToWrite: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ child: { id: number; name: string } } | { reply: Reply }> => {
        const children = await domain.letters.familyChildren(actor);
        if (children.length === 1) return { child: children[0]! };
        if (children.length === 0) return { reply: reply(words('letters.noChildren')) };
        return { reply: reply(words('letters.pickChild'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'letter.write', childId: child.id } })), 2)) };
      }),

    /** A child's letters and replies, a page at a time (the newest page unless one is asked for), for the family and the letterbox. */
    thread: (actor: Actor, childId: number, page?: number) => inTransaction(async ({ domain }) => threadPage(await domain.letters.thread(actor, childId, page))),

    /** Whose thread to show: with one child, that child's newest page; with several, a choice of them; with none, why not. */
    threads: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const children = await domain.letters.threadChildren(actor);
        if (children.length === 1) return threadPage(await domain.letters.thread(actor, children[0]!.id));
        if (children.length === 0) return reply(words('letters.noThreads'));
        return reply(words('letters.pickThread'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'letter.thread', childId: child.id, page: 'last' } })), 2));
      }),

    /** The keeper read a letter with the child: marked read and the author gets the receipt. */
    readWithChild: (actor: Actor, letterId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const done = await domain.letters.markRead(actor, letterId);
        await notifications.letters.read(done, now);
        return done;
      }),

    /** The keeper holds a letter back, with the reason the author is told. */
    hold: (actor: Actor, letterId: number, reason: string) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const held = await domain.letters.hold(actor, letterId, reason);
        await notifications.letters.held(held, now);
        return held;
      }),

    /** The keeper records a child's reply or letter to the family, sent to each family member. */
    recordChildLetter: (actor: Actor, childId: number, parts: readonly LetterPartInput[]) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const reply = await domain.letters.recordReply(actor, childId, parts);
        await notifications.letters.reply(reply, now);
        return reply;
      }),

    /** The family member's kept messages, together, as one letter to their child; null when nothing waits. */
    sendKeptToChild: (actor: Actor, childId: number) => inTransaction(({ domain }) => domain.keptMessages.sendToChild(actor, childId)),

    /** Letters kept for a family member who has just joined, sent to them now. */
    deliverKept: (actor: Actor) =>
      inTransaction(async ({ domain, notifications, now }) => {
        await notifications.letters.kept(await domain.letters.keptForFamily(actor), now);
      }),

    /** A letter-writing campaign, with the invitations to the families (or the keepers and class teachers). */
    startCampaign: (actor: Actor, request: CampaignRequest) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const started = await domain.campaigns.start(actor, request);
        await notifications.letters.campaign(started, now);
        return started;
      }),
  };
}
