import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  ids.school = s.schoolId;
  ids.classB = (await h.db.class.create({ data: { schoolId: s.schoolId, name: '八年级一班' } })).id;
  await s.user('zhang', 9101, '张校长', 'zh-CN');
  await s.user('smith', 9102, 'Mr Smith', 'en');
  await s.user('liu', 9103, '刘老师', 'zh-CN');
  await s.user('sun', 9104, '孙阿姨', 'zh-CN');
  await s.member('zhang', 'ADMIN');
  await s.member('smith', 'ADMIN');
  await s.member('liu', 'TEACHER', { classTeacher: true });
  await s.member('sun', 'KEEPER');
  await s.child('xiaoming', '李小明');
  await s.child('jingyi', '陈静怡', { classId: ids.classB });
  await s.pair('liu', 'jingyi');
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const principal = () => h.user('张校长', 9101, 'zh-CN');
const smith = () => h.user('Mr Smith', 9102, 'en');
const liu = () => h.user('刘老师', 9103, 'zh-CN');

describe('offboarding with /staff', () => {
  it('an admin removes a teacher: the confirmation says which class and pairing end; the teacher\'s old button is refused', async () => {
    await liu().send('/record');
    expect(lastText(await liu().press('陈静怡 · 八年级一班'))).toContain('陈静怡的成长记录');
    await liu().send('/record');

    const help = await principal().send('/help');
    expect(lastText(help)).toContain('/staff — 学校教职工：有人离开时取消其身份');
    const list = await principal().send('/staff');
    expect(lastText(list)).toBe(
      [
        '希望中学的教职工。点一个人，可以取消其某个身份：',
        '• 刘老师：老师（七年级二班班主任）',
        '• 孙阿姨：儿童之家管理员',
        '• 张校长：学校管理员',
        '• Mr Smith：学校管理员',
      ].join('\n'),
    );
    expect(list.at(-1)?.buttons).toEqual([['刘老师'], ['孙阿姨'], ['张校长'], ['Mr Smith']]);

    expect((await principal().press('刘老师')).at(-1)?.buttons).toEqual([['取消老师身份']]);
    const confirm = await principal().press('取消老师身份');
    expect(lastText(confirm)).toBe(
      [
        '确定取消刘老师在希望中学的老师身份吗？',
        '刘老师将不再负责：七年级二班班主任。',
        '刘老师和 1 个孩子的结对将解除：陈静怡。这些孩子需要另找结对老师。',
        '从下一次操作起，刘老师就不能再查看这些孩子的档案，也不能再发成长记录了。以前发的记录会保留。',
      ].join('\n'),
    );
    expect(confirm.at(-1)?.buttons).toEqual([['确定取消', '先不取消']]);
    const done = await principal().press('确定取消');
    expect(lastText(done)).toBe('已完成：刘老师不再是希望中学的老师。这次操作已记入审计日志。\n已解除结对：陈静怡。请在孩子的档案里为他们另选结对老师。');

    expect(await h.db.membership.count({ where: { userId: ids.liu! } })).toBe(0);
    expect(await h.db.pairing.count({ where: { teacherId: ids.liu! } })).toBe(0);
    const audit = await h.db.auditLog.findMany({ where: { action: { in: ['membership.removed', 'pairing.ended'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => [row.actorId, row.action, row.entityId, row.details])).toEqual([
      [ids.zhang, 'membership.removed', ids.liu, `{"schoolId":${ids.school},"role":"TEACHER"}`],
      [ids.zhang, 'pairing.ended', ids.jingyi, `{"teacherId":${ids.liu}}`],
    ]);
    const menu = h.callsOf('setMyCommands').at(-1)?.payload as { scope?: { chat_id: number }; commands: { command: string }[] };
    expect(menu.scope?.chat_id).toBe(9103);
    expect(menu.commands.map((c) => c.command)).not.toContain('update');

    const refused = await liu().press('陈静怡 · 八年级一班');
    expect(refused).toEqual([{ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。', buttons: [] }]);
    expect(lastText(await liu().pressData(`qu:r:${ids.xiaoming}`))).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect(lastText(await liu().send('/staff'))).toBe('教职工由学校管理员管理。');
  });

  it('an admin cannot remove their own role, and is told so; keeping a role changes nothing', async () => {
    await principal().send('/staff');
    const own = await principal().press('张校长');
    expect(lastText(own)).toBe('张校长在希望中学的身份：学校管理员\n这是您自己的身份，不能自己取消，请学校的另一位管理员操作。');
    expect(own.at(-1)?.buttons).toEqual([]);
    const forged = await principal().pressData(`st:y:${ids.school}:${ids.zhang}:ADMIN`);
    expect(lastText(forged)).toBe('这是您自己的身份，不能自己取消，请学校的另一位管理员操作。');
    expect(await h.db.membership.count({ where: { userId: ids.zhang!, role: 'ADMIN' } })).toBe(1);

    await principal().send('/staff');
    await principal().press('孙阿姨');
    await principal().press('取消儿童之家管理员身份');
    expect(lastText(await principal().press('先不取消'))).toBe('没有做任何改动。');
    expect(await h.db.membership.count({ where: { userId: ids.sun!, role: 'KEEPER' } })).toBe(1);
  });

  it('in English, an admin removes the keeper; a stale confirmation then says the role is gone', async () => {
    await smith().send('/staff');
    await smith().press('孙阿姨');
    const confirm = await smith().press("Remove as Children's Home keeper");
    expect(lastText(confirm)).toBe(
      "Remove 孙阿姨 as Children's Home keeper at 希望中学?\nFrom their next tap, 孙阿姨 can no longer see the Children's Home's children, letters or calls.",
    );
    expect(lastText(await smith().press('Remove'))).toBe("Done: 孙阿姨 no longer has the role “Children's Home keeper” at 希望中学. This is written in the audit log.");
    expect(await h.db.membership.count({ where: { userId: ids.sun! } })).toBe(0);
    const stale = await smith().pressData(`st:y:${ids.school}:${ids.sun}:KEEPER`);
    expect(lastText(stale)).toBe('This person no longer has that role. Send /staff to see the staff as they are now.');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/staff.txt');
  });
});
