import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../src/domain/index.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { runCheckInJobs } from '../../src/jobs/check-ins.js';
import type { WeeklyCycleDeps } from '../../src/jobs/job-deps.js';
import { createLogger } from '../../src/logger.js';
import { Harness } from '../helpers/harness.js';
import { onTelegram, withTelegram } from '../helpers/accounts.js';

let h: Harness;
let deps: WeeklyCycleDeps;
const ids = { children: {} as Record<string, number>, users: {} as Record<string, number> };

/** Runs the check-in jobs as the scheduler tick would at `at`. */
async function runJobs(at: string): Promise<void> {
  h.transcript.note(`the scheduler runs at ${at}`);
  h.now = Date.parse(at);
  await runCheckInJobs(deps, new Date(at));
}

async function outboxKeys(prefix = 'check-in:'): Promise<string[]> {
  const rows = await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: prefix } }, orderBy: { id: 'asc' } });
  return rows.map((row) => row.idempotencyKey);
}

async function checkInOf(parent: string, month = '2026-12') {
  return h.db.checkIn.findUniqueOrThrow({ where: { userId_childId_month: { userId: ids.users[parent]!, childId: ids.children[parent]!, month } } });
}

beforeAll(async () => {
  h = await Harness.create();
  deps = { db: h.db, domain: createDomain(h.db, { clock: () => new Date(h.now) }), translations: await loadTranslations(), defaultLocale: 'zh-CN', logger: createLogger('silent') };
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  const user = async (telegramId: bigint, displayName: string, languageCode: string) => {
    const row = await h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName, languageCode } });
    ids.users[displayName] = row.id;
    return row;
  };
  const classTeacher = await user(9201n, '刘老师', 'zh-CN');
  await h.db.membership.create({ data: { userId: classTeacher.id, role: 'TEACHER', schoolId: school.id, classId: klass.id, classTeacher: true } });
  const paired = await user(9202n, 'Wang Fang', 'en');
  await h.db.membership.create({ data: { userId: paired.id, role: 'TEACHER', schoolId: school.id, classId: klass.id } });
  for (const [childName, parentId, parentName, languageCode, relation, pairedTeacher] of [
    ['李小明', 9203n, '陈静', 'zh-hans', 'MOTHER', paired.id],
    ['张小红', 9204n, 'Li Wei', 'en', 'FATHER', null],
    ['王小刚', 9205n, '赵强', 'zh-CN', 'FATHER', paired.id],
  ] as const) {
    const child = await h.db.child.create({ data: { schoolId: school.id, classId: klass.id, name: childName } });
    const parent = await user(parentId, parentName, languageCode);
    ids.children[parentName] = child.id;
    await h.db.guardianLink.create({ data: { userId: parent.id, childId: child.id, relation, role: 'PARENT', consentedAt: new Date('2026-11-01') } });
    if (pairedTeacher) await h.db.pairing.create({ data: { teacherId: pairedTeacher, childId: child.id } });
  }
  // 陈静 left her number and free time at joining; 赵强 did not.
  await h.db.user.updateMany({ where: withTelegram(9203n), data: { phone: '+8613800138000', freeStart: 12 * 60, freeEnd: 13 * 60 } });
  const grandmother = await user(9206n, '李奶奶', 'zh-CN');
  ids.children['李奶奶'] = ids.children['陈静']!;
  await h.db.guardianLink.create({ data: { userId: grandmother.id, childId: ids.children['陈静']!, relation: 'GRANDPARENT', role: 'GUARDIAN', consentedAt: new Date('2026-11-01') } });
});
afterAll(() => h.close());

