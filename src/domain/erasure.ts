import type { Prisma } from '../db/generated/client.js';

/** What erasing one person's family data removed, as counts only. */
export interface ErasureCounts {
  guardianLinks: number;
  /** Letters they wrote, with their parts. */
  letters: number;
  /** Their monthly check-ins, answers and messages included. */
  checkIns: number;
  /** Messages they wrote to teachers, the teachers' replies to them, and what they sent outside any flow (KeptMessage). */
  familyMessages: number;
  /** Their call bookings; upcoming ones are thereby cancelled and their slots free again. */
  callBookings: number;
  /** Their copies of weekly notes and whether they confirmed receipt. */
  noteCopies: number;
  /** Messages queued or sent to them. */
  outboxMessages: number;
  /** Messages to other people (teachers, keepers, admins) that quoted their words or named them. */
  copiesToOthers: number;
}

/** What a sent message's payload becomes once its text must not be kept. */
export const PRUNED_PAYLOAD = '';

/** Shortest name searched for in sent messages: a one-character name would match ordinary words. */
const MIN_NAME_LENGTH = 2;

/** Outbox keys of messages built from one person's records: a prefix of each such key. */
function keyPrefixes(userId: number, ids: { letters: number[]; checkIns: number[]; messages: number[]; bookings: number[] }): string[] {
  return [
    `unreachable:${userId}:`,
    ...ids.letters.map((id) => `letter:${id}:`),
    ...ids.checkIns.map((id) => `check-in:${id}:`),
    ...ids.messages.map((id) => `family-message:${id}:`),
    ...ids.bookings.map((id) => `call-reminder:${id}:`),
  ];
}

/**
 * Removes, inside the caller's transaction, every row that holds what a parent or guardian
 * wrote or who they are, model by model (prisma/schema.prisma):
 * - GuardianLink, Letter and LetterPart (theirs), CheckIn, KeptMessage, FamilyMessage (from them and the
 *   replies to them), CallBooking (so upcoming calls are cancelled), WeeklyNoteRecipient,
 *   OutboxMessage to them, ConversationState of their Telegram chats, their InviteFailures: deleted;
 * - OutboxMessage to others built from those records (a letter held, a check-in summary, a
 *   family message, a call reminder, "cannot be reached"): deleted; any other sent or failed
 *   message naming them: its payload emptied.
 * Kept on purpose: ChannelAccount (the person is still recognised, and not stored again until
 * they next join), AuditLog (ids and codes only), Invite.usedBy (a used code stays used),
 * the children's files and what staff recorded about the children (ContactLog,
 * ConcernFollowUp, GrowthUpdate, SafeguardingAlert, a child's reply Letter), which are the
 * school's record. The User row is cleared by the caller.
 */
export async function eraseFamilyRecords(tx: Prisma.TransactionClient, person: { userId: number; telegramChats: readonly string[]; nameToRemove: string | null }): Promise<ErasureCounts> {
  const { userId } = person;
  const ids = async <T extends { id: number }>(rows: Promise<T[]>) => (await rows).map((row) => row.id);
  const letters = await ids(tx.letter.findMany({ where: { authorId: userId, direction: 'TO_CHILD' }, select: { id: true } }));
  const checkIns = await ids(tx.checkIn.findMany({ where: { userId }, select: { id: true } }));
  const messages = await ids(tx.familyMessage.findMany({ where: { OR: [{ fromUserId: userId, toUserId: null }, { toUserId: userId }] }, select: { id: true } }));
  const bookings = await ids(tx.callBooking.findMany({ where: { parentId: userId }, select: { id: true } }));

  let copiesToOthers = 0;
  for (const prefix of keyPrefixes(userId, { letters, checkIns, messages, bookings })) {
    copiesToOthers += (await tx.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: prefix }, recipientId: { not: userId } } })).count;
  }
  const outboxMessages = (await tx.outboxMessage.deleteMany({ where: { recipientId: userId } })).count;
  if (person.nameToRemove !== null && person.nameToRemove.length >= MIN_NAME_LENGTH) {
    const quoted = JSON.stringify(person.nameToRemove).slice(1, -1);
    copiesToOthers += (
      await tx.outboxMessage.updateMany({ where: { status: { in: ['SENT', 'FAILED'] }, payload: { contains: quoted } }, data: { payload: PRUNED_PAYLOAD } })
    ).count;
  }

  await tx.letterPart.deleteMany({ where: { letterId: { in: letters } } });
  const counts: ErasureCounts = {
    guardianLinks: (await tx.guardianLink.deleteMany({ where: { userId } })).count,
    letters: (await tx.letter.deleteMany({ where: { id: { in: letters } } })).count,
    checkIns: (await tx.checkIn.deleteMany({ where: { id: { in: checkIns } } })).count,
    familyMessages: (await tx.familyMessage.deleteMany({ where: { id: { in: messages } } })).count + (await tx.keptMessage.deleteMany({ where: { userId } })).count,
    callBookings: (await tx.callBooking.deleteMany({ where: { id: { in: bookings } } })).count,
    noteCopies: (await tx.weeklyNoteRecipient.deleteMany({ where: { userId } })).count,
    outboxMessages,
    copiesToOthers,
  };
  await tx.conversationState.deleteMany({ where: { key: { in: [...person.telegramChats] } } });
  await tx.inviteFailure.deleteMany({ where: { userId } });
  return counts;
}
