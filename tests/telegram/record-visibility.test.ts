import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const inWeek49 = new Date('2026-12-02T03:00:00Z');
const saturday = new Date('2026-12-05T01:05:00Z');
const sunday = new Date('2026-12-06T11:01:00Z');

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('teacher', 9301, '刘老师', 'zh-CN');
  await s.user('mother', 9302, '陈静', 'zh-CN');
  await s.user('grandma', 9303, '王奶奶', 'zh-CN');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('grandma', 'fang', 'GRANDPARENT');
  await h.db.school.update({ where: { id: s.schoolId }, data: { noteMode: 'REVIEW' } });
  for (const [child, text] of [['xiaoming', '数学小测验得了满分'], ['fang', '王芳这周情绪低落，还在观察']] as const) {
    await h.db.growthUpdate.create({
      data: { authorId: ids.teacher!, schoolId: s.schoolId, category: 'STUDY', text, createdAt: inWeek49, children: { create: { childId: ids[child]! } } },
    });
  }
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const teacher = () => h.user('刘老师', 9301, 'zh-CN');

async function recordOf(user: ReturnType<Harness['user']>, label: string): Promise<string | undefined> {
  await user.send('/record');
  return lastText(await user.press(label));
}

describe('/record for families', () => {
  it('shows a parent the week whose note was sent, not a week the class teacher held back; a concern told to them shows at once', async () => {
    await h.runWeeklyCycle(saturday);
    const drafts = await h.db.outboxMessage.findMany({ where: { recipientId: ids.teacher!, idempotencyKey: { startsWith: 'weekly-review:' } }, orderBy: { id: 'asc' } });
    const holdFang = JSON.parse(drafts[1]!.payload).buttons[0][1];
    expect(lastText(await teacher().pressData(holdFang.data))).toBe('已暂停：这份每周近况本周不发送。');
    await h.runWeeklyCycle(sunday);

    const mother = h.user('陈静', 9302, 'zh-CN');
    expect(await recordOf(mother, '李小明 · 七年级二班')).toBe('李小明的成长记录（最新的在前）：\n12-02 11:00 · 学习 · 刘老师\n  数学小测验得了满分');
    const grandma = h.user('王奶奶', 9303, 'zh-CN');
    expect(await recordOf(grandma, '王芳 · 七年级二班')).toBe('王芳的成长记录（最新的在前）：\n还没有记录。');
    expect(await recordOf(teacher(), '王芳 · 七年级二班')).toContain('王芳这周情绪低落，还在观察');

    await teacher().send('王芳今天在宿舍哭了');
    await teacher().press('王芳');
    await teacher().press('情绪');
    await teacher().press('保存，标为需关注');
    expect(await recordOf(grandma, '王芳 · 七年级二班')).toBe('王芳的成长记录（最新的在前）：\n12-06 19:01 · 情绪 · 刘老师\n  ⚠ 王芳今天在宿舍哭了');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/record-visibility.txt');
  });
});
