import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { runDutyAndCalendarJobs } from '../helpers/scheduled-jobs.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('admin', 8301n, '张校长', 'zh-CN');
  await s.user('classTeacher', 8302n, '刘老师', 'zh-CN');
  await s.user('paired', 8303n, 'Zhao Min', 'en');
  await s.member('admin', 'ADMIN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('paired', 'TEACHER');
  for (const [key, name] of [['xiaoming', '李小明'], ['fang', '王芳']] as const) {
    await s.child(key, name);
    await s.pair('paired', key);
  }
  await h.db.contactLog.create({ data: { childId: ids.xiaoming!, teacherId: ids.paired!, kind: 'VISIT', happenedAt: new Date('2026-12-05T04:00:00Z') } });
});
afterAll(() => h.close());

const keysOf = async (prefix: string) => (await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: prefix } }, orderBy: { id: 'asc' } })).map((m) => m.idempotencyKey);

describe('the "three ones" duties', () => {
  it('the paired teacher is reminded on the 20th of what is still open, once, and logs one in a tap', async () => {
    h.user('张校长', 8301, 'zh-CN');
    h.user('刘老师', 8302, 'zh-CN');
    await runDutyAndCalendarJobs(h, '2026-12-20T00:59:00Z');
    expect(await keysOf('duties-')).toEqual([]);
    const queued = await runDutyAndCalendarJobs(h, '2026-12-20T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2026-12-20T01:00:00Z')).toBe(queued);
    expect(await runDutyAndCalendarJobs(h, '2026-12-20T05:00:00Z')).toBe(queued);
    expect(await keysOf('duties-')).toEqual([`duties-reminder:school-1:2026-12:user-${ids.paired!}`]);

    h.transcript.note('20 December, 09:00 in Shanghai');
    const [reminder] = await h.deliverOutbox();
    expect(reminder?.payload.text).toBe(
      'Still open for 12/2026 ("three ones"):\n· 李小明: Call with the parents, Letter to the parents\n· 王芳: Home visit, Call with the parents, Letter to the parents\nPress a button when you have done one to log it.',
    );

    const teacher = h.user('Zhao Min', 8303, 'en');
    await teacher.press('李小明 · Call with the parents');
    await teacher.press('Today');
    const saved = await teacher.press('No note');
    expect(saved.at(-1)?.text).toBe("Logged: Call with the parents · 李小明 · 2026-12-20. It is in the child's file.");
  });

  it('at month end the overdue duties go to the class teacher on the 1st and to the admin on the 3rd, each once', async () => {
    await runDutyAndCalendarJobs(h, '2027-01-01T00:30:00Z');
    expect(await keysOf('duties-overdue')).toEqual([]);
    const first = await runDutyAndCalendarJobs(h, '2027-01-01T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2027-01-01T01:01:00Z')).toBe(first);
    expect(await keysOf('duties-overdue')).toEqual([`duties-overdue:school-1:2026-12:class-1:user-${ids.classTeacher!}`]);
    h.transcript.note('1 January, 09:00: the class teacher hears what was not done in December');
    expect((await h.deliverOutbox()).map((call) => call.payload.text)).toEqual(['2026年12月本班结对老师没有完成的“三个一”：\n· 王芳（Zhao Min）：家访、与家长通话']);

    await runDutyAndCalendarJobs(h, '2027-01-02T02:00:00Z');
    expect(await keysOf('duties-overdue-admin')).toEqual([]);
    const third = await runDutyAndCalendarJobs(h, '2027-01-03T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2027-01-03T01:00:00Z')).toBe(third);
    h.transcript.note('3 January, 09:00: the admin hears it too');
    expect((await h.deliverOutbox()).map((call) => call.payload.text)).toEqual(['2026年12月全校结对老师没有完成的“三个一”：\n· 王芳（Zhao Min）：家访、与家长通话']);
  });

  it('the semester letter is overdue only when the semester ends (January)', async () => {
    await h.db.contactLog.create({ data: { childId: ids.fang!, teacherId: ids.paired!, kind: 'LETTER', happenedAt: new Date('2027-01-10T04:00:00Z') } });
    await runDutyAndCalendarJobs(h, '2027-02-01T01:00:00Z');
    h.transcript.note('1 February, 09:00: the autumn semester has ended');
    expect((await h.deliverOutbox()).map((call) => call.payload.text)).toEqual([
      '2027年1月本班结对老师没有完成的“三个一”：\n· 李小明（Zhao Min）：家访、与家长通话、给家长写信\n· 王芳（Zhao Min）：家访、与家长通话',
    ]);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/duties.txt');
  });
});
