import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../src/domain/index.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { withTelegram } from '../helpers/accounts.js';

/**
 * Names with characters nobody sees (zero-width, bidi overrides, line breaks) are cleaned
 * wherever a name comes in; a name with control characters is refused with a reason.
 */
let h: Harness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('teacher', 8901, '刘老师', 'zh-CN');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.user('admin', 8902, '校长', 'zh-CN');
  await s.member('admin', 'ADMIN');
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
/** The transcript with each hidden character the users typed written as its code point, so the file stays readable text. */
const visible = (text: string) => text.replace(/[\u0000-\u0009\u000B-\u001F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);

describe('names', () => {
  it('the child form refuses a name with a NUL and cleans hidden characters and line breaks out of one', async () => {
    const liu = h.user('刘老师', 8901, 'zh-CN');
    await liu.send('/addchild');
    expect(lastText(await liu.send('李\u0000小明'))).toBe('这里面有看不见的控制字符（常见于从表格里复制的内容），请手动重新输入。\n孩子的姓名是？');
    expect(lastText(await liu.send('李\u200B小\u202E明\n'))).toBe('孩子的出生日期？例如：2013-05-20');
    await liu.send('2013-05-20');
    await liu.send('父母都外出');
    await liu.send('广\u2067州');
    await liu.send('李\r\n奶奶');
    await liu.send('祖辈');
    await liu.send('13800138000');
    await liu.press('是');
    const summary = await liu.press('跳过');
    expect(lastText(summary)).toContain('姓名：李小明');
    await liu.press('保存');
    const child = await h.db.child.findFirstOrThrow({ where: { name: '李小明' } });
    expect([child.workCity, child.guardianName]).toEqual(['广州', '李 奶奶']);
    await expect(visible(h.transcript.toString())).toMatchFileSnapshot('./__transcripts__/names.txt');
  });

  it('cleans a Telegram profile name and a class name the same way', async () => {
    const visitor = h.user('Ma\u202Erie\u200B\nCurie\u0007', 8903, 'en');
    await visitor.send('/start');
    expect((await h.db.user.findFirstOrThrow({ where: withTelegram(8903n) })).displayName).toBe('Marie Curie');

    const created = await createDomain(h.db).schools.createClass({ userId: ids.admin! }, (await h.db.school.findFirstOrThrow()).id, '九年级\u200B\u202E一班\n');
    expect(created.name).toBe('九年级一班');
  });
});
