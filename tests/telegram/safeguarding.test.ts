import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../src/jobs/scheduler.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { wallClock } from '../../src/i18n/wall-clock.js';

let h: Harness;
const ids: Record<string, number> = {};
const MINUTE = 60_000;
const lastText = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1)?.text;
const phoneShown = (alertId: number) => h.db.auditLog.findMany({ where: { action: 'child.contact.read', details: { contains: `"alertId":${alertId},` } }, orderBy: { id: 'asc' } });
const textsTo = (calls: { payload: Record<string, unknown> }[], telegramId: number) => calls.filter((c) => Number(c.payload.chat_id) === telegramId).map((c) => String(c.payload.text));

async function tick() {
  await runScheduledJobs(h.jobDeps(), new Date(h.now));
  return h.deliverOutbox();
}

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('admin', 8301n, '王校长', 'zh-CN', { quietStart: 22 * 60, quietEnd: 7 * 60 });
  await s.user('teacher', 8302n, '刘老师', 'zh-CN');
  await s.user('other', 8303n, '赵老师', 'zh-CN');
  await s.user('mother', 8304n, '陈静', 'zh-CN');
  await s.member('admin', 'ADMIN');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.member('other', 'TEACHER');
  await s.child('child', '李小明', { guardianName: '王奶奶', guardianRelation: 'GRANDPARENT', guardianPhone: '13800000000' });
  await s.link('mother', 'child', 'MOTHER');
});
afterAll(() => h.close());

