import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSessionAmong, sessionsOf, type SchoolPeriodView } from '../../src/domain/school-calendar.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool, type SeededSchool } from '../helpers/seed.js';

const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const toast = (replies: BotReply[]) => replies.find((r) => r.method === 'answerCallbackQuery')?.text;
const day = (iso: string) => {
  const [year, month, date] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: date! };
};

describe('whether a school is in session', () => {
  const periods: SchoolPeriodView[] = [
    { id: 1, kind: 'TERM', title: '秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-22' },
    { id: 2, kind: 'HOLIDAY', title: '寒假', startsOn: '2027-01-23', endsOn: '2027-02-21' },
    { id: 3, kind: 'TERM', title: '春季学期', startsOn: '2027-02-22', endsOn: '2027-07-09' },
    { id: 4, kind: 'HOLIDAY', title: '国庆', startsOn: '2026-10-01', endsOn: '2026-10-07' },
  ];

  it('is always in session with no terms and no holidays; holidays are out; with terms, days outside every term are out', () => {
    expect(inSessionAmong([], day('2027-02-01'))).toBe(true);
    expect(inSessionAmong(periods.filter((p) => p.kind === 'HOLIDAY'), day('2027-03-01'))).toBe(true);
    expect(inSessionAmong(periods, day('2026-12-01'))).toBe(true);
    expect(inSessionAmong(periods, day('2026-10-03'))).toBe(false);
    expect(inSessionAmong(periods, day('2027-01-23'))).toBe(false);
    expect(inSessionAmong(periods, day('2027-02-21'))).toBe(false);
    expect(inSessionAmong(periods, day('2027-02-22'))).toBe(true);
    expect(inSessionAmong(periods, day('2027-08-01'))).toBe(false);
  });

  it('knows when school restarts after a holiday or between terms, and says nothing when no term lies ahead', () => {
    const sessions = sessionsOf(periods);
    expect(sessions.restartsAfter(day('2027-01-25'))).toEqual(day('2027-02-22'));
    expect(sessions.restartsAfter(day('2026-10-01'))).toEqual(day('2026-10-08'));
    expect(sessions.restartsAfter(day('2026-08-20'))).toEqual(day('2026-09-01'));
    expect(sessions.restartsAfter(day('2027-07-20'))).toBeNull();
    expect(sessions.anyInSession(day('2027-01-25'), day('2027-01-31'))).toBe(false);
    expect(sessions.anyInSession(day('2027-01-18'), day('2027-01-24'))).toBe(true);
  });
});

