import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredChildData, deleteOldOutboxFiles, pruneSentPayloads, SENT_PAYLOAD_DAYS } from '../../src/domain/retention.js';
import { runRetention } from '../../src/jobs/retention.js';
import { Harness } from '../helpers/harness.js';
import { everythingStored } from '../helpers/stored-text.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
const DAY = 24 * 3600_000;
const ids: Record<string, number> = {};
let school: { id: number };
let teacher: { id: number };
let parent: { id: number };

/** A child with every kind of row about them; every text carries the child's key, so a leftover is easy to find. */
async function seedChild(key: string, archivedDaysAgo: number | null) {
  const archivedAt = archivedDaysAgo === null ? null : new Date(h.now - archivedDaysAgo * DAY);
  const long = new Date(h.now - 800 * DAY);
  const child = await h.db.child.create({ data: { schoolId: school.id, name: `name-${key}`, guardianPhone: `phone-${key}`, archivedAt } });
  ids[key] = child.id;
  const childId = child.id;
  const message = (idempotencyKey: string, text: string, status: 'SENT' | 'PENDING' = 'SENT') =>
    h.db.outboxMessage.create({ data: { idempotencyKey, recipientId: parent.id, payload: JSON.stringify({ kind: 'text', text }), status, sentAt: status === 'SENT' ? long : null, createdAt: long } });
  await h.db.childChange.create({ data: { childId, actorId: teacher.id, field: 'guardianPhone', oldValue: `old-phone-${key}`, newValue: `phone-${key}` } });
  await h.db.guardianLink.create({ data: { userId: parent.id, childId, role: 'PARENT', relation: 'MOTHER', consentedAt: long } });
  await h.db.pairing.create({ data: { teacherId: teacher.id, childId } });
  await h.db.invite.create({ data: { codeHash: `hash-${key}`, role: 'PARENT', relation: 'FATHER', schoolId: school.id, childId, expiresAt: long } });
  const letter = await h.db.letter.create({ data: { childId, authorId: parent.id, direction: 'TO_CHILD', status: 'READ', parts: { create: [{ position: 0, kind: 'text', text: `letter-${key}` }] } } });
  await message(`letter:${letter.id}:read:user-${parent.id}`, `letter read-${key}`);
  const family = await h.db.familyMessage.create({ data: { childId, fromUserId: parent.id, text: `family-${key}` } });
  await message(`family-message:${family.id}:user-${teacher.id}`, `family-${key}`);
  const update = await h.db.growthUpdate.create({
    data: { authorId: teacher.id, schoolId: school.id, category: 'EMOTIONS', text: `update-${key}`, concern: true, children: { create: [{ childId }] }, media: { create: [{ kind: 'photo', fileId: `photo-${key}`, position: 0 }] } },
  });
  await h.db.concernFollowUp.create({ data: { updateId: update.id, childId, teacherId: teacher.id, kind: 'CALL', note: `follow-up-${key}` } });
  await message(`concern:${update.id}:${parent.id}:text`, `concern-${key}`);
  const note = await h.db.weeklyNote.create({ data: { childId, week: '2024-W40', status: 'SENT', teacherText: `note-${key}` } });
  await h.db.weeklyNoteRecipient.create({ data: { noteId: note.id, userId: parent.id } });
  await message(`weekly-note:child-${childId}:2024-W40:user-${parent.id}:text`, `note-${key}`);
  const checkIn = await h.db.checkIn.create({ data: { userId: parent.id, childId, month: '2024-10', sentAt: long, message: `check-in-${key}` } });
  await message(`check-in:${checkIn.id}:ask`, `check-in ask-${key}`, 'PENDING');
  await h.db.contactLog.create({ data: { childId, teacherId: teacher.id, kind: 'CALL', happenedAt: long, note: `contact-${key}` } });
  const booking = await h.db.callBooking.create({ data: { schoolId: school.id, childId, parentId: parent.id, slotStart: long, status: 'HELD' } });
  await message(`call-reminder:${booking.id}:${teacher.id}`, `call-${key}`);
  const flag = await h.db.childFlag.create({ data: { childId, kind: 'NO_CONTACT', raisedAt: long } });
  await message(`no-contact:flag-${flag.id}:user-${teacher.id}`, `flag-${key}`);
  const alert = await h.db.safeguardingAlert.create({ data: { childId, raisedById: teacher.id, kind: 'INJURED', note: `alert-${key}`, raisedAt: long, resolvedAt: long } });
  await message(`sg:raised:${alert.id}:user-${teacher.id}`, `alert-${key}`);
  await message(`sg:resolved:${alert.id}`, `alert resolved-${key}`);
  await message(`birthday-today:child-${childId}:2024-03-05:user-${parent.id}`, `birthday-${key}`, 'PENDING');
}

beforeAll(async () => {
  h = await Harness.create();
  school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  teacher = await h.db.user.create({ data: { accounts: onTelegram(9901n), displayName: 'T', languageCode: 'zh-CN' } });
  parent = await h.db.user.create({ data: { accounts: onTelegram(9903n), displayName: 'P' } });
  await seedChild('expired', 731);
  await seedChild('recent', 729);
  await seedChild('active', null);
});
afterAll(() => h.close());

