import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { withTelegram } from '../helpers/accounts.js';

let h: Harness;
let childId: number;
beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db);
  await s.user('principal', 8001n, '张校长', 'zh-CN');
  await s.user('classTeacher', 8002n, '刘老师', 'zh-CN');
  await s.user('mathTeacher', 8003n, '赵老师', 'zh-CN');
  await s.member('principal', 'ADMIN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('mathTeacher', 'TEACHER');
  childId = await s.child('xiaoming', '李小明', {
    birthday: new Date('2013-05-20'),
    guardianName: '李奶奶',
    guardianRelation: 'GRANDPARENT',
    guardianPhone: '13800138000',
  });
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;

describe('looking after a child\'s file', () => {
  it('an admin gives a class its subject teacher', async () => {
    const principal = h.user('张校长', 8001, 'zh-CN');
    const list = await principal.send('/classes');
    expect(list.at(-1)?.buttons).toEqual([['七年级二班'], ['+ 新建班级']]);
    const details = await principal.press('七年级二班');
    expect(lastText(details)).toBe('七年级二班：1 个孩子\n· 刘老师（班主任）');
    await principal.press('添加任课老师');
    expect(lastText(await principal.press('赵老师'))).toBe('已保存。');
    const membership = await h.db.membership.findFirstOrThrow({ where: { user: withTelegram(8003n), classId: { not: null } } });
    expect(membership.classTeacher).toBe(false);
  });

  it('the class teacher edits a field, with a bad answer asked again, and the change is kept', async () => {
    const teacher = h.user('刘老师', 8002, 'zh-CN');
    await teacher.send('/children');
    const card = await teacher.press('李小明 · 七年级二班');
    expect(card.at(-1)?.buttons).toEqual([['修改', '修改记录', '邀请家人'], ['结对老师', '归档']]);
    await teacher.press('修改');
    const ask = await teacher.press('监护人电话');
    expect(lastText(ask)).toBe('监护人的电话号码？');
    expect(lastText(await teacher.send('不知道'))).toContain('这看起来不像国内的电话号码');
    expect(lastText(await teacher.send('139-0000-1111'))).toBe('已保存。这次修改已记入档案的修改记录。');
    expect((await h.db.child.findUniqueOrThrow({ where: { id: childId } })).guardianPhone).toBe('13900001111');

    await teacher.send('/children');
    await teacher.press('李小明 · 七年级二班');
    const history = await teacher.press('修改记录');
    expect(lastText(history)).toMatch(/^这份档案的修改记录（最新的在前）：\n\d{4}-\d\d-\d\d \d\d:\d\d 刘老师：监护人电话 13800138000 → 13900001111$/);
  });

  it('the class teacher pairs a teacher with the child, shown on the file', async () => {
    const teacher = h.user('刘老师', 8002, 'zh-CN');
    await teacher.send('/children');
    await teacher.press('李小明 · 七年级二班');
    const pick = await teacher.press('结对老师');
    expect(pick.at(-1)?.buttons).toEqual([['刘老师'], ['赵老师']]);
    expect(lastText(await teacher.press('赵老师'))).toBe('已保存：老师已与孩子结对。');
    await teacher.send('/children');
    expect(lastText(await teacher.press('李小明 · 七年级二班'))).toContain('结对老师：赵老师');
  });

  it('the paired subject teacher may edit but not archive; the class teacher archives after confirming', async () => {
    const paired = h.user('赵老师', 8003, 'zh-CN');
    await paired.send('/children');
    const card = await paired.press('李小明 · 七年级二班');
    expect(card.at(-1)?.buttons).toEqual([['修改', '修改记录', '邀请家人']]);
    const forged = await paired.pressData(`ch:ay:${childId}`);
    expect(forged.at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });

    const teacher = h.user('刘老师', 8002, 'zh-CN');
    await teacher.send('/children');
    await teacher.press('李小明 · 七年级二班');
    expect(lastText(await teacher.press('归档'))).toContain('孩子离校了吗？归档后，这份档案不再出现在孩子档案列表里');
    expect(lastText(await teacher.press('不归档'))).toBe('没有做任何修改。');
    expect((await h.db.child.findUniqueOrThrow({ where: { id: childId } })).archivedAt).toBeNull();
    await teacher.press('归档');
    expect(lastText(await teacher.press('确定归档'))).toBe('档案已归档。');
    expect((await h.db.child.findUniqueOrThrow({ where: { id: childId } })).archivedAt).not.toBeNull();
    expect(lastText(await teacher.send('/children'))).toBe('没有您可以查看的孩子档案。');

    await expect(h.transcript.toString().replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, '<time>')).toMatchFileSnapshot('./__transcripts__/child-files.txt');
  });
});
