import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { familiarName } from '../../src/domain/given-name.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const wednesday = new Date('2026-12-02T08:00:00Z');
const thursday = new Date('2026-12-03T09:00:00Z');
const friday = new Date('2026-12-04T07:05:00Z');
const sunday = new Date('2026-12-06T11:01:00Z');

beforeEach(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  ids.school = s.schoolId;
  await s.user('teacher', 9201n, '刘老师', 'zh-CN');
  await s.user('keeper', 9202n, '张阿姨', 'zh-CN');
  await s.user('mother', 9203n, '陈静', 'zh-hans');
  await s.user('father', 9204n, 'Li Wei', 'en');
  await s.user('grandma', 9205n, '李奶奶', 'zh-CN');
  await s.user('fangDad', 9206n, '王强', 'zh-CN');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.member('keeper', 'KEEPER');
  await s.child('ming', '李小明');
  await s.child('fang', '王芳');
  await s.link('mother', 'ming', 'MOTHER');
  await s.link('father', 'ming', 'FATHER');
  await s.link('grandma', 'ming', 'GRANDPARENT');
  await s.link('fangDad', 'fang', 'FATHER');
});
afterEach(() => h.close());

/** Everyone who may receive a note, so transcripts name them. */
function family() {
  return {
    teacher: h.user('刘老师', 9201, 'zh-CN'),
    mother: h.user('陈静', 9203, 'zh-hans'),
    father: h.user('Li Wei', 9204, 'en'),
    grandma: h.user('李奶奶', 9205, 'zh-CN'),
    fangDad: h.user('王强', 9206, 'zh-CN'),
  };
}

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const sentTo = (calls: Awaited<ReturnType<Harness['deliverOutbox']>>, chatId: number) => calls.filter((call) => call.payload.chat_id === chatId);

/** Mother's letter read with 李小明 at the Children's Home, a call with his father, and a heart-to-heart talk, all this week. */
async function weekWithoutUpdates() {
  await h.db.letter.create({
    data: {
      childId: ids.ming!,
      authorId: ids.mother!,
      direction: 'TO_CHILD',
      status: 'READ',
      handledById: ids.keeper!,
      handledAt: wednesday,
      createdAt: new Date('2026-11-30T12:00:00Z'),
      parts: { create: { position: 0, kind: 'text', text: '小明，妈妈想你了。' } },
    },
  });
  await h.db.callBooking.create({ data: { schoolId: ids.school!, childId: ids.ming!, parentId: ids.father!, slotStart: thursday, status: 'HELD', durationMinutes: 10 } });
  await h.db.contactLog.create({ data: { childId: ids.ming!, teacherId: ids.teacher!, kind: 'TALK', happenedAt: thursday, createdAt: thursday } });
}

describe('a week without any update about the child', () => {
  it('tells each family what did happen (letters read, calls, talks, school dates), in their language, plainly for the grandmother', async () => {
    await weekWithoutUpdates();
    await h.db.schoolDate.create({ data: { schoolId: ids.school!, date: '2026-12-03', title: '冬季运动会' } });
    family();

    await h.runWeeklyCycle(sunday);
    const sent = await h.deliverOutbox();
    const texts = (chatId: number) => sentTo(sent, chatId).map((call) => call.payload.text);
    expect(texts(9203)).toEqual([
      ['李小明这一周在学校（11月30日—12月6日）', '', '在儿童之家读了家里的来信：1 封', '在儿童之家和家里通了电话：1 次', '和老师谈心：1 次', '学校安排：12月3日周四 冬季运动会', '想多了解李小明的情况，可以点“回复老师”问一问。'].join('\n'),
    ]);
    expect(texts(9204)).toEqual([
      [
        "李小明's week at school (30 Nov – 6 Dec)",
        '',
        "Read 1 letter from home at the Children's Home",
        "Called home from the Children's Home once",
        'Had a heart-to-heart talk with a teacher',
        'At school: 冬季运动会 (Thu 12/3)',
        'To hear more about 李小明, press "Answer the teacher" and ask.',
      ].join('\n'),
    ]);
    expect(texts(9205)).toEqual([
      ['小明这一周（11月30日—12月6日）', '', '小明读了家里的 1 封信。', '小明和家里通了 1 次电话。', '老师和小明谈了心。', '12月3日周四，学校有冬季运动会。', '想问老师，点“回复老师”，发语音就行。'].join('\n'),
    ]);
    // The grandmother lives with the child: no "write to the child" button for her.
    expect(sentTo(sent, 9205)[0]!.payload.reply_markup).toEqual({ inline_keyboard: [[expect.objectContaining({ text: '❤ 收到了' }), expect.objectContaining({ text: '✉ 回复老师' })]] });
    // 王芳's week had only the school's sports day: her father is told that, not "nothing".
    expect(texts(9206)).toEqual([['王芳这一周在学校（11月30日—12月6日）', '', '学校安排：12月3日周四 冬季运动会', '想多了解王芳的情况，可以点“回复老师”问一问。'].join('\n')]);
    for (const text of sent.map((call) => String(call.payload.text))) expect(text).not.toMatch(/没有为|没有新的记录|wrote nothing/);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-empty-week.txt');
  });

  it('is not sent when nothing happened at all, and the class teacher is told so and why', async () => {
    await weekWithoutUpdates();
    const { teacher } = family();
    await h.runWeeklyCycle(friday);
    await h.runWeeklyCycle(sunday);
    const sent = await h.deliverOutbox();
    expect(sent.filter((call) => call.payload.chat_id === 9206)).toEqual([]);
    expect(await h.db.weeklyNote.findFirstOrThrow({ where: { childId: ids.fang! } })).toMatchObject({ status: 'DRAFT', sentAt: null });
    expect(sentTo(sent, 9201).map((call) => call.payload.text)).toEqual([
      '本周有 2 个孩子还没有记录：李小明、王芳。请在 2026-12-06 19:00 前写一写；到时仍没有记录的，每周近况只写本周读信、通话等事情，什么都没有就不发。',
    ]);
    expect(lastText(await teacher.send('/receipts'))).toBe(
      ['每周近况（11月30日—12月6日）的接收情况', '李小明 — 陈静：✓ 已送达', '李小明 — Li Wei：✓ 已送达', '李小明 — 李奶奶：✓ 已送达', '王芳：○ 没有发出（本周没有记录，也没有读信、通话等事情）'].join('\n'),
    );
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-nothing-to-tell.txt');
  });
});

