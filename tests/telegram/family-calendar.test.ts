import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { runDutyAndCalendarJobs } from '../helpers/scheduled-jobs.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const texts = async () => (await h.deliverOutbox()).map((call) => `${call.payload.chat_id}: ${call.payload.text}`);

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('admin', 8501n, '张校长', 'zh-CN');
  await s.user('classTeacher', 8502n, '刘老师', 'zh-CN');
  await s.user('keeper', 8503n, '周阿姨', 'zh-CN');
  await s.user('mother', 8504n, '陈静', 'zh-CN');
  await s.user('father', 8505n, 'Wang Qiang', 'en');
  await s.member('admin', 'ADMIN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('keeper', 'KEEPER');
  await s.child('xiaoming', '李小明', { birthday: new Date('2013-12-08') });
  await s.child('fang', '王芳', { birthday: new Date('2014-03-02') });
  const consentedAt = new Date('2026-11-20');
  await s.link('mother', 'xiaoming', 'MOTHER', { consentedAt });
  await s.link('father', 'fang', 'FATHER', { consentedAt });
  for (const [name, id, lang] of [['张校长', 8501, 'zh-CN'], ['刘老师', 8502, 'zh-CN'], ['周阿姨', 8503, 'zh-CN'], ['陈静', 8504, 'zh-CN'], ['Wang Qiang', 8505, 'en']] as const) h.user(name, id, lang);
});
afterAll(() => h.close());