describe('retention of a child who left', () => {
  it('deletes every row about a child archived 731 days ago, the file and the messages about them included, and keeps the others', async () => {
    const counts = await deleteExpiredChildData(h.db, new Date(h.now), 730);
    expect(counts).toEqual({
      children: 1, letters: 1, letterParts: 1, familyMessages: 1, updates: 1, updateLinks: 1, followUps: 1, weeklyNotes: 1, noteCopies: 1, checkIns: 1,
      contacts: 1, callBookings: 1, alerts: 1, flags: 1, changes: 1, guardianLinks: 1, pairings: 1, invites: 1, outboxMessages: 10,
    });
    const stored = await everythingStored(h.db);
    expect(stored.match(/[a-z-]*-expired/g)).toBeNull();
    for (const key of ['recent', 'active']) {
      for (const text of [`name-${key}`, `old-phone-${key}`, `letter-${key}`, `family-${key}`, `update-${key}`, `follow-up-${key}`, `note-${key}`, `check-in-${key}`, `contact-${key}`, `alert-${key}`, `flag-${key}`]) {
        expect(stored).toContain(text);
      }
    }
  });

  it('runs once a day from the scheduler with the configured days, and empties the text of old sent messages', async () => {
    await runRetention({ ...h.jobDeps(), retentionDays: 700 }, new Date(h.now));
    const stored = await everythingStored(h.db);
    expect(stored.match(/[a-z-]*-recent/g)).toBeNull();
    expect(await h.db.child.findMany({ select: { name: true }, orderBy: { id: 'asc' } })).toEqual([{ name: 'name-active' }]);
    expect(await h.db.outboxMessage.findMany({ where: { payload: { contains: 'active' } }, select: { idempotencyKey: true }, orderBy: { id: 'asc' } })).toEqual([
      { idempotencyKey: expect.stringMatching(/^check-in:\d+:ask$/) },
      { idempotencyKey: expect.stringMatching(/^birthday-today:/) },
    ]);
    expect(await h.db.jobRun.count({ where: { job: 'retention' } })).toBe(1);
  });
});

describe('pruning sent messages', () => {
  it(`empties the text of messages sent or failed more than ${SENT_PAYLOAD_DAYS} days ago, for everyone, and keeps waiting ones`, async () => {
    const recipient = await h.db.user.create({ data: { accounts: onTelegram(9904n), displayName: 'R' } });
    const at = (days: number) => new Date(h.now - days * DAY);
    const row = (key: string, status: 'SENT' | 'FAILED' | 'PENDING', days: number) =>
      h.db.outboxMessage.create({ data: { idempotencyKey: key, recipientId: recipient.id, payload: '{"kind":"text","text":"words"}', status, createdAt: at(days + 1), sentAt: status === 'SENT' ? at(days) : null } });
    await row('prune:sent-old', 'SENT', SENT_PAYLOAD_DAYS + 1);
    await row('prune:sent-new', 'SENT', SENT_PAYLOAD_DAYS - 1);
    await row('prune:failed-old', 'FAILED', SENT_PAYLOAD_DAYS + 1);
    await row('prune:waiting-old', 'PENDING', SENT_PAYLOAD_DAYS + 5);
    expect(await pruneSentPayloads(h.db, new Date(h.now))).toBe(2);
    const rows = await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'prune:' } }, select: { idempotencyKey: true, payload: true }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.idempotencyKey, r.payload === '' ? 'emptied' : 'kept'])).toEqual([
      ['prune:sent-old', 'emptied'],
      ['prune:sent-new', 'kept'],
      ['prune:failed-old', 'emptied'],
      ['prune:waiting-old', 'kept'],
    ]);
  });
});

describe('retention of outbox files (report charts)', () => {
  it('deletes files older than 60 days that no waiting message refers to', async () => {
    const recipient = await h.db.user.create({ data: { accounts: onTelegram(9902n), displayName: 'A' } });
    const file = async (daysAgo: number) => (await h.db.outboxFile.create({ data: { filename: 'report.png', channelFileId: 'tg-file', createdAt: new Date(h.now - daysAgo * DAY) } })).id;
    const [sent, waiting, sending, recent] = [await file(61), await file(61), await file(61), await file(59)];
    await file(61); // no message refers to this one
    const refer = (key: string, outboxFileId: number, status: 'SENT' | 'PENDING' | 'SENDING') =>
      h.db.outboxMessage.create({ data: { idempotencyKey: key, recipientId: recipient.id, payload: JSON.stringify({ kind: 'storedPhoto', outboxFileId }), status } });
    await refer('chart:sent', sent, 'SENT');
    await refer('chart:waiting', waiting, 'PENDING');
    await refer('chart:sending', sending, 'SENDING');
    expect(await deleteOldOutboxFiles(h.db, new Date(h.now))).toBe(2);
    expect((await h.db.outboxFile.findMany({ orderBy: { id: 'asc' } })).map((f) => f.id)).toEqual([waiting, sending, recent]);
  });
});
