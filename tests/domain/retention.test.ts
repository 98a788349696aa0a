import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredChildData, deleteOldOutboxFiles } from '../../src/domain/retention.js';
import { runRetention } from '../../src/jobs/retention.js';
import { Harness } from '../helpers/harness.js';

let h: Harness;
const DAY = 24 * 3600_000;
const ids: Record<string, number> = {};

async function seedChild(key: string, schoolId: number, teacherId: number, archivedDaysAgo: number | null) {
  const archivedAt = archivedDaysAgo === null ? null : new Date(h.now - archivedDaysAgo * DAY);
  const child = await h.db.child.create({ data: { schoolId, name: `child-${key}`, archivedAt } });
  ids[key] = child.id;
  await h.db.letter.create({ data: { childId: child.id, authorId: teacherId, direction: 'TO_CHILD', status: 'WAITING', parts: { create: [{ position: 0, kind: 'text', text: 'hi' }] } } });
  await h.db.familyMessage.create({ data: { childId: child.id, fromUserId: teacherId, text: 'hello' } });
  await h.db.contactLog.create({ data: { childId: child.id, teacherId, kind: 'CALL', happenedAt: new Date(h.now - 800 * DAY) } });
  const booking = await h.db.callBooking.create({ data: { schoolId, childId: child.id, parentId: teacherId, slotStart: new Date(h.now - 800 * DAY), status: 'HELD' } });
  await h.db.outboxMessage.create({ data: { idempotencyKey: `call-reminder:${booking.id}:${teacherId}`, recipientId: teacherId, payload: '{}', status: 'SENT' } });
  await h.db.growthUpdate.create({ data: { authorId: teacherId, schoolId, category: 'STUDY', text: 'x', children: { create: [{ childId: child.id }] } } });
}

beforeAll(async () => {
  h = await Harness.create();
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const teacher = await h.db.user.create({ data: { telegramId: 9901n, displayName: 'T', languageCode: 'zh-CN' } });
  await seedChild('expired', school.id, teacher.id, 731);
  await seedChild('recent', school.id, teacher.id, 729);
  await seedChild('active', school.id, teacher.id, null);
});
afterAll(() => h.close());

describe('retention', () => {
  it('deletes the data of a child archived 731 days ago and keeps the others', async () => {
    const counts = await deleteExpiredChildData(h.db, new Date(h.now), 730);
    expect(counts).toMatchObject({ children: 1, letters: 1, letterParts: 1, familyMessages: 1, updates: 1, checkIns: 0, contacts: 1, callBookings: 1, outboxMessages: 1 });
    for (const [key, left] of [['expired', 0], ['recent', 1], ['active', 1]] as const) {
      const where = { childId: ids[key]! };
      expect([await h.db.letter.count({ where }), await h.db.familyMessage.count({ where }), await h.db.contactLog.count({ where }), await h.db.callBooking.count({ where }), await h.db.updateChild.count({ where })]).toEqual([left, left, left, left, left]);
    }
    expect(await h.db.child.count()).toBe(3);
  });

  it('runs once a day from the scheduler with the configured days', async () => {
    await runRetention({ ...h.jobDeps(), retentionDays: 700 }, new Date(h.now));
    expect(await h.db.letter.count({ where: { childId: ids.recent! } })).toBe(0);
    expect(await h.db.jobRun.count({ where: { job: 'retention' } })).toBe(1);
  });
});

describe('retention of outbox files (report charts)', () => {
  it('deletes files older than 60 days that no waiting message refers to', async () => {
    const recipient = await h.db.user.create({ data: { telegramId: 9902n, displayName: 'A' } });
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