describe('"see all" under a note that shortened the teachers\' updates', () => {
  it('shows every update in full to the family, checking again who may read it', async () => {
    const long = '今天的数学课上，李小明第一次主动举手上台讲解了一道应用题，思路清楚，讲得很慢也很认真，同学们都给他鼓了掌。下课后他还留下来帮同桌订正作业。放学前他又去图书角借了一本科普书，说周末要读完，下周讲给全班听。老师很为他高兴。';
    for (const [text, at] of [
      [long, '2026-12-01T03:00:00Z'],
      ['英语听写全对', '2026-12-02T03:00:00Z'],
      ['语文作文得了优秀', '2026-12-03T03:00:00Z'],
    ] as const) {
      await h.db.growthUpdate.create({
        data: { authorId: ids.teacher!, schoolId: ids.school!, category: 'STUDY', text, createdAt: new Date(at), children: { create: { childId: ids.ming! } } },
      });
    }
    const { mother, father, fangDad } = family();
    await h.runWeeklyCycle(sunday);
    const sent = await h.deliverOutbox();
    const note = await h.db.weeklyNote.findFirstOrThrow({ where: { childId: ids.ming! } });
    expect(sentTo(sent, 9203)[0]!.payload.text).toBe(`李小明这一周在学校（11月30日—12月6日）\n\n学习：3 条\n  ${long.slice(0, 80)}…\n  英语听写全对`);
    expect(sentTo(sent, 9205)[0]!.payload.text).toBe(
      ['小明这一周（11月30日—12月6日）', '', `学习：${long.slice(0, 80)}…`, '学习：英语听写全对', '想问老师，点“回复老师”，发语音就行。'].join('\n'),
    );

    const full = await mother.press('📖 看全部');
    expect(full.at(-1)?.text).toBe(['李小明这一周的全部记录（11月30日—12月6日）', '', `学习：${long}`, '学习：英语听写全对', '学习：语文作文得了优秀'].join('\n'));
    expect(lastText(await father.press('📖 See all'))).toBe(
      ['Everything the teachers wrote about 李小明 this week (30 Nov – 6 Dec)', '', `Study: ${long}`, 'Study: 英语听写全对', 'Study: 语文作文得了优秀'].join('\n'),
    );

    expect((await fangDad.pressData(`wn:all:${note.id}`))[0]?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    await h.db.guardianLink.deleteMany({ where: { userId: ids.father! } });
    expect((await father.pressData(`wn:all:${note.id}`))[0]?.text).toBe('Sorry, you cannot do that for this child or school.');
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-see-all.txt');
  });
});

describe('the familiar name used in a grandparent\'s note', () => {
  it('is the given name only when the surname is certain, else the full name', () => {
    expect(['李小明', '王芳芳', '欧阳明月', '王芳', '司马光', '张王小明', 'Li Ming', '李 明明'].map(familiarName)).toEqual([
      '小明', '芳芳', '明月', '王芳', '司马光', '张王小明', 'Li Ming', '李 明明',
    ]);
  });
});