describe('the family calendar', () => {
  it('reminds the parents three days before a birthday, once, with a button that opens a letter; tells the class teacher and keeper on the day', async () => {
    await runDutyAndCalendarJobs(h, '2026-12-04T01:00:00Z');
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'birthday' } } })).toBe(0);
    const queued = await runDutyAndCalendarJobs(h, '2026-12-05T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2026-12-05T01:00:00Z')).toBe(queued);
    h.transcript.note('5 December, 09:00: 李小明 turns 13 on the 8th');
    expect(await texts()).toEqual(['8504: 12月8日周二是李小明的 13 岁生日。给孩子写封信或录一段语音吧，孩子会很开心。']);
    await runDutyAndCalendarJobs(h, '2026-12-06T01:00:00Z');
    await runDutyAndCalendarJobs(h, '2026-12-07T01:00:00Z');
    expect(await texts()).toEqual([]);

    const mother = h.user('陈静', 8504, 'zh-CN');
    const letter = await mother.press('✉ 给李小明写信');
    expect(lastReply(letter)?.text).toContain('✉ 给李小明的信。');
    await mother.send('/cancel');

    await runDutyAndCalendarJobs(h, '2026-12-08T01:00:00Z');
    h.transcript.note('8 December, 09:00: the birthday');
    expect(await texts()).toEqual(['8502: 🎂 今天是李小明的 13 岁生日。', '8503: 🎂 今天是李小明的 13 岁生日。']);
  });

  it('invites families to write before a festival, with lunar dates computed', async () => {
    await runDutyAndCalendarJobs(h, '2026-12-29T01:00:00Z');
    h.transcript.note('29 December, 09:00: New Year\'s Day is in three days (and the parents have been quiet for 30 days)');
    expect((await texts()).filter((text) => !text.includes('⚠'))).toEqual([
      '8504: 1月1日周五是元旦。给李小明写封信或录一段语音吧？',
      "8505: New Year's Day is on Fri 1/1. Would you send 王芳 a letter or a voice note for it?",
    ]);
    await runDutyAndCalendarJobs(h, '2027-02-02T01:00:00Z');
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { contains: 'SPRING_FESTIVAL' } } })).toBe(0);
    await runDutyAndCalendarJobs(h, '2027-02-03T01:00:00Z');
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { contains: 'SPRING_FESTIVAL:2027-02-06' } } })).toBe(2);
    h.transcript.note('3 February 2027, 09:00: the Spring Festival (6 February) is in three days');
    expect((await texts()).filter((text) => text.includes('春节') || text.includes('Spring'))).toHaveLength(2);
  });

  it('an admin adds the school\'s own dates with /dates; families hear of each three days before, once', async () => {
    h.now = Date.parse('2027-03-01T02:00:00Z');
    const admin = h.user('张校长', 8501, 'zh-CN');
    const list = await admin.send('/dates');
    expect(lastReply(list)).toMatchObject({ text: '希望中学的日程（家长们将提前 3 天收到通知）：\n（还没有）', buttons: [['+ 添加日程'], ['📅 学期和假期']] });
    await admin.press('+ 添加日程');
    expect(lastReply(await admin.send('2027-03-20 家长会\n下周考试'))?.text).toBe('第 2 行看不懂：每行请写 年-月-日 和内容。请重新发送。');
    expect(lastReply(await admin.send('2027-02-20 家长会'))?.text).toBe('日期要从今天起，内容不超过 60 个字。请重新发送。');
    expect(lastReply(await admin.send('2027-03-20 家长会\n2027-03-29 期中考试周'))?.text).toBe('已保存 2 个日程，家长们将提前 3 天收到通知。');
    const dates = await admin.send('/dates');
    expect(lastReply(dates)?.buttons).toEqual([['+ 添加日程'], ['📅 学期和假期'], ['✕ 3月20日周六 家长会'], ['✕ 3月29日周一 期中考试周']]);
    const asked = await admin.press('✕ 3月29日周一 期中考试周');
    expect(lastReply(asked)).toMatchObject({ text: '删除“期中考试周”（3月29日周一）？家长将不会再收到这个日程的提醒。', buttons: [['确定删除', '取消']] });
    const kept = await admin.press('取消');
    expect(lastReply(kept)).toMatchObject({ text: '希望中学的日程（家长们将提前 3 天收到通知）：\n· 3月20日周六 家长会\n· 3月29日周一 期中考试周' });
    expect(await h.db.schoolDate.count()).toBe(2);
    await admin.press('✕ 3月29日周一 期中考试周');
    const removed = await admin.press('确定删除');
    expect(removed.find((r) => r.method === 'answerCallbackQuery')?.text).toBe('已删除。');
    expect(lastReply(removed)?.text).toBe('希望中学的日程（家长们将提前 3 天收到通知）：\n· 3月20日周六 家长会');
    expect(await h.db.schoolDate.findMany({ select: { title: true } })).toEqual([{ title: '家长会' }]);

    const mother = h.user('陈静', 8504, 'zh-CN');
    expect((await mother.send('/dates')).at(-1)?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    const parentsDay = await h.db.schoolDate.findFirstOrThrow();
    for (const data of [`sd:x:${parentsDay.id}`, `sd:xy:${parentsDay.id}`]) {
      expect((await mother.pressData(data)).at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    }
    expect(await h.db.schoolDate.count()).toBe(1);

    await runDutyAndCalendarJobs(h, '2027-03-16T01:00:00Z');
    const queued = await runDutyAndCalendarJobs(h, '2027-03-17T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2027-03-18T01:00:00Z')).toBe(queued);
    h.transcript.note('17 March, 09:00: parents\' day is in three days');
    expect((await texts()).filter((text) => text.includes('家长会'))).toEqual(['8504: 希望中学：3月20日周六 家长会。', '8505: 希望中学: 家长会 on Sat 3/20.']);
  });

  it('on the first day of a holiday each family hears once when school restarts; festival prompts wait out the holiday', async () => {
    await h.db.schoolPeriod.create({ data: { schoolId: (await h.db.school.findFirstOrThrow()).id, kind: 'HOLIDAY', title: '六一假期', startsOn: '2027-05-29', endsOn: '2027-06-01' } });
    await runDutyAndCalendarJobs(h, '2027-05-28T01:00:00Z');
    expect(await texts()).toEqual([]);
    const queued = await runDutyAndCalendarJobs(h, '2027-05-29T01:00:00Z');
    expect(await runDutyAndCalendarJobs(h, '2027-05-29T05:00:00Z')).toBe(queued);
    h.transcript.note('29 May, 09:00: the 六一 holiday starts (Children\'s Day, 1 June, falls in it)');
    expect((await texts()).filter((text) => !text.includes('⚠'))).toEqual([
      '8504: 希望中学：六一假期从今天开始，6月2日周三开学。假期里写给孩子的信，开学后会和孩子一起读。',
      '8505: 希望中学: 六一假期 starts today; school restarts on Wed 6/2. Letters you write in the holiday are read with your child when school restarts.',
    ]);
    for (const at of ['2027-05-30T01:00:00Z', '2027-05-31T01:00:00Z', '2027-06-01T01:00:00Z', '2027-06-02T01:00:00Z']) await runDutyAndCalendarJobs(h, at);
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { contains: 'CHILDRENS_DAY' } } })).toBe(0);
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'school-break:' } } })).toBe(2);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/family-calendar.txt');
  });
});
