import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { myChatMember, textMessage } from '../helpers/updates.js';
import { withTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create();
});
afterAll(() => h.close());

describe('first contact, help and language', () => {
  it('greets a Chinese user in Chinese and an English user in English', async () => {
    const grandma = h.user('王奶奶', 2001, 'zh-hans');
    const [zh] = await grandma.send('/start');
    expect(zh?.text).toContain('王奶奶，您好！我是“家书”');

    const father = h.user('Li Wei', 2002, 'en');
    const [en] = await father.send('/start');
    expect(en?.text).toContain('Hello, Li Wei! I am Jiashu');

    const visitor = h.user('Marie', 2003, 'fr');
    const [fallback] = await visitor.send('/start');
    expect(fallback?.text).toContain('Marie，您好！');

    const rows = await h.db.user.findMany({ orderBy: { id: 'asc' }, select: { accounts: { select: { channel: true, externalId: true } }, languageCode: true, locale: true } });
    expect(rows).toEqual([
      { accounts: [{ channel: 'telegram', externalId: '2001' }], languageCode: 'zh-hans', locale: null },
      { accounts: [{ channel: 'telegram', externalId: '2002' }], languageCode: 'en', locale: null },
      { accounts: [{ channel: 'telegram', externalId: '2003' }], languageCode: 'fr', locale: null },
    ]);
  });

  it('/help lists the commands and says the user has not joined a school yet', async () => {
    const father = h.user('Li Wei', 2002, 'en');
    const [help] = await father.send('/help');
    expect(help?.text).toBe(
      [
        'What I can do for you:',
        '/start — Start, or join with an invitation',
        '/help — What I can do for you',
        '/language — Choose your language',
        '/quiet — Set your quiet hours',
        '/cancel — Stop what we are doing',
        '',
        'You have not joined a school yet: open the invitation link your school sent you.',
        'Voice notes are welcome wherever you can send text.',
      ].join('\n'),
    );
  });

  it('/help names the roles a user holds', async () => {
    const teacher = h.user('Zhang Min', 2010, 'zh-CN');
    await teacher.send('/start');
    const user = await h.db.user.findFirstOrThrow({ where: withTelegram(2010n) });
    const school = await h.db.school.create({ data: { name: 'Hope Middle School', timezone: 'Asia/Shanghai' } });
    await h.db.membership.create({ data: { userId: user.id, role: 'TEACHER', schoolId: school.id } });
    const [help] = await teacher.send('/help');
    expect(help?.text).toContain('您的身份：老师');

    await h.db.membership.create({ data: { userId: user.id, role: 'KEEPER', schoolId: school.id } });
    const [twoRoles] = await teacher.send('/help');
    expect(twoRoles?.text).toContain('您的身份：老师、儿童之家管理员');

    const child = await h.db.child.create({ data: { schoolId: school.id, name: '张小军' } });
    await h.db.guardianLink.create({ data: { userId: user.id, childId: child.id, role: 'PARENT', relation: 'FATHER', consentedAt: new Date() } });
    const [start] = await teacher.send('/start');
    expect(start?.text).toContain('Zhang Min，您好！我是“家书”');
    expect(start?.buttons).toEqual([]);
  });

  it('/language switches the language, stores it, and sets the chat menu in it', async () => {
    const mother = h.user('Chen Jing', 2004, 'en');
    const [prompt] = await mother.send('/language');
    expect(prompt?.text).toBe('Which language should I use with you?');
    expect(prompt?.buttons).toEqual([['中文', 'English', 'Русский']]);

    const replies = await mother.press('中文');
    expect(replies.map((r) => [r.method, r.text])).toEqual([
      ['answerCallbackQuery', undefined],
      ['editMessageText', '好的，以后我用中文和您交流。'],
    ]);
    expect((await h.db.user.findFirstOrThrow({ where: withTelegram(2004n) })).locale).toBe('zh-CN');
    const menu = h.callsOf('setMyCommands').at(-1)?.payload;
    expect(menu?.scope).toEqual({ type: 'chat', chat_id: 2004 });
    expect((menu?.commands as { description: string }[])[0]?.description).toBe('开始，或用邀请加入');

    const [start] = await mother.send('/start');
    expect(start?.text).toContain('Chen Jing，您好！');
  });

  it('refuses forged language buttons and stale buttons without changing anything', async () => {
    const mother = h.user('Chen Jing', 2004, 'en');
    const [forged] = await mother.pressData('language:xx-EVIL');
    expect(forged).toMatchObject({ method: 'answerCallbackQuery', text: '暂时还不支持这种语言。' });
    const [stale] = await mother.pressData('something:old');
    expect(stale).toMatchObject({ method: 'answerCallbackQuery', text: '这个按钮已经失效了。' });
    expect((await h.db.user.findFirstOrThrow({ where: withTelegram(2004n) })).locale).toBe('zh-CN');
  });

  it('answers text it does not understand, even a very long one', async () => {
    const father = h.user('Li Wei', 2002, 'en');
    const [reply] = await father.send('长'.repeat(5000));
    expect(reply?.text).toBe('I did not understand that. Send /help to see what I can do.');
    const [photo] = await father.sendPhoto('photo-1', 'look');
    expect(photo?.text).toBe('I did not understand that. Send /help to see what I can do.');
  });

  it('politely declines group chats', async () => {
    const father = h.user('Li Wei', 2002, 'en');
    const group = { id: -100200, type: 'group' as const, title: 'Class 3 parents' };
    const before = h.telegram.calls.length;
    await h.bot.handleUpdate({ update_id: h.telegram.takeUpdateId(), ...myChatMember(father.from, group, 'member') });
    await h.bot.handleUpdate({ update_id: h.telegram.takeUpdateId(), ...textMessage(father.from, '/start', group) });
    await h.bot.handleUpdate({ update_id: h.telegram.takeUpdateId(), ...textMessage(father.from, 'hello everyone', group) });
    const sent = h.telegram.calls.slice(before).filter((call) => call.method === 'sendMessage');
    expect(sent.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [-100200, 'Please write to me in a private chat: children\'s news is only shared one to one.'],
      [-100200, 'Please write to me in a private chat: children\'s news is only shared one to one.'],
    ]);
  });

  it('apologizes in the user\'s language when handling fails, and keeps working', async () => {
    const grandma = h.user('王奶奶', 2001, 'zh-hans');
    h.telegram.failNext('sendMessage', 400, 'Bad Request: chat not found');
    const replies = await grandma.send('/help');
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('我能为您做这些'), '抱歉，我这边出了点问题，请稍后再试。']);
    const failure = h.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'update failed');
    expect(failure).toMatchObject({ level: 50, update_id: expect.any(Number), err: { method: 'sendMessage', error_code: 400 } });
    expect(h.logs.join('\n')).not.toMatch(/我能为您做这些|王奶奶/);
    const [again] = await grandma.send('/start');
    expect(again?.text).toContain('王奶奶，您好！');
  });

  it('writes a transcript of what the users saw', async () => {
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/basics.txt');
  });
});
