import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 张阿姨 keeps the Home; 李老师 teaches the class; 王芳妈妈 is the mother of 王小明, whose parents are away; 路人 is a stranger. */
const world = await appWorld({ clock: () => now });
const { db, app, ids, as, outboxTo, school } = world;

/** Makes every insert into `table` fail, as a full disk or a crash in the middle of the action would. */
async function breakInsertsInto<T>(table: string, why: string, attempt: () => Promise<T>): Promise<unknown> {
  await db.$executeRawUnsafe(`CREATE TRIGGER "inserts_fail" BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, '${why}'); END`);
  try {
    return await attempt().then(
      () => 'kept',
      (error: unknown) => error,
    );
  } finally {
    await db.$executeRawUnsafe('DROP TRIGGER "inserts_fail"');
  }
}

/** Makes every insert into the outbox fail, as a full disk or a crash in the middle of queuing would. */
const breakTheOutbox = <T>(attempt: () => Promise<T>) => breakInsertsInto('OutboxMessage', 'the outbox is out of order', attempt);

beforeAll(async () => {
  await school.user('keeper', 9001, '张阿姨', 'zh-hans');
  await school.member('keeper', 'KEEPER');
  await school.user('teacher', 9002, '李老师', 'zh-hans');
  await school.member('teacher', 'TEACHER', { classTeacher: true });
  await school.user('mother', 9003, '王芳妈妈', 'zh-hans');
  await school.user('stranger', 9004, '路人', 'zh-hans');
  await school.child('child', '王小明', { parentsAway: 'BOTH' });
  await school.link('mother', 'child', 'MOTHER');
});
afterAll(world.close);

describe('a letter read with the child', () => {
  it('marks the letter read and queues the receipt to its author, together', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.child!, [{ kind: 'text', text: '小明，妈妈想你了。' }]);
    expect(await db.letter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: 'WAITING' });
    expect(await outboxTo('mother')).toHaveLength(0);

    const done = await app.letters.readWithChild(as('keeper'), letter.id);

    expect(done.letter.id).toBe(letter.id);
    expect(await db.letter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: 'READ', handledById: ids.keeper });
    const receipts = await outboxTo('mother');
    expect(receipts.map((m) => m.idempotencyKey)).toEqual([`letter:${letter.id}:read:user-${ids.mother}`]);
    expect(receipts[0]!.payload).toContain('王小明');
  });

  it('keeps neither the change nor the receipt when queuing the receipt fails, and a retry does both once', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.child!, [{ kind: 'text', text: '记得穿厚衣服。' }]);
    const before = (await outboxTo('mother')).length;

    const failure = await breakTheOutbox(() => app.letters.readWithChild(as('keeper'), letter.id));

    expect(String(failure)).toContain('the outbox is out of order');
    expect(await db.letter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: 'WAITING', handledById: null, handledAt: null });
    expect(await outboxTo('mother')).toHaveLength(before);

    await app.letters.readWithChild(as('keeper'), letter.id);
    expect(await db.letter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: 'READ' });
    const receipts = (await outboxTo('mother')).filter((m) => m.idempotencyKey.startsWith(`letter:${letter.id}:`));
    expect(receipts.map((m) => m.idempotencyKey)).toEqual([`letter:${letter.id}:read:user-${ids.mother}`]);
    await expect(app.letters.readWithChild(as('keeper'), letter.id)).rejects.toMatchObject({ reason: 'letters:alreadyRead' });
    expect((await outboxTo('mother')).filter((m) => m.idempotencyKey.startsWith(`letter:${letter.id}:`))).toHaveLength(1);
  });

  it('keeps the audit of a refused access but changes nothing and queues nothing', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.child!, [{ kind: 'text', text: '周末打电话。' }]);
    const audits = await db.auditLog.count({ where: { action: 'access.refused', actorId: ids.stranger! } });
    const queued = await db.outboxMessage.count();

    await expect(app.letters.readWithChild(as('stranger'), letter.id)).rejects.toMatchObject({ reason: 'forbidden' });

    expect(await db.auditLog.count({ where: { action: 'access.refused', actorId: ids.stranger! } })).toBe(audits + 1);
    expect(await db.letter.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({ status: 'WAITING' });
    expect(await db.outboxMessage.count()).toBe(queued);
  });
});

describe('a concern about a child', () => {
  const concern = () => ({ target: { childIds: [ids.child!] }, category: 'HEALTH' as const, text: '今天有点发烧，已经让他休息了。', media: [], concern: true, urgent: false });

  it('saves the update and tells the family, together', async () => {
    const { saved } = await app.updates.post(as('teacher'), concern());

    expect(await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({ concern: true, authorId: ids.teacher });
    const notices = (await outboxTo('mother')).filter((m) => m.idempotencyKey.startsWith(`concern:${saved.id}:`));
    expect(notices.some((m) => m.payload.includes('今天有点发烧'))).toBe(true);
  });

  it('saves no update when its notices cannot be queued, and the retry posts it once', async () => {
    const updates = await db.growthUpdate.count();
    const toMother = (await outboxTo('mother')).length;

    const failure = await breakTheOutbox(() => app.updates.post(as('teacher'), concern()));

    expect(String(failure)).toContain('the outbox is out of order');
    expect(await db.growthUpdate.count()).toBe(updates);
    expect(await outboxTo('mother')).toHaveLength(toMother);

    const { saved } = await app.updates.post(as('teacher'), concern());
    expect(await db.growthUpdate.count()).toBe(updates + 1);
    const notices = (await outboxTo('mother')).filter((m) => m.idempotencyKey.startsWith(`concern:${saved.id}:`));
    expect(notices.some((m) => m.payload.includes('今天有点发烧'))).toBe(true);
    expect(await outboxTo('mother')).toHaveLength(toMother + notices.length);
  });
});

describe('an update taken back by its author', () => {
  const plain = () => ({ target: { childIds: [ids.child!] }, category: 'STUDY' as const, text: '数学小测验进步了。', media: [], concern: false, urgent: false });
  const deletions = (updateId: number) => db.auditLog.count({ where: { action: 'update.deleted', entityId: updateId } });

  it('stays in the growth record when its audit row cannot be written, and the retry removes it with one audit row', async () => {
    const { saved } = await app.updates.post(as('teacher'), plain());

    const failure = await breakInsertsInto('AuditLog', 'the audit log is out of order', () => app.updates.remove(as('teacher'), saved.id));

    expect(failure).toBeInstanceOf(Error);
    expect(await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({ deletedAt: null });
    expect(await deletions(saved.id)).toBe(0);

    await app.updates.remove(as('teacher'), saved.id);
    expect((await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id } })).deletedAt).not.toBeNull();
    expect(await deletions(saved.id)).toBe(1);
  });
});

describe('a step of a safeguarding alert ticked', () => {
  const steps = (alertId: number) => db.auditLog.count({ where: { action: 'alert.step', entityId: alertId } });

  it('stays unticked when its audit row cannot be written, and the retry ticks it with one audit row', async () => {
    const { alert } = await app.safeguarding.raise(as('teacher'), ids.child!, 'UNSUPERVISED', null);

    const failure = await breakInsertsInto('AuditLog', 'the audit log is out of order', () => app.safeguarding.acknowledge(as('teacher'), alert.id, 'guardian'));

    expect(failure).toBeInstanceOf(Error);
    expect(await db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ guardianInformedAt: null });
    expect(await steps(alert.id)).toBe(0);

    await app.safeguarding.acknowledge(as('teacher'), alert.id, 'guardian');
    expect((await db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).guardianInformedAt).not.toBeNull();
    expect(await steps(alert.id)).toBe(1);
  });
});
