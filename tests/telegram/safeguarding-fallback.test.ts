import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSafeguardingJobs } from '../../src/jobs/safeguarding.js';
import type { ApiCall } from '../helpers/fake-telegram.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const MINUTE = 60_000;
const lastText = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1)?.text;
/** What Telegram accepted for this chat (refused sends are in the calls too). */
const textsTo = (calls: ApiCall[], telegramId: number) => calls.filter((c) => !c.refused && Number(c.payload.chat_id) === telegramId).map((c) => String(c.payload.text));
const accepted = (calls: ApiCall[]) => calls.filter((c) => !c.refused);
const PHONE = { guardianName: '李奶奶', guardianRelation: 'GRANDPARENT', guardianPhone: '13900000000' } as const;

/** Runs the safeguarding job at the harness's time, then the outbox. */
async function tick() {
  await runSafeguardingJobs(h.jobDeps(), new Date(h.now));
  return h.deliverOutbox();
}

/** Raises a "missing" alert without a note for the child, as the teacher would, and returns the bot's answer. */
async function raise(teacher: ReturnType<Harness['user']>, child: string): Promise<string | undefined> {
  h.transcript.note(`${teacher.name} raises an alert for ${child}`);
  await teacher.send('/alert');
  await teacher.press(child);
  await teacher.press('孩子失踪');
  return lastText(await teacher.press('不加说明'));
}

beforeAll(async () => {
  h = await Harness.create();
  h.now = Date.parse('2026-12-01T07:00:00Z');
});
afterAll(() => h.close());