describe('terms and holidays (zh-CN)', () => {
  let h: Harness;
  let s: SeededSchool;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    h = await Harness.create();
    s = await seedSchool(h.db, { ids });
    await s.user('admin', 9301n, '张校长', 'zh-CN');
    await s.user('teacher', 9302n, '刘老师', 'zh-CN');
    await s.user('keeper', 9303n, '周阿姨', 'zh-CN');
    await s.user('mother', 9304n, '陈静', 'zh-CN');
    await s.member('admin', 'ADMIN');
    await s.member('teacher', 'TEACHER', { classTeacher: true });
    await s.member('keeper', 'KEEPER');
    await s.child('xiaoming', '李小明');
    await s.child('fang', '王芳');
    await s.link('mother', 'xiaoming', 'MOTHER');
    for (const [name, id] of [['张校长', 9301], ['刘老师', 9302], ['周阿姨', 9303], ['陈静', 9304]] as const) h.user(name, id, 'zh-CN');
  });
  afterAll(() => h.close());

  it('an admin sets the school year from /dates with a few taps: terms, holidays, removal after a confirmation', async () => {
    const admin = h.user('张校长', 9301, 'zh-CN');
    expect(lastReply(await admin.send('/dates'))?.buttons).toEqual([['+ 添加日程'], ['📅 学期和假期']]);
    const empty = lastReply(await admin.press('📅 学期和假期'));
    expect(empty?.text).toContain('（还没有设学期和假期，全年都按上课处理。）');
    expect(empty?.buttons).toEqual([['+ 添加学期', '+ 添加假期'], ['← 日程']]);

    expect(lastReply(await admin.press('+ 添加假期'))?.text).toBe('请发送假期的开始日期、结束日期和名称，例如：\n2026-12-08 2027-01-04 寒假');
    expect(lastReply(await admin.send('寒假'))?.text).toBe('没看懂。请按“年-月-日 年-月-日 名称”发送，例如：\n2026-12-08 2027-01-04 假期');
    expect(lastReply(await admin.send('2027-02-21 2027-01-23 寒假'))?.text).toBe('开始日期不能晚于结束日期，结束日期要从今天起，最长一年，名称不超过 30 个字。请重新发送。');
    const saved = await admin.send('2027年1月23日 至 2027年2月21日 寒假');
    expect(saved.map((r) => r.text)[0]).toBe('已保存：寒假，1月23日周六—2月21日周日。');
    await admin.press('+ 添加学期');
    await admin.send('2026-09-01 2027-01-22 秋季学期');
    await admin.press('+ 添加学期');
    await admin.send('2027-02-22 2027-07-09 春季学期');
    await admin.press('+ 添加假期');
    const year = lastReply(await admin.send('2027-04-03 2027-04-05'));
    expect(year?.text).toBe(
      [
        '希望中学的学期和假期：',
        '· 🏫 秋季学期：9月1日周二—1月22日周五',
        '· 🏖 寒假：1月23日周六—2月21日周日',
        '· 🏫 春季学期：2月22日周一—7月9日周五',
        '· 🏖 假期：4月3日周六—4月5日周一',
        '',
        '今天：上课。',
        '放假的日子里暂停：每周简报和周五提醒、失联提醒、“三个一”提醒、儿童之家的通话预约和来信提醒。家长在假期写的信，开学后再和孩子一起读。',
      ].join('\n'),
    );
    expect(year?.buttons).toEqual([['+ 添加学期', '+ 添加假期'], ['✕ 秋季学期'], ['✕ 寒假'], ['✕ 春季学期'], ['✕ 假期'], ['← 日程']]);

    expect(lastReply(await admin.press('✕ 假期'))).toMatchObject({ text: '删除“假期”（4月3日周六—4月5日周一）？', buttons: [['确定删除', '取消']] });
    expect(lastReply(await admin.press('取消'))?.buttons).toHaveLength(6);
    await admin.press('✕ 假期');
    const removed = await admin.press('确定删除');
    expect(toast(removed)).toBe('已删除。');
    expect(lastReply(removed)?.buttons).toEqual([['+ 添加学期', '+ 添加假期'], ['✕ 秋季学期'], ['✕ 寒假'], ['✕ 春季学期'], ['← 日程']]);
    expect(await h.db.schoolPeriod.count()).toBe(3);
    expect(lastReply(await admin.press('← 日程'))?.text).toBe('希望中学的日程（家长们将提前 3 天收到通知）：\n（还没有）');

    const mother = h.user('陈静', 9304, 'zh-CN');
    const winter = await h.db.schoolPeriod.findFirstOrThrow({ where: { title: '寒假' } });
    for (const data of [`sd:y:${s.schoolId}`, `sd:px:${winter.id}`, `sd:pxy:${winter.id}`, `sd:pa:${s.schoolId}:H`]) {
      expect(toast(await mother.pressData(data))).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    }
    expect(await h.db.schoolPeriod.count()).toBe(3);
  });

  it('in the winter break the Friday reminder, the weekly notes and the letterbox reminders pause; a letter is read when school restarts', async () => {
    await h.runWeeklyCycle(new Date('2027-01-22T07:00:00Z'));
    const reminders = () => h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'no-update:' } } });
    expect(await reminders()).toBe(1);
    await h.db.growthUpdate.create({
      data: { authorId: ids.teacher!, schoolId: s.schoolId, category: 'STUDY', text: '期末考试数学进步了', createdAt: new Date('2027-01-22T08:00:00Z'), children: { create: { childId: ids.xiaoming! } } },
    });
    await h.runWeeklyCycle(new Date('2027-01-24T11:00:00Z'));
    const notesOf = (week: string) => h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'weekly-note:', contains: `:${week}:` } } });
    expect(await notesOf('2027-W03')).toBeGreaterThan(0);
    await h.db.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: 'weekly-note:' } } });
    await h.db.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: 'no-update:' } } });

    h.transcript.note('the winter break: 23 January – 21 February');
    await h.db.growthUpdate.create({
      data: { authorId: ids.teacher!, schoolId: s.schoolId, category: 'DAILY_LIFE', text: '寒假在家帮奶奶做饭', createdAt: new Date('2027-01-26T04:00:00Z'), children: { create: { childId: ids.xiaoming! } } },
    });
    h.now = Date.parse('2027-01-26T12:00:00Z');
    const mother = h.user('陈静', 9304, 'zh-CN');
    await mother.send('/letter');
    await mother.send('小明，妈妈腊月二十八回家。');
    expect(lastReply(await mother.press('✉ 发送'))?.text).toBe('✓ 已发送。学校现在放假，2月22日周一开学后，儿童之家会和李小明一起读您的信；读过后您会收到消息。');

    const letterbox = () => h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'letter-' } } });
    await h.runWeeklyCycle(new Date('2027-01-26T13:00:00Z'));
    await h.runWeeklyCycle(new Date('2027-01-27T00:30:00Z'));
    await h.runWeeklyCycle(new Date('2027-01-29T07:00:00Z'));
    await h.runWeeklyCycle(new Date('2027-01-31T11:00:00Z'));
    expect(await reminders()).toBe(0);
    expect(await notesOf('2027-W04')).toBe(0);
    expect(await letterbox()).toBe(0);
    expect(await h.deliverOutbox()).toEqual([]);

    h.transcript.note('22 February, 08:30: school restarts');
    await h.runWeeklyCycle(new Date('2027-02-22T00:30:00Z'));
    expect(await letterbox()).toBeGreaterThan(0);
    const sent = await h.deliverOutbox();
    expect(sent.map((call) => Number(call.payload.chat_id))).toContain(9303);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/school-terms.zh-CN.txt');
  });
});

