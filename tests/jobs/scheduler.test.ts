import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledJobs, startScheduler } from '../../src/jobs/scheduler.js';
import { Harness } from '../helpers/harness.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
/** Sunday 2026-12-06 19:00 in Shanghai is the week's end; the bot was down from 18:50 to 20:30. */
const beforeWeekEnd = new Date('2026-12-06T10:50:00Z');
const backUp = new Date('2026-12-06T12:30:00Z');

beforeAll(async () => {
  h = await Harness.create();
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  const child = await h.db.child.create({ data: { schoolId: school.id, classId: klass.id, name: '李小明' } });
  const teacher = await h.db.user.create({ data: { accounts: onTelegram(9200n), displayName: '刘老师', languageCode: 'zh-CN' } });
  await h.db.growthUpdate.create({
    data: { authorId: teacher.id, schoolId: school.id, category: 'STUDY', text: '数学小测进步了。', createdAt: new Date('2026-12-03T02:00:00Z'), children: { create: { childId: child.id } } },
  });
  for (const [telegramId, relation] of [[9201n, 'MOTHER'], [9202n, 'FATHER']] as const) {
    const parent = await h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName: String(telegramId), languageCode: 'zh-CN' } });
    await h.db.guardianLink.create({ data: { userId: parent.id, childId: child.id, relation, role: 'PARENT', consentedAt: new Date('2026-11-01') } });
  }
});
afterAll(() => h.close());

const weeklyNotes = () => h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'weekly-note:' } } });

describe('the scheduler', () => {
  it('runs every job twice for the same time without queuing anything twice', async () => {
    await runScheduledJobs(h.jobDeps(), beforeWeekEnd);
    const queued = await h.db.outboxMessage.count();
    await runScheduledJobs(h.jobDeps(), beforeWeekEnd);
    expect(await h.db.outboxMessage.count()).toBe(queued);
    expect(await weeklyNotes()).toBe(0);
  });

  it('catches up a run missed while the process was down, once, when it starts again', async () => {
    const first = startScheduler(h.jobDeps(), () => backUp);
    await first.stop();
    expect(await weeklyNotes()).toBe(2);
    expect(await h.db.jobRun.count({ where: { job: { startsWith: 'weekly-note:' }, finishedAt: { not: null } } })).toBe(1);

    const second = startScheduler(h.jobDeps(), () => new Date(backUp.getTime() + 60_000));
    await second.stop();
    await runScheduledJobs(h.jobDeps(), new Date(backUp.getTime() + 3_600_000));
    expect(await weeklyNotes()).toBe(2);
  });
});
