import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../src/domain/index.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { remindOfCalls } from '../../src/jobs/call-reminders.js';
import { createLogger } from '../../src/logger.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const lastText = (replies: BotReply[]) => lastReply(replies)?.text;

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('admin', 8101n, '张校长', 'zh-CN');
  await s.user('mother', 8102n, '陈静', 'zh-hans');
  await s.user('father', 8103n, 'Zhang Jun', 'en');
  await s.user('grandma', 8104n, '王奶奶', 'zh-CN');
  await s.user('keeper', 8105n, '周阿姨', 'zh-CN');
  await s.member('admin', 'ADMIN');
  await s.member('keeper', 'KEEPER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.child('wei', '张伟');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('grandma', 'fang', 'GRANDPARENT');
  await s.link('father', 'wei', 'FATHER');
});
afterAll(() => h.close());

async function runReminders(at: Date) {
  h.now = at.getTime();
  const domain = createDomain(h.db, { clock: () => new Date(h.now) });
  await remindOfCalls({ db: h.db, domain, translations: await loadTranslations(), defaultLocale: 'zh-CN', logger: createLogger('silent') }, at);
}

describe('calls at the Children\'s Home', () => {
  it('the admin sets the hours; families book, race for a slot, move and cancel; reminders; the keeper records the call', async () => {
    const admin = h.user('张校长', 8101, 'zh-CN');
    expect(lastText(await admin.send('/callhours'))).toContain('（还没有设置）');
    expect(lastText(await admin.send('周二 16:30'))).toContain('第 1 行看不懂：周二 16:30');
    expect(lastText(await admin.send('二 16:30-18:00 10\n周四 16:30-16:35 10'))).toContain('每次通话要 5 到 60 分钟');
    expect(lastText(await admin.send('二 16:30-18:00 10\n周四 16:30-18:00 10'))).toBe('每个孩子每周最多可以约几次通话？（现在是 1 次）请按数字或直接输入。');
    expect(lastText(await admin.press('1'))).toBe('已保存。\n周二 16:30–18:00，每次 10 分钟\n周四 16:30–18:00，每次 10 分钟\n每个孩子每周最多 1 次通话。');

    const mother = h.user('陈静', 8102, 'zh-hans');
    expect(lastText(await mother.send('/call'))).toBe('李小明在儿童之家的通话预约：\n（还没有预约）');
    expect(lastReply(await mother.press('📞 预约通话'))?.buttons).toEqual([['12月1日周二', '12月3日周四'], ['12月8日周二', '12月10日周四']]);
    await mother.press('12月1日周二');
    expect(lastText(await mother.press('16:30'))).toBe('已预约：12月1日周二 16:30 和李小明通话。通话前 30 分钟会提醒您。');

    const grandma = h.user('王奶奶', 8104, 'zh-CN');
    await grandma.send('/call');
    await grandma.press('📞 预约通话');
    const times = await grandma.press('12月1日周二');
    expect(lastReply(times)?.buttons[0]).toEqual(['16:40', '16:50', '17:00', '17:10']);

    const father = h.user('Zhang Jun', 8103, 'en');
    await father.send('/call');
    await father.press('📞 Book a call');
    await father.press('Tue 12/1');
    expect(lastText(await father.press('16:40'))).toBe('Booked: your call with 张伟 on Tue 12/1 16:40. I will remind you 30 minutes before.');

    const lost = await grandma.press('16:40');
    expect(lost[0]).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，这个时间刚被其他家庭约走了，请另选一个时间。' });
    expect(lastReply(lost)?.buttons[0]).toEqual(['16:50', '17:00', '17:10', '17:20']);
    await grandma.press('16:50');
    expect(await h.db.callBooking.count({ where: { status: 'BOOKED' } })).toBe(3);

    await mother.send('/call');
    await mother.press('改约 12月1日周二 16:30');
    await mother.press('12月3日周四');
    expect(lastText(await mother.press('17:00'))).toBe('已改约：和李小明的通话改到 12月3日周四 17:00。通话前 30 分钟会提醒您。');

    await father.send('/call');
    expect(lastText(await father.press('Cancel'))).toBe('Cancel the call with 张伟 on Tue 12/1 16:40?');
    expect(lastText(await father.press('Yes, cancel it'))).toBe('Cancelled. The time is free for other families.');

    const grandmasCall = await h.db.callBooking.findFirstOrThrow({ where: { parentId: ids.grandma!, status: 'BOOKED' } });
    expect((await mother.pressData(`cbk:x:${grandmasCall.id}`))[0]?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');

    const keeper = h.user('周阿姨', 8105, 'zh-CN');
    await runReminders(new Date('2026-12-01T08:19:00Z'));
    expect(await h.db.outboxMessage.count()).toBe(0);
    await runReminders(new Date('2026-12-01T08:20:00Z'));
    await runReminders(new Date('2026-12-01T08:21:00Z'));
    h.transcript.note('16:20 in Shanghai: the reminders go out');
    expect((await h.deliverOutbox()).map((call) => call.payload.text)).toEqual([
      '提醒：您和王芳在儿童之家的通话时间是 12月1日周二 16:50，请准时接听。',
      '提醒：12月1日周二 16:50，王芳和王奶奶通话。\n📞 王奶奶没有留电话。',
    ]);

    const schedule = await keeper.send('/schedule');
    expect(lastText(schedule)).toBe('12月1日周二 希望中学儿童之家的通话：\n16:50 王芳 — 王奶奶 · 已预约');
    expect((await keeper.press('✓ 16:50 王芳 已通话'))[0]?.text).toBe('这次通话还没开始，开始后才能记录。');
    h.advance(40 * 60_000);
    expect(lastText(await keeper.press('✓ 16:50 王芳 已通话'))).toBe('和王芳的通话用了多少分钟？请按下面的按钮或直接输入数字。');
    expect(lastText(await keeper.send('好多'))).toBe('请输入 1 到 180 之间的分钟数。');
    expect(lastText(await keeper.send('8 分钟'))).toBe('已记录：王芳的通话进行了 8 分钟，已记入孩子的档案。');
    expect((await grandma.pressData(`csk:m:${grandmasCall.id}`))[0]?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');

    await keeper.send('/children');
    const card = await keeper.press('王芳 · 七年级二班');
    expect(lastText(card)).toContain('儿童之家通话：\n12月1日周二 16:50 王奶奶 · 已通话 8 分钟');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/calls.txt');
  });

  it('no call can be booked on a holiday day: those days are not offered, and a forged holiday slot is refused', async () => {
    h.now = Date.parse('2026-12-02T02:00:00Z');
    await h.db.schoolPeriod.create({ data: { schoolId: (await h.db.school.findFirstOrThrow()).id, kind: 'HOLIDAY', title: '运动会', startsOn: '2026-12-08', endsOn: '2026-12-10' } });
    const father = h.user('Zhang Jun', 8103, 'en');
    await father.send('/call');
    expect(lastReply(await father.press('📞 Book a call'))?.buttons).toEqual([['Thu 12/3', 'Tue 12/15']]);
    const holidaySlot = Date.parse('2026-12-08T08:30:00Z') / 60_000;
    const refused = await father.pressData(`cbk:s:${ids.wei!}:0:${holidaySlot}`);
    expect(refused[0]).toMatchObject({ method: 'answerCallbackQuery', text: 'That time cannot be booked (it has passed or is outside the opening hours).' });
    expect(await h.db.callBooking.count({ where: { childId: ids.wei!, status: 'BOOKED' } })).toBe(0);
  });
});