describe('terms and holidays (en)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.create();
    const s = await seedSchool(h.db);
    await s.user('admin', 9401n, 'Principal Zhang', 'en');
    await s.user('father', 9402n, 'Wang Qiang', 'en');
    await s.member('admin', 'ADMIN');
    await s.child('fang', '王芳');
    await s.link('father', 'fang', 'FATHER');
  });
  afterAll(() => h.close());

  it('an admin adds a holiday; a father writing in it is told the day school restarts', async () => {
    const admin = h.user('Principal Zhang', 9401, 'en');
    await admin.send('/dates');
    await admin.press('📅 Terms and holidays');
    expect(lastReply(await admin.press('+ Add a holiday'))?.text).toBe("Send the holiday's first day, last day and name, for example:\n2026-12-08 2027-01-04 Winter break");
    const saved = await admin.send('2026-12-02 - 2026-12-06 Sports break');
    expect(saved[0]?.text).toBe('Saved: Sports break, Wed 12/2 – Sun 12/6.');
    expect(lastReply(saved)?.text).toContain('· 🏖 Sports break: Wed 12/2 – Sun 12/6\n\nToday: school is in session.');

    h.now = Date.parse('2026-12-03T12:00:00Z');
    expect(lastReply(await admin.send('/dates'))?.buttons).toEqual([['+ Add dates'], ['📅 Terms and holidays']]);
    expect(lastReply(await admin.press('📅 Terms and holidays'))?.text).toContain('Today: holiday; school restarts on Mon 12/7.');
    const father = h.user('Wang Qiang', 9402, 'en');
    await father.send('/letter');
    await father.send('Fang, I will call on Sunday.');
    expect(lastReply(await father.press('✉ Send'))?.text).toBe(
      "✓ Sent. School is on holiday: the Children's Home will read your letter with 王芳 when school restarts on Mon 12/7; you will get a message when it has been read.",
    );
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/school-terms.en.txt');
  });
});
