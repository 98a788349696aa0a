import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { runDutyAndCalendarJobs } from '../helpers/scheduled-jobs.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const lastText = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1)?.text;

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('classTeacher', 8401n, '刘老师', 'zh-CN');
  await s.user('paired', 8402n, '赵老师', 'zh-CN');
  await s.user('mother', 8403n, '陈静', 'zh-CN');
  await s.user('father', 8404n, '王强', 'zh-CN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('paired', 'TEACHER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.pair('paired', 'xiaoming');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'fang', 'FATHER');
  await h.db.contactLog.create({ data: { childId: ids.fang!, teacherId: ids.classTeacher!, kind: 'CALL', happenedAt: new Date('2026-11-20T04:00:00Z') } });
});
afterAll(() => h.close());

const openFlags = () => h.db.childFlag.findMany({ where: { kind: 'NO_CONTACT', clearedAt: null }, orderBy: { id: 'asc' } });

describe('the no-contact alert', () => {
  it('flags a child whose parents have been silent for 30 days and tells the paired teacher once; a letter clears it', async () => {
    const teacher = h.user('赵老师', 8402, 'zh-CN');
    h.user('刘老师', 8401, 'zh-CN');
    await runDutyAndCalendarJobs(h, '2026-11-30T01:00:00Z');
    expect(await openFlags()).toEqual([]);

    const queued = await runDutyAndCalendarJobs(h, '2026-12-01T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2026-12-01T01:00:00Z')).toBe(queued);
    expect((await openFlags()).map((f) => f.childId)).toEqual([ids.xiaoming!]);
    h.transcript.note('1 December, 09:00: 30 days without a word from 李小明\'s parents');
    const sent = await h.deliverOutbox();
    expect(sent.map((call) => String(call.payload.text)).filter((text) => text.startsWith('⚠'))).toEqual(['⚠ 李小明的家长已经 30 天没有任何联系：没有来信、每月问候、通话或确认每周近况。能否给家长打个电话？\n📞 陈静（妈妈）没有留电话。']);

    // The mother left no number: one tap asks her to call the school back or leave it.
    const asked = await teacher.press('📞 请陈静（妈妈）回电话');
    expect(asked[0]).toMatchObject({ method: 'answerCallbackQuery', text: '已请陈静（妈妈）回电话或留下电话。' });
    expect(await teacher.press('📞 请陈静（妈妈）回电话')).toMatchObject([{ text: '今天已经请过陈静（妈妈）了。' }]);
    const request = (await h.deliverOutbox()).filter((call) => Number(call.payload.chat_id) === 8403);
    expect(request.map((call) => call.payload.text)).toEqual(['李小明学校的赵老师想和您通个电话。您方便的时候，请给学校回个电话；或者点下面的按钮留下您的电话，老师会打给您。']);

    await runDutyAndCalendarJobs(h, '2026-12-02T01:00:00Z');
    expect((await h.deliverOutbox()).filter((call) => String(call.payload.text).startsWith('⚠'))).toEqual([]);
    expect(await h.db.childFlag.count()).toBe(1);

    await teacher.send('/children');
    expect(lastText(await teacher.press('李小明 · 七年级二班'))).toContain('⚠ 已 30 天没有和家长联系（2026-12-01 标记）。');

    h.now = Date.parse('2026-12-02T12:00:00Z');
    const mother = h.user('陈静', 8403, 'zh-CN');
    await mother.send('/letter');
    await mother.send('妈妈想你了，过年就回家。');
    await mother.press('✉ 发送');
    await runDutyAndCalendarJobs(h, '2026-12-03T01:00:00Z');
    expect(await openFlags()).toEqual([]);
    expect((await h.db.childFlag.findFirstOrThrow()).clearedAt).toEqual(new Date('2026-12-03T01:00:00Z'));

    await teacher.send('/children');
    expect(lastText(await teacher.press('李小明 · 七年级二班'))).not.toContain('⚠');
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/no-contact.txt');
  });

  it('a call with the parents logged by a teacher counts as contact', async () => {
    await runDutyAndCalendarJobs(h, '2026-12-19T01:00:00Z');
    expect(await openFlags()).toEqual([]);
    await runDutyAndCalendarJobs(h, '2026-12-21T01:00:00Z');
    expect((await openFlags()).map((f) => f.childId)).toEqual([ids.fang!]);
    const noticeKeys = (await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'no-contact:' } } })).map((m) => m.idempotencyKey);
    const fangFlag = (await openFlags())[0]!;
    expect(noticeKeys).toContain(`no-contact:flag-${fangFlag.id}:user-${ids.classTeacher!}`);
    await h.db.contactLog.create({ data: { childId: ids.fang!, teacherId: ids.classTeacher!, kind: 'CALL', happenedAt: new Date('2026-12-21T04:00:00Z') } });
    await runDutyAndCalendarJobs(h, '2026-12-22T01:00:00Z');
    expect(await openFlags()).toEqual([]);
  });

  it('holiday days do not count: no check runs in a holiday, and a family is flagged only after 30 school days without contact', async () => {
    const schoolId = (await h.db.school.findFirstOrThrow()).id;
    await h.db.schoolPeriod.create({ data: { schoolId, kind: 'HOLIDAY', title: '寒假', startsOn: '2026-12-25', endsOn: '2027-01-10' } });
    const checks = () => h.db.jobRun.count({ where: { job: `no-contact:school-${schoolId}` } });
    const before = await checks();
    await runDutyAndCalendarJobs(h, '2027-01-02T01:00:00Z');
    expect(await checks()).toBe(before);
    await runDutyAndCalendarJobs(h, '2027-01-11T01:00:00Z');
    await runDutyAndCalendarJobs(h, '2027-01-18T01:00:00Z');
    expect(await openFlags()).toEqual([]);
    await runDutyAndCalendarJobs(h, '2027-01-19T01:00:00Z');
    expect((await openFlags()).map((f) => f.childId)).toEqual([ids.xiaoming!]);
  });
});
