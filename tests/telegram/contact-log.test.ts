import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const lastText = (replies: BotReply[]) => lastReply(replies)?.text;

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('classTeacher', 8201n, '刘老师', 'zh-CN');
  await s.user('paired', 8202n, '赵老师', 'zh-CN');
  await s.user('mother', 8203n, '陈静', 'zh-CN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('paired', 'TEACHER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.pair('paired', 'xiaoming');
  await s.link('mother', 'xiaoming', 'MOTHER');
});
afterAll(() => h.close());

describe('the contact log', () => {
  it('a paired teacher logs a home visit with /log: child, kind, day, note', async () => {
    const teacher = h.user('赵老师', 8202, 'zh-CN');
    const start = await teacher.send('/log');
    expect(lastReply(start)).toMatchObject({ text: '记录一次联系：哪个孩子？', buttons: [['李小明']] });
    const kinds = await teacher.press('李小明');
    expect(lastReply(kinds)).toMatchObject({ text: '李小明：哪种联系？', buttons: [['家访', '与家长通话'], ['与孩子谈心', '给家长写信'], ['📅 预约家访']] });
    const when = await teacher.press('家访');
    expect(lastReply(when)).toMatchObject({ buttons: [['今天', '昨天']] });
    expect(lastText(await teacher.send('2026-12-05'))).toBe('这个日期不能用：请按 年-月-日 输入，可以是今天或 60 天以内。');
    expect(lastText(await teacher.send('2026-11-28'))).toContain('可以加一句简短的说明');
    expect(lastText(await teacher.send('奶奶身体不错，孩子作业按时完成。'))).toBe('已记录：李小明 · 家访 · 2026-11-28，已记入孩子的档案。');
    const row = await h.db.contactLog.findFirstOrThrow({ where: { childId: ids.xiaoming!, kind: 'VISIT' } });
    expect(row).toMatchObject({ teacherId: ids.paired!, note: '奶奶身体不错，孩子作业按时完成。', happenedAt: new Date('2026-11-28T04:00:00Z') });
  });

  it('a reminder\'s button logs a call in one tap, with a voice note; the month\'s contacts show on the file', async () => {
    const teacher = h.user('赵老师', 8202, 'zh-CN');
    const forged = await teacher.pressData(`log:start:${ids.fang!}:CALL`);
    expect(forged[0]).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });

    const when = await teacher.pressData(`log:start:${ids.xiaoming!}:CALL`);
    expect(lastText(when)).toBe('李小明 · 与家长通话：是哪天？请按按钮，或输入日期，例如 2026-11-28。');
    await teacher.press('今天');
    expect(lastText(await teacher.sendVoice('voice-call-1'))).toBe('已记录：李小明 · 与家长通话 · 2026-12-01，已记入孩子的档案。');
    expect(await h.db.contactLog.findFirstOrThrow({ where: { kind: 'CALL' } })).toMatchObject({ voiceFileId: 'voice-call-1', note: null });

    await teacher.send('/children');
    const card = await teacher.press('李小明 · 七年级二班');
    expect(lastText(card)).toContain('本月联系：\n12-01 与家长通话 · 赵老师');
    expect(lastText(card)).not.toContain('家访');

    const mother = h.user('陈静', 8203, 'zh-CN');
    await mother.send('/children');
    expect(lastText(await mother.press('李小明 · 七年级二班'))).not.toContain('本月联系');
    expect(lastText(await mother.send('/log'))).toBe('没有您可以记录联系的孩子。');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/contact-log.txt');
  });
});
