import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/app/reply.js';
import { telegramAccount } from '../../src/domain/channel-accounts.js';
import { createDomain } from '../../src/domain/index.js';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-05T02:00:00Z');
/** 刘老师's class, with 李小明 whose parents are both away: his mother 陈静 and 李奶奶 each have December's check-in open. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school, clock } = world;
const checkIns: Record<string, number> = {};
const labels = (choices: Reply['choices']) => choices.map((row) => row.map((choice) => world.say('zh-CN', choice.label)));

beforeAll(async () => {
  await school.user('teacher', 9201, '刘老师', 'zh-hans');
  await school.member('teacher', 'TEACHER', { classTeacher: true });
  await school.user('mother', 9203, '陈静', 'zh-hans');
  await school.user('grandma', 9206, '李奶奶', 'zh-hans');
  await school.child('ming', '李小明', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
  await school.link('grandma', 'ming', 'GRANDPARENT');
  const views = await createDomain(db, { clock }).checkIns.createForMonth(school.schoolId, '2026-12', new Date(now));
  for (const view of views) checkIns[view.parent.userId === ids.mother ? 'mother' : 'grandma'] = view.id;
});
afterAll(world.close);

describe('the monthly check-in answers in words and choices, not chat text', () => {
  it('each answer replies with the next question under the heading, its answers typed actions', async () => {
    const id = checkIns.mother!;
    const { reply } = await app.checkIns.answerTalk(as('mother'), id, 'WEEKLY');
    expect(reply.words).toEqual({
      join: [{ key: 'checkIns.heading', values: { child: '李小明', month: { key: 'checkIns.monthLabel', values: { year: '2026', name: { key: 'checkIns.monthNames.12' } } } } }, { key: 'checkIns.worries.question', values: { child: '李小明' } }],
      with: '\n\n',
    });
    expect(reply.choices.flat().map((choice) => choice.action)).toEqual([
      { name: 'checkIn.worry', checkInId: id, mask: 1 },
      { name: 'checkIn.worry', checkInId: id, mask: 2 },
      { name: 'checkIn.worry', checkInId: id, mask: 4 },
      { name: 'checkIn.worry', checkInId: id, mask: 8 },
      { name: 'checkIn.worriesDone', checkInId: id, mask: 0 },
    ]);
    expect(say(translations.translatorFor('zh-CN'), reply.words)).toBe('每月问候：李小明（2026年12月）\n\n您对李小明有什么担心吗？可以选几项，选好后点“完成”。');
  });

  it('ticking a worry marks it and turns "no worries" into "done"; nothing is saved until then', async () => {
    const id = checkIns.mother!;
    const ticked = await app.checkIns.tickWorries(as('mother'), id, 2);
    expect(labels(ticked.choices)).toEqual([['学习', '✓ 健康'], ['情绪', '安全'], ['完成 ➡']]);
    expect(ticked.choices[0]![1]!.action).toEqual({ name: 'checkIn.worry', checkInId: id, mask: 0 });
    expect((await db.checkIn.findUniqueOrThrow({ where: { id } })).worries).toBeNull();
    await expect(app.checkIns.tickWorries(as('mother'), id, 16)).rejects.toMatchObject({ reason: 'forbidden' });
  });

  it('the months to come home are offered three to a row, then "not sure"; the last answer thanks and offers "skip"', async () => {
    const id = checkIns.mother!;
    const home = await app.checkIns.answerWorries(as('mother'), id, 2);
    expect(labels(home.reply.choices)).toEqual([['2026年12月', '2027年1月', '2027年2月'], ['2027年3月', '2027年4月', '2027年5月'], ['还不确定']]);
    await app.checkIns.answerComingHome(as('mother'), id, '2027-02');
    const done = await app.checkIns.answerWantsCall(as('mother'), id, true);
    expect(done.reply).toEqual({
      words: { join: [{ key: 'checkIns.thanks', values: { child: '李小明' } }, { key: 'checkIns.askMessage' }], with: '\n\n' },
      choices: [[{ label: { key: 'checkIns.skip' }, action: { name: 'checkIn.skip', checkInId: id } }]],
    });
    expect(await db.checkIn.findUniqueOrThrow({ where: { id } })).toMatchObject({ talkFrequency: 'WEEKLY', worries: 'HEALTH', comingHome: '2027-02', wantsCall: true });
    expect(await db.outboxMessage.count({ where: { idempotencyKey: `check-in:${id}:summary:user-${ids.teacher}` } })).toBe(1);
  });

  it('a note for the teacher is passed on and thanked for; "answer now" afterwards only says it is answered', async () => {
    const id = checkIns.mother!;
    const { reply } = await app.checkIns.addMessage(as('mother'), id, { text: '小明最近说想家。' });
    expect(reply).toEqual({ words: { key: 'checkIns.messageSent', values: { child: '李小明' } }, choices: [] });
    expect(await db.outboxMessage.count({ where: { idempotencyKey: `check-in:${id}:message:user-${ids.teacher}` } })).toBe(1);
    expect(await app.checkIns.resume(as('mother'), id)).toEqual({ notice: { key: 'checkIns.alreadyAnswered' } });
    expect(await app.checkIns.skipMessage(as('mother'), id)).toEqual({ words: { key: 'checkIns.thanks', values: { child: '李小明' } }, choices: [] });
  });

  it('the grandmother at home resumes at her one question with three choices; "worrying" tells the teacher at once', async () => {
    const id = checkIns.grandma!;
    const resumed = await app.checkIns.resume(as('grandma'), id);
    if (!('question' in resumed)) throw new Error('expected the question');
    expect(resumed.question.choices).toEqual([[
      { label: { key: 'checkIns.atHome.GOOD' }, action: { name: 'checkIn.atHome', checkInId: id, answer: 'GOOD' } },
      { label: { key: 'checkIns.atHome.OK' }, action: { name: 'checkIn.atHome', checkInId: id, answer: 'OK' } },
      { label: { key: 'checkIns.atHome.WORRIED' }, action: { name: 'checkIn.atHome', checkInId: id, answer: 'WORRIED' } },
    ]]);
    await expect(app.checkIns.skipMessage(as('grandma'), id)).rejects.toMatchObject({ reason: 'forbidden' });
    const { reply } = await app.checkIns.answerAtHome(as('grandma'), id, 'WORRIED');
    expect(reply.choices).toEqual([[{ label: { key: 'checkIns.skip' }, action: { name: 'checkIn.skip', checkInId: id } }]]);
    expect(await db.outboxMessage.count({ where: { idempotencyKey: `check-in:${id}:worried:user-${ids.teacher}` } })).toBe(1);
  });

  it("someone else's check-in is refused, and the refusal is a reason, not text", async () => {
    await expect(app.checkIns.answerTalk(as('grandma'), checkIns.mother!, 'DAILY')).rejects.toMatchObject({ reason: 'forbidden' });
  });
});

describe('personal settings answer in words and choices', () => {
  it('quiet hours: the question shows the usual night hours until chosen, offers every hour, and the saved hours are said', async () => {
    const asked = await app.settings.quietHoursQuestion(as('mother'));
    expect(say(translations.translatorFor('en'), asked.words)).toContain('Until you choose, I do not write to you from 23:00 to 07:00');
    expect(asked.choices.map((row) => row.length)).toEqual([6, 6, 6, 6, 1]);
    expect(asked.choices[4]).toEqual([{ label: { key: 'quiet.off' }, action: { name: 'quiet.off' } }]);
    const { reply } = await app.settings.setQuietHours(as('mother'), { start: 22 * 60, end: 6 * 60 });
    expect(reply.words).toEqual({ key: 'quiet.saved', values: { from: '22:00', to: '06:00' } });
    expect(say(translations.translatorFor('zh-CN'), (await app.settings.quietHoursQuestion(as('mother'))).words)).toContain('22:00 到 06:00');
  });

  it('phone: the number is saved as people read it, and the free time as a choice', async () => {
    const { reply } = await app.settings.savePhone(as('mother'), { phoneNumber: '+8613800138000', owner: telegramAccount(9203) });
    expect(reply.words).toEqual({ key: 'phone.saved', values: { phone: '+86 138 0013 8000' } });
    expect((await app.settings.setFreeHours(as('mother'), 'noon')).reply.words).toEqual({ key: 'phone.freeSaved', values: { free: { key: 'phone.free.between', values: { from: '12:00', to: '13:00' } } } });
    const { question } = await app.settings.phoneQuestion(as('mother'));
    expect(say(translations.translatorFor('en'), question)).toMatch(/^Your number: \+86 138 0013 8000\nUsually free for a call: 12:00–13:00\n\nTeachers sometimes need to call you/);
  });

  it('/help lists the commands it is given for the roles held; /start greets a family with their choices', async () => {
    const help = await app.settings.help(as('teacher'), (roles) => (roles.includes('TEACHER') ? ['update', 'cancel'] : []));
    expect(say(translations.translatorFor('en'), help.words)).toBe(
      ['What I can do for you:', '/update — Post an update about a child', '/cancel — Stop what we are doing', '', 'Your roles: teacher', 'Voice notes are welcome wherever you can send text.'].join('\n'),
    );
    const welcome = await app.settings.welcome(as('mother'), '静');
    expect(welcome.words).toEqual({ key: 'start.welcomeBack', values: { name: '静' } });
    expect(welcome.choices[0]![0]!.action).toEqual({ name: 'letter.write', childId: ids.ming });
    expect((await app.settings.welcome(as('teacher'), '刘')).choices).toEqual([]);
  });
});
