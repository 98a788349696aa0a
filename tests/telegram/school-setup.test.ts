import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { TEST_TOKEN } from '../helpers/fake-telegram.js';
import { withTelegram } from '../helpers/accounts.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const createSchoolScript = fileURLToPath(new URL('../../src/cli/create-school.ts', import.meta.url));

let h: Harness;
beforeAll(async () => {
  h = await Harness.create();
});
afterAll(() => h.close());

async function schoolCreate(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, [tsx, createSchoolScript, '--name', name, '--timezone', 'Asia/Shanghai'], {
    timeout: 10_000,
    env: { ...process.env, BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: h.telegram.url, DATABASE_URL: h.databaseUrl },
  });
  return stdout;
}

function codeIn(text: string | undefined): string {
  const match = /https:\/\/t\.me\/jiashu_test_bot\?start=([2-9A-Z]{12})/.exec(text ?? '');
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1]!;
}

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;

describe('setting up a school, from the operator to a mother', () => {
  it('plays the whole chain through the fake Telegram', async () => {
    const output = await schoolCreate('希望中学');
    expect(output).toContain('Created school "希望中学" (Asia/Shanghai).');
    const again = await schoolCreate('希望中学');
    expect(again).toContain('School "希望中学" already exists; nothing created.');
    expect(await h.db.school.count()).toBe(1);

    const principal = h.user('张校长', 7001, 'zh-CN');
    const preview = await principal.send(`/start ${codeIn(output)}`);
    expect(lastText(preview)).toContain('学校邀请您以学校管理员身份加入希望中学。');
    expect(preview.at(-1)?.buttons).toEqual([['我同意', '不用了']]);
    expect(lastText(await principal.press('我同意'))).toBe('欢迎！您现在是希望中学的学校管理员。发送 /help 查看能做什么。');

    await principal.send('/classes');
    await principal.press('+ 新建班级');
    expect(lastText(await principal.send('七年级二班'))).toBe('已创建班级：七年级二班。');

    await principal.send('/invite');
    await principal.press('老师');
    await principal.press('七年级二班');
    const teacherInvite = await principal.press('班主任');
    expect(teacherInvite.at(-1)?.method).toBe('sendPhoto');

    const teacher = h.user('刘老师', 7002, 'zh-CN');
    await teacher.send(`/start ${codeIn(lastText(teacherInvite))}`);
    expect(lastText(await teacher.press('我同意'))).toContain('您现在是希望中学的老师');

    await teacher.send('/addchild');
    await teacher.send('李小明');
    expect(lastText(await teacher.send('昨天'))).toBe('看不懂这个日期。请按 2013-05-20 这样的格式填写。\n孩子的出生日期？例如：2013-05-20');
    await teacher.send('2013-05-20');
    expect(lastText(await teacher.send('不知道'))).toBe('请点下面的按钮选一个，或输入：父亲、母亲、父母都外出、都不外出。\n父母中谁在外地工作？');
    expect(lastText(await teacher.send('父母都外出'))).toBe('在哪个城市工作？（可以跳过）');
    await teacher.send('广州');
    await teacher.send('李奶奶');
    expect(lastText(await teacher.send('老人'))).toBe('请点下面的按钮选一个，或输入：妈妈、爸爸、祖辈、其他监护人。\n这个人和孩子是什么关系？');
    await teacher.send('祖辈');
    expect(lastText(await teacher.send('12345'))).toContain('这看起来不像国内的电话号码');
    await teacher.send('138 0013 8000');
    await teacher.press('是');
    const summary = await teacher.press('跳过');
    expect(lastText(summary)).toContain('出生日期：2013-05-20');
    const saved = await teacher.press('保存');
    expect(lastText(saved)).toBe('已保存李小明的档案。现在可以邀请孩子的家人了。');
    const child = await h.db.child.findFirstOrThrow({ where: { name: '李小明' } });
    expect(child).toMatchObject({ parentsAway: 'BOTH', workCity: '广州', guardianRelation: 'GRANDPARENT', guardianPhone: '13800138000', boarding: true, notes: null });

    const otherClass = await h.db.class.create({ data: { schoolId: child.schoolId, name: '八年级一班' } });
    await h.db.child.create({ data: { schoolId: child.schoolId, classId: otherClass.id, name: '王芳', guardianPhone: '13900000000' } });

    await teacher.press('邀请家人');
    const familyInvite = await teacher.press('妈妈');

    const mother = h.user('陈静', 7003, 'zh-hans');
    const familyPreview = await mother.send(`/start ${codeIn(lastText(familyInvite))}`);
    expect(lastText(familyPreview)).toContain('希望中学的刘老师邀请您以李小明的妈妈身份，在这里关注李小明。');
    const joined = await mother.press('我同意');
    const welcome = joined.find((reply) => reply.text?.startsWith('好了！'));
    expect(welcome?.text).toBe('好了！以后老师关于李小明的消息会发到这里。现在就可以给李小明写信：点下面的按钮，按住 🎤 说几句话就行。');
    expect(welcome?.buttons).toEqual([['✉ 给李小明写信', '✉ 回复老师']]);
    expect(lastText(joined)).toBe('老师有时需要打电话和您说孩子的事。您愿意留个电话吗？点下面的“📱 发送我的电话”，Telegram 会替您发过来。只有学校的老师能看到。');
    const greeting = await mother.send('/start');
    expect(lastText(greeting)).toBe('陈静，您好！想做什么？');
    expect(greeting.at(-1)?.buttons).toEqual([['✉ 给李小明写信', '✉ 回复老师']]);
    const link = await h.db.guardianLink.findFirstOrThrow({ where: { childId: child.id } });
    expect(link).toMatchObject({ role: 'PARENT', relation: 'MOTHER', consentedAt: expect.any(Date) });

    const list = await mother.send('/children');
    expect(list.at(-1)?.buttons).toEqual([['李小明 · 七年级二班']]);
    const card = await mother.press('李小明 · 七年级二班');
    expect(lastText(card)).toContain('监护人电话：13800138000');
    expect(card.at(-1)?.buttons.flat()).toEqual([]);
    const forged = await mother.pressData(`ch:v:${child.id + 1}`);
    expect(forged.at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    const refusal = await h.db.auditLog.findFirstOrThrow({ where: { action: 'access.refused', actor: withTelegram(7003n) } });
    expect(refusal).toMatchObject({ entity: 'Child', entityId: child.id + 1 });

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/school-setup.txt');
  });
});