describe('the monthly check-in', () => {
  it('asks each parent once, takes answers on time and late, reminds on day 3 and asks the teacher to call on day 7', async () => {
    const mother = h.user('陈静', 9203, 'zh-hans');
    const father = h.user('Li Wei', 9204, 'en');
    h.user('赵强', 9205, 'zh-CN');
    h.user('刘老师', 9201, 'zh-CN');
    h.user('Wang Fang', 9202, 'en');
    h.user('李奶奶', 9206, 'zh-CN');

    // December 2026 starts on a Tuesday: the check-ins are due on Saturday the 5th, 10:00 in Shanghai.
    await runJobs('2026-12-05T01:59:00Z');
    expect(await h.db.checkIn.count()).toBe(0);
    await runJobs('2026-12-05T02:00:00Z');
    await runJobs('2026-12-05T02:01:00Z');
    expect(await outboxKeys()).toHaveLength(4);
    expect(await h.db.outboxMessage.count({ where: { urgent: true } })).toBe(0);
    expect(await h.db.checkIn.count({ where: { userId: ids.users['李奶奶'] } })).toBe(1);
    const asked = await h.deliverOutbox();
    expect(asked.map((call) => call.payload.chat_id).sort()).toEqual([9203, 9204, 9205, 9206]);
    // The grandmother at home is asked one question with three buttons, not the parents' questionnaire.
    expect(asked.find((call) => call.payload.chat_id === 9206)?.payload.text).toBe('每月问候：李小明（2026年12月）\n\n李小明这个月在家怎么样？点一下就好。');

    // On time: four taps, then a text for the teacher.
    h.now = Date.parse('2026-12-05T03:00:00Z');
    await mother.press('每周一两次');
    await mother.press('健康');
    await mother.press('情绪');
    await mother.press('✓ 情绪');
    await mother.press('安全');
    await mother.press('完成 ➡');
    await mother.press('2027年2月');
    await mother.press('需要，请打给我');
    const thanks = (await mother.send('小明最近说想家，晚上睡不好。')).at(-1);
    expect(thanks?.text).toBe('谢谢您！关于李小明的留言也已经交给老师。');
    expect(await checkInOf('陈静')).toMatchObject({ talkFrequency: 'WEEKLY', worries: 'HEALTH,SAFETY', comingHome: '2027-02', wantsCall: true, message: '小明最近说想家，晚上睡不好。' });
    const summaries = await h.deliverOutbox();
    expect(summaries.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [
        9202,
        '📞 陈静 would like you to call.\n📞 陈静 (mother): +86 138 0013 8000 (usually free 12:00–13:00)\n\nCheck-in from 陈静 (mother of 李小明), December 2026\nTalked with 李小明: Once or twice a week\nWorries: Health, Safety\nComing home: February 2027\nWants a call: yes',
      ],
      [9202, '陈静 (mother of 李小明) added to the check-in:\n\n小明最近说想家，晚上睡不好。'],
    ]);

    // The grandmother finds the child worrying: the paired teacher is told at once, her voice note follows.
    const grandmother = h.user('李奶奶', 9206, 'zh-CN');
    const worried = await grandmother.press('让人担心');
    expect(worried.at(-1)).toMatchObject({ text: '谢谢您！关于李小明的回答已经交给老师。\n\n还有什么想告诉老师的吗？发文字或语音都可以，或者点“跳过”。', buttons: [['跳过']] });
    expect((await grandmother.sendVoice('voice-grandma')).at(-1)?.text).toBe('谢谢您！关于李小明的留言也已经交给老师。');
    expect(await checkInOf('李奶奶')).toMatchObject({ atHome: 'WORRIED', talkFrequency: null, voiceFileId: 'voice-grandma', answeredAt: new Date('2026-12-05T03:00:00Z') });
    const told = await h.deliverOutbox();
    expect(told.map((call) => [call.method, call.payload.chat_id, call.payload.text ?? call.payload.caption])).toEqual([
      ['sendMessage', 9202, '⚠ 李奶奶 (grandparent of 李小明) says in the monthly check-in that 李小明 is worrying at home this month. Please get in touch soon.'],
      ['sendVoice', 9202, '李奶奶 (grandparent of 李小明) added a voice note to the check-in.'],
    ]);
    await mother.pressData(`ci:ah:${(await checkInOf('李奶奶')).id}:GOOD`);
    expect((await checkInOf('李奶奶')).atHome).toBe('WORRIED');

    // Someone else's check-in, or a question already answered, is refused.
    const mothers = await checkInOf('陈静');
    await father.pressData(`ci:talk:${mothers.id}:DAILY`);
    await mother.pressData(`ci:talk:${mothers.id}:DAILY`);
    expect((await checkInOf('陈静')).talkFrequency).toBe('WEEKLY');
    expect(await h.db.auditLog.count({ where: { action: 'access.refused', entity: 'CheckIn', entityId: mothers.id } })).toBe(1);

    // Day 3: one gentle reminder to each parent who has not answered, however often the jobs run.
    await runJobs('2026-12-08T01:59:00Z');
    expect(await outboxKeys('check-in:')).toHaveLength(8);
    await runJobs('2026-12-08T02:00:00Z');
    await runJobs('2026-12-08T02:01:00Z');
    const reminders = await h.deliverOutbox();
    expect(reminders.map((call) => call.payload.chat_id).sort()).toEqual([9204, 9205]);

    // Late: the father answers from the reminder the next day.
    h.now = Date.parse('2026-12-09T12:00:00Z');
    await father.press('Answer now');
    await father.press('Hardly at all');
    await father.press('No worries');
    await father.press('Not sure yet');
    await father.press('No, thanks');
    await father.press('Skip');
    await father.press('Answer now');
    expect(await checkInOf('Li Wei')).toMatchObject({ talkFrequency: 'RARELY', worries: '', comingHome: 'UNSURE', wantsCall: false, message: null });
    const late = await h.deliverOutbox();
    expect(late.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [9201, 'Li Wei（张小红的爸爸）的2026年12月每月问候（晚些时候回答）\n和张小红聊天：几乎没有\n担心：没有担心\n回家时间：还不确定\n需要老师打电话：否'],
    ]);

    // Day 7: the paired teacher is asked to call the parent who never answered; nobody else.
    await runJobs('2026-12-12T02:00:00Z');
    await runJobs('2026-12-12T02:01:00Z');
    await runJobs('2026-12-13T02:00:00Z');
    const escalations = await h.deliverOutbox();
    expect(escalations.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [9202, '赵强 (father of 王小刚) has not answered the December 2026 check-in, asked on 2026-12-05, even after a reminder. Please give them a call.\n📞 赵强 (father) has not left a phone number.'],
    ]);
    expect(escalations[0]?.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: '📞 Ask 赵强 (father) to call back', callback_data: expect.stringMatching(/^cb:ask:\d+$/) }]] });
    expect(await h.db.auditLog.count({ where: { action: 'family.phone.read', actorId: (await h.db.user.findFirstOrThrow({ where: withTelegram(9202n) })).id } })).toBe(1);
    expect(await checkInOf('赵强')).toMatchObject({ answeredAt: null, remindedAt: new Date('2026-12-08T02:00:00Z'), escalatedAt: new Date('2026-12-12T02:00:00Z') });
    expect(await h.db.jobRun.count({ where: { job: { startsWith: 'check-in:' } } })).toBe(1);
    expect(await outboxKeys()).toHaveLength(12);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/check-ins.txt');
  });

  it('catches up a month\'s check-ins missed while the bot was down, once, within the month', async () => {
    const before = await outboxKeys();
    // January 2027's first Saturday is the 2nd; the bot is down from the 1st to the 4th.
    await runJobs('2027-01-01T12:00:00Z');
    expect(await h.db.checkIn.count({ where: { month: '2027-01' } })).toBe(0);
    await runJobs('2027-01-04T01:00:00Z');
    await runJobs('2027-01-04T01:01:00Z');
    const january = await h.db.checkIn.findMany({ where: { month: '2027-01' } });
    expect(january.map((c) => c.sentAt.toISOString())).toEqual(Array(4).fill('2027-01-04T01:00:00.000Z'));
    const added = (await outboxKeys()).filter((key) => !before.includes(key));
    expect(added).toEqual(january.map((c) => `check-in:${c.id}:ask`));
    expect(await h.db.jobRun.findMany({ where: { job: { startsWith: 'check-in:' } }, select: { periodKey: true } })).toEqual([{ periodKey: '2026-12' }, { periodKey: '2027-01' }]);

    // The parent who never answered in December answers January's, with a voice note for the teacher.
    const father = h.user('赵强', 9205, 'zh-CN');
    await h.deliverOutbox();
    for (const label of ['几乎每天', '没有担心', '2027年1月', '不用了，谢谢']) await father.press(label);
    await father.sendVoice('voice-zhao');
    const sent = await h.deliverOutbox();
    expect(sent.filter((call) => call.payload.chat_id === 9202).map((call) => [call.method, call.payload.text ?? call.payload.caption])).toEqual([
      ['sendMessage', 'Check-in from 赵强 (father of 王小刚), January 2027\nTalked with 王小刚: Almost every day\nWorries: No worries\nComing home: January 2027\nWants a call: no'],
      ['sendVoice', '赵强 (father of 王小刚) added a voice note to the check-in.'],
    ]);
    expect(await checkInOf('赵强', '2027-01')).toMatchObject({ voiceFileId: 'voice-zhao', message: null });
  });
});
