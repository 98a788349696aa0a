import type { Actor } from '../domain/actor.js';
import type { CampaignRequest, CampaignTarget } from '../domain/campaigns.js';
import type { LetterPartInput } from '../domain/letters.js';
import { parseLocalDate } from '../domain/letters-print.js';
import { verbatim, words } from '../i18n/words.js';
import {
  campaignAudienceQuestion,
  campaignProgress,
  campaignStarted,
  childLetterPicker,
  childLetterRecorded,
  childLetterSearch,
  letterbox,
  letterHeld,
  letterSent,
  letterToPrint,
  markedRead,
  openedLetter,
  printingRefused,
  shownLetter,
  threadPage,
  waitingToPrint,
  type LettersToPrint,
} from './letter-replies.js';
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

    /** The child a family member starts a letter to, checked again (their own child, not archived). */
    writeTarget: (actor: Actor, childId: number) => inTransaction(({ domain }) => domain.letters.writeTarget(actor, childId)),

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

    /** A letter of a child's thread shown again, with its media, for the family or the letterbox. */
    show: (actor: Actor, letterId: number) => inTransaction(async ({ domain }) => shownLetter(await domain.letters.show(actor, letterId))),

    /** The keeper's letterbox: the letters waiting by child, each to open; or, for anyone else, that it is not theirs. */
    letterbox: (actor: Actor) => inTransaction(async ({ domain }) => letterbox(await domain.letters.inbox(actor))),

    /** A letter opened from the letterbox, with what the keeper may do with it. */
    open: (actor: Actor, letterId: number) => inTransaction(async ({ domain }) => openedLetter(await domain.letters.open(actor, letterId))),

    /** The keeper read a letter with the child: marked read and the author gets the receipt. */
    readWithChild: (actor: Actor, letterId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const done = await domain.letters.markRead(actor, letterId);
        await notifications.letters.read(done, now);
        return { ...done, reply: markedRead(done) };
      }),

    /** The letter the keeper is about to hold back, checked again to be still waiting, before the reason is asked. */
    toHold: (actor: Actor, letterId: number) => inTransaction(({ domain }) => domain.letters.holdable(actor, letterId)),

    /** The keeper holds a letter back, with the reason the admins are told (the author hears only of a delay). */
    hold: (actor: Actor, letterId: number, reason: string) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const held = await domain.letters.hold(actor, letterId, reason);
        await notifications.letters.held(held, now);
        return { ...held, reply: letterHeld(held) };
      }),

    /** Whose letter the keeper records: the children to pick from, or why there is none. */
    childLetterPicker: (actor: Actor) => inTransaction(async ({ domain }) => childLetterPicker(await domain.letters.childLetterChoices(actor))),

    /** The child whose reply or letter the keeper records, checked again, with how many family members it reaches. */
    childLetterTarget: (actor: Actor, childId: number) => inTransaction(({ domain }) => domain.letters.replyTarget(actor, childId)),

    /** The children whose name holds what the keeper typed, to pick from. */
    findLetterChild: (actor: Actor, query: string) => inTransaction(async ({ domain }) => childLetterSearch(await domain.letters.childLetterChoices(actor, query), query)),

    /** The keeper records a child's reply or letter to the family, sent to each family member (or kept until one joins). */
    recordChildLetter: (actor: Actor, childId: number, parts: readonly LetterPartInput[]) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const recorded = await domain.letters.recordReply(actor, childId, parts);
        await notifications.letters.reply(recorded, now);
        return { ...recorded, reply: childLetterRecorded(recorded) };
      }),

    /** The family member's kept messages, together, as one letter to their child; null when nothing waits. */
    sendKeptToChild: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const letter = await domain.keptMessages.sendToChild(actor, childId);
        return letter && { letter, reply: reply(words('letters.sent', { child: letter.childName })) };
      }),

    /** A letter opened from the letterbox, to print. */
    printLetter: (actor: Actor, letterId: number) => inTransaction(async ({ domain, now }) => letterToPrint(await domain.letterPrinting.letter(actor, letterId), now)),

    /** `/print [day]`: the letters waiting (written that day, if one is typed), to print; for anyone but a keeper or an admin, or a day that is no date, why not. */
    printWaiting: (actor: Actor, typedDay: string) =>
      inTransaction(async ({ domain, now }): Promise<LettersToPrint | { reply: Reply }> => {
        const roles = await domain.users.rolesOf(actor);
        if (!roles.includes('KEEPER') && !roles.includes('ADMIN')) return { reply: printingRefused };
        const day = typedDay ? parseLocalDate(typedDay) : undefined;
        if (typedDay && !day) return { reply: reply(words('printing.badDate')) };
        return waitingToPrint(await domain.letterPrinting.waiting(actor, day), typedDay, now);
      }),

    /** `/campaign`: who has written in the open campaigns, with recording a child's letter and starting a campaign for those who may. */
    campaigns: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const progress = await domain.campaigns.progress(actor);
        const targets = await domain.campaigns.targets(actor);
        const roles = await domain.users.rolesOf(actor);
        const recording = (progress ?? []).some(({ campaign }) => campaign.audience === 'CHILDREN') && (roles.includes('KEEPER') || roles.includes('ADMIN'));
        return campaignProgress(progress, { recording, starting: targets.length > 0 });
      }),

    /** Starting a campaign: the first question with the schools the actor may start one in, or (for anyone but an admin) why not. */
    newCampaign: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ reply: Reply } | { ask: Reply; targets: CampaignTarget[] }> => {
        const targets = await domain.campaigns.targets(actor);
        return targets.length === 0 ? { reply: reply(words('campaigns.adminsOnly')) } : { ask: campaignAudienceQuestion(), targets };
      }),

    /** A letter-writing campaign, with the invitations to the families (or the keepers and class teachers). */
    startCampaign: (actor: Actor, request: CampaignRequest) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const started = await domain.campaigns.start(actor, request);
        await notifications.letters.campaign(started, now);
        return { ...started, reply: campaignStarted(started) };
      }),
  };
}