describe('the safeguarding alert', () => {
  it('reaches the admin at once in quiet hours, reminds until each step is acknowledged, and only admins and the raiser see it', async () => {
    h.now = Date.parse('2026-12-01T15:00:00Z');
    const teacher = h.user('刘老师', 8302, 'zh-CN');
    const admin = h.user('王校长', 8301, 'zh-CN');
    const mother = h.user('陈静', 8304, 'zh-CN');
    const other = h.user('赵老师', 8303, 'zh-CN');
    expect(lastText(await teacher.send('/alert'))).toBe('发起安全警报：哪个孩子？');
    await teacher.press('李小明');
    await teacher.press('孩子失踪');
    const raised = await teacher.send('晚自习后没有回宿舍。');
    expect(lastText(raised)).toContain('安全警报已发起，正在发送给学校管理员（1 人），送达后会告诉您。');
    expect(lastText(raised)).not.toContain('收到');
    expect(lastText(raised)).toContain('请在 23:30 前告诉监护人，00:00 前告诉父母');
    expect(lastText(raised)).toContain('监护人：王奶奶（祖辈） 13800000000');
    const alert = await h.db.safeguardingAlert.findFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'MISSING', note: '晚自习后没有回宿舍。', raisedById: ids.teacher! });

    const atOnce = await h.deliverOutbox();
    expect(textsTo(atOnce, 8301)).toHaveLength(1);
    expect(textsTo(atOnce, 8301)[0]).toContain('紧急安全警报');
    expect(textsTo(atOnce, 8301)[0]).toContain('☐ 已告知监护人（23:30 前）');
    expect(textsTo(atOnce, 8301)[0]).toContain('监护人：王奶奶（祖辈） 13800000000');
    expect((await phoneShown(alert.id)).map((e) => [e.actorId, e.entity, e.entityId, e.details])).toEqual([
      [ids.teacher!, 'Child', ids.child!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'chat' })],
      [ids.admin!, 'Child', ids.child!, JSON.stringify({ view: 'alert', alertId: alert.id, via: 'message' })],
    ]);
    expect(textsTo(await tick(), 8302)).toEqual(['✅ 您发起的安全警报（李小明 · 孩子失踪）已送达：王校长。']);

    h.advance(29 * MINUTE);
    expect(await tick()).toHaveLength(0);
    h.advance(1 * MINUTE);
    const first = await tick();
    expect(textsTo(first, 8301)[0]).toContain('提醒：“已告知监护人”尚未确认');
    expect(textsTo(first, 8302)).toHaveLength(1);
    expect(await tick()).toHaveLength(0);

    expect((await mother.pressData(`sg:guardian:${alert.id}`))[0]).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    expect((await other.pressData(`sg:resolved:${alert.id}`))[0]).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    expect(lastText(await other.send('/alerts'))).toBe('没有未处理的安全警报。');
    expect(lastText(await mother.send('/alerts'))).toBe('没有未处理的安全警报。');
    expect(await h.db.auditLog.count({ where: { action: 'access.refused', entity: 'SafeguardingAlert' } })).toBe(2);

    h.advance(5 * MINUTE);
    await admin.send('/alerts');
    const ticked = await admin.press('✓ 已告知监护人');
    expect(lastText(ticked)).toContain('☑ 已告知监护人 23:35');

    h.advance(25 * MINUTE);
    const hour = await tick();
    expect(hour.map((c) => String(c.payload.text)).every((t) => t.includes('“已告知父母”'))).toBe(true);
    expect(textsTo(hour, 8301)).toHaveLength(1);
    expect(textsTo(hour, 8302)).toHaveLength(1);

    h.advance(5 * MINUTE);
    await teacher.send('/alerts');
    expect(lastText(await teacher.press('✓ 已告知父母'))).toContain('☑ 已告知父母 00:05');
    h.advance(30 * MINUTE);
    expect(await tick()).toHaveLength(0);
    expect(lastText(await admin.send('/alerts'))).toContain('☑ 已告知父母 00:05');
    expect(lastText(await admin.press('✓ 已解决'))).toContain('☑ 已解决 00:35');
    expect(lastText(await admin.send('/alerts'))).toBe('没有未处理的安全警报。');
    expect(await h.db.auditLog.count({ where: { action: 'alert.step' } })).toBe(3);
    expect(await h.db.auditLog.count({ where: { action: 'alert.raised' } })).toBe(1);
    // Each card that showed the phone: the raiser's reply, the admin's alert, four reminders, three /alerts lists and three ticks.
    expect(await phoneShown(alert.id)).toHaveLength(12);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/safeguarding.txt');
  });

  it('says on the card when the file has no guardian phone', async () => {
    const { schoolId, classId } = await h.db.child.findUniqueOrThrow({ where: { id: ids.child! } });
    await h.db.child.create({ data: { schoolId, classId, name: '张小红', guardianName: '张爷爷' } });
    const teacher = h.user('刘老师', 8302, 'zh-CN');
    await teacher.send('/alert');
    await teacher.press('张小红');
    await teacher.press('受伤');
    const raised = lastText(await teacher.press('不加说明'));
    expect(raised).toContain('张小红 · 受伤');
    expect(raised).toContain('档案里没有监护人电话。');
    expect(raised).not.toContain('监护人：');
    const toAdmin = textsTo(await h.deliverOutbox(), 8301);
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]).toContain('档案里没有监护人电话。');
    const alert = await h.db.safeguardingAlert.findFirstOrThrow({ where: { child: { name: '张小红' } } });
    expect(await phoneShown(alert.id)).toHaveLength(0);
  });

  it('the card messages the linked parents at once, and the mother can ask how it is going', async () => {
    const teacher = h.user('刘老师', 8302, 'zh-CN');
    const admin = h.user('王校长', 8301, 'zh-CN');
    const mother = h.user('陈静', 8304, 'zh-CN');
    h.transcript.note('a second alert about 李小明; his mother left a number at joining');
    await h.db.user.update({ where: { id: ids.mother! }, data: { phone: '+8613900001111', freeStart: 21 * 60, freeEnd: 0 } });
    await teacher.send('/alert');
    await teacher.press('李小明');
    await teacher.press('受伤');
    const raised = lastText(await teacher.press('不加说明'));
    expect(raised).toContain('📞 陈静（妈妈）：+86 139 0000 1111（方便接电话：21:00 以后）');
    const alert = await h.db.safeguardingAlert.findFirstOrThrow({ where: { kind: 'INJURED', child: { name: '李小明' } } });
    await h.deliverOutbox();
    expect(await h.db.auditLog.count({ where: { action: 'family.phone.read', entityId: ids.mother!, actorId: ids.admin! } })).toBe(1);

    // The admin presses "notify the parents": the mother gets a calm, urgent message at once; a second press sends nothing.
    const notified = await admin.press('📣 马上通知父母');
    expect(notified[0]).toMatchObject({ method: 'answerCallbackQuery', text: '已发给父母（1 人）。' });
    expect(notified.at(-1)?.text).toContain('已发消息通知父母。');
    expect(notified.at(-1)?.buttons.flat()).not.toContain('📣 马上通知父母');
    expect((await h.db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).parentsMessagedAt).toEqual(new Date(h.now));
    expect((await admin.pressData(`sg:notify:${alert.id}`))[0]).toMatchObject({ method: 'answerCallbackQuery', text: '已经通知过父母了。' });
    const toMother = textsTo(await h.deliverOutbox(), 8304);
    expect(toMother).toEqual(['学校紧急通知：李小明受了伤。学校已经知道，正在处理，刘老师在跟进。请您尽快给学校打个电话。']);
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: `sg:parents:${alert.id}:` } } })).toBe(1);

    // The mother asks how it is going, before and after the admin marks it resolved.
    expect(lastText(await mother.press('现在怎么样了？'))).toBe('学校还在处理，处理好了老师会告诉您。您着急的话，请给学校打电话。');
    h.advance(40 * MINUTE);
    await admin.pressData(`sg:resolved:${alert.id}`);
    const resolvedAt = wallClock(new Date(h.now), 'Asia/Shanghai');
    expect(lastText(await mother.press('现在怎么样了？'))).toBe(`学校说：这件事在 ${resolvedAt} 已经处理好了。`);

    // Someone who is not the child's family cannot read the status with forged data.
    const other = h.user('赵老师', 8303, 'zh-CN');
    expect(await other.pressData(`sg:status:${alert.id}`)).toMatchObject([{ method: 'answerCallbackQuery' }]);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/safeguarding-parents.txt');
  });
});