describe('a safeguarding alert no admin can receive', () => {
  it('goes to the class teacher when the only admin blocked the bot, and the raiser is told so', async () => {
    const s = await seedSchool(h.db, { name: '山背小学', ids });
    await s.user('admin', 8401n, '王校长', 'zh-CN', { unreachableAt: new Date('2026-11-20T00:00:00Z') });
    await s.user('classTeacher', 8402n, '周老师', 'zh-CN');
    await s.user('raiser', 8403n, '刘老师', 'zh-CN');
    await s.member('admin', 'ADMIN');
    await s.member('classTeacher', 'TEACHER', { classTeacher: true });
    await s.member('raiser', 'TEACHER', { classId: s.classId });
    await s.child('child', '李小明', PHONE);
    const raiser = h.user('刘老师', 8403, 'zh-CN');
    const classTeacher = h.user('周老师', 8402, 'zh-CN');

    const reply = await raise(raiser, '李小明');
    expect(reply).toContain('安全警报已发起。家书上联系不到其他学校管理员，正在改发给班主任（1 人），送达后会告诉您。');
    expect(reply).not.toContain('收到');

    const sent = await h.deliverOutbox();
    expect(textsTo(sent, 8401)).toEqual([]);
    expect(textsTo(sent, 8402)).toHaveLength(1);
    expect(textsTo(sent, 8402)[0]).toMatch(/^🚨 紧急安全警报\n这条警报没能送到学校管理员，所以发给了您：请按下面的清单处理。\n\n李小明 · 孩子失踪/);
    expect(textsTo(await tick(), 8403)).toEqual(['✅ 您发起的安全警报（李小明 · 孩子失踪）已送达：周老师。']);

    expect(lastText(await classTeacher.send('/alerts'))).toContain('李小明 · 孩子失踪');
    expect(lastText(await classTeacher.press('✓ 已告知监护人'))).toContain('☑ 已告知监护人 15:00');
    const alert = await h.db.safeguardingAlert.findFirstOrThrow({ where: { childId: ids.child! } });
    const shown = await h.db.auditLog.findMany({ where: { action: 'child.contact.read', entityId: ids.child! }, orderBy: { id: 'asc' } });
    expect(shown.map((e) => [e.actorId, e.details])).toEqual([
      [ids.raiser!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'chat' })],
      [ids.classTeacher!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'message' })],
      [ids.classTeacher!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'chat' })],
      [ids.classTeacher!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'chat' })],
    ]);
  });

  it('moves on to the class teacher, then the keeper, as each message fails for good, and tells the raiser it reached nobody', async () => {
    const s = await seedSchool(h.db, { name: '河口中学', ids });
    await s.user('admin2', 8411n, '孙校长', 'zh-CN');
    await s.user('classTeacher2', 8412n, '钱老师', 'zh-CN');
    await s.user('keeper2', 8413n, '吴阿姨', 'zh-CN');
    await s.user('raiser2', 8414n, '郑老师', 'zh-CN');
    await s.member('admin2', 'ADMIN');
    await s.member('classTeacher2', 'TEACHER', { classTeacher: true });
    await s.member('keeper2', 'KEEPER');
    await s.member('raiser2', 'TEACHER', { classId: s.classId });
    await s.child('child2', '张小花', PHONE);
    const raiser = h.user('郑老师', 8414, 'zh-CN');
    for (const [name, id] of [['孙校长', 8411], ['钱老师', 8412], ['吴阿姨', 8413]] as const) h.user(name, id, 'zh-CN');

    const reply = await raise(raiser, '张小花');
    expect(reply).toContain('安全警报已发起，正在发送给学校管理员（1 人），送达后会告诉您。');
    h.telegram.failNext('sendMessage', 400, 'Bad Request: chat not found');
    h.transcript.note('Telegram refuses the message to 孙校长: chat not found');
    expect(accepted(await h.deliverOutbox())).toEqual([]);

    h.telegram.block(8412);
    h.transcript.note('钱老师 has blocked the bot');
    const second = await tick();
    expect(textsTo(second, 8414)).toEqual(['您发起的安全警报（张小花 · 孩子失踪）没能送达孙校长，现在正改发给班主任（1 人），送达后会告诉您。']);
    expect(await h.db.user.findUniqueOrThrow({ where: { id: ids.classTeacher2! } })).toMatchObject({ unreachableAt: expect.any(Date) });

    h.telegram.block(8413);
    h.transcript.note('吴阿姨 has blocked the bot');
    const third = await tick();
    expect(textsTo(third, 8414)).toEqual(['您发起的安全警报（张小花 · 孩子失踪）没能送达孙校长、钱老师，现在正改发给儿童之家管理员（1 人），送达后会告诉您。']);

    const last = await tick();
    expect(textsTo(last, 8414)).toEqual([
      '⚠️ 您发起的安全警报（张小花 · 孩子失踪）没有送到任何人：发给孙校长、钱老师、吴阿姨都失败了。请马上打电话给校长，并亲自告诉监护人和父母。',
    ]);
    expect(accepted(await tick())).toEqual([]);
    expect(textsTo(h.callsOf('sendMessage'), 8414).some((text) => text.includes('已送达'))).toBe(false);
  });

  it('tells the raiser at once when nobody at the school can be reached', async () => {
    const s = await seedSchool(h.db, { name: '石门小学', ids });
    await s.user('raiser3', 8421n, '冯老师', 'zh-CN');
    await s.member('raiser3', 'TEACHER', { classId: s.classId });
    await s.child('child3', '赵小军', PHONE);
    const raiser = h.user('冯老师', 8421, 'zh-CN');

    const reply = await raise(raiser, '赵小军');
    expect(reply).toMatch(/^⚠️ 安全警报已记下，但家书上联系不到学校里任何人：没有可联系的学校管理员、班主任或儿童之家管理员。请马上打电话给校长，并亲自告诉监护人和父母。\n请在 15:30 前告诉监护人/);
    expect(reply).not.toContain('正在发送');
    expect(await tick()).toEqual([]);
  });

  it('tells the raiser to phone when the alert is still not delivered after five minutes', async () => {
    const s = await seedSchool(h.db, { name: '柳湾中学', ids });
    await s.user('admin4', 8431n, '陈校长', 'zh-CN');
    await s.user('raiser4', 8432n, '何老师', 'zh-CN');
    await s.member('admin4', 'ADMIN');
    await s.member('raiser4', 'TEACHER', { classId: s.classId });
    await s.child('child4', '陈小雨', PHONE);
    const raiser = h.user('何老师', 8432, 'zh-CN');
    h.user('陈校长', 8431, 'zh-CN');

    await raise(raiser, '陈小雨');
    h.transcript.note('Telegram answers 502 Bad Gateway to the next send');
    h.telegram.failNext('sendMessage', 502, 'Bad Gateway');
    expect(accepted(await h.deliverOutbox())).toEqual([]);
    h.advance(4 * MINUTE);
    h.transcript.note('4 minutes later; Telegram answers 502 Bad Gateway to the next send');
    h.telegram.failNext('sendMessage', 502, 'Bad Gateway');
    expect(accepted(await tick())).toEqual([]);
    h.advance(1 * MINUTE);
    h.transcript.note('5 minutes after the alert; Telegram answers 502 Bad Gateway to the next send');
    h.telegram.failNext('sendMessage', 502, 'Bad Gateway');
    const late = await tick();
    expect(textsTo(late, 8432)).toEqual(['⚠️ 您发起的安全警报（陈小雨 · 孩子失踪）已经过了 5 分钟，还没有送到任何人。请不要再等，马上打电话给校长。']);
    expect(textsTo(late, 8431)).toEqual([]);
    h.advance(1 * MINUTE);
    h.transcript.note('6 minutes after the alert');
    const alerts = textsTo(await tick(), 8431).filter((text) => text.startsWith('🚨'));
    expect(alerts).toHaveLength(1);
    expect(textsTo(await tick(), 8432)).toEqual(['✅ 您发起的安全警报（陈小雨 · 孩子失踪）已送达：陈校长。']);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/safeguarding-fallback.txt');
  });
});
