import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
const ids: Record<string, number> = {};
const inWeek49 = new Date('2026-12-02T03:00:00Z');
const friday = new Date('2026-12-04T07:05:00Z');
const saturday = new Date('2026-12-05T01:05:00Z');
const sunday = new Date('2026-12-06T11:01:00Z');

beforeEach(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('teacher', 9001n, '刘老师', 'zh-CN');
  await s.user('mother', 9002n, '陈静', 'zh-hans');
  await s.user('father', 9003n, 'Li Wei', 'en');
  await s.user('grandma', 9004n, '王奶奶', 'zh-CN');
  ids.school = s.schoolId;
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'xiaoming', 'FATHER');
  await s.link('grandma', 'fang', 'GRANDPARENT');
  await h.db.growthUpdate.create({
    data: {
      authorId: ids.teacher!,
      schoolId: s.schoolId,
      category: 'STUDY',
      text: '数学小测验得了满分',
      createdAt: inWeek49,
      children: { create: { childId: ids.xiaoming! } },
      media: { create: { kind: 'photo', fileId: 'photo-test-paper', position: 0 } },
    },
  });
});
afterEach(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const outboxFor = (userId: number) => h.db.outboxMessage.findMany({ where: { recipientId: userId }, orderBy: { id: 'asc' } });
const textOf = (row: { payload: string }) => (JSON.parse(row.payload) as { text?: string; caption?: string }).text;

describe('the weekly note', () => {
  it('tells the class teacher on Friday which children have no update yet', async () => {
    await h.runWeeklyCycle(friday);
    const [reminder] = await outboxFor(ids.teacher!);
    expect(textOf(reminder!)).toBe('本周有 1 个孩子还没有记录：王芳。请在 2026-12-06 19:00 前写一写；到时仍没有记录的，每周近况只写本周读信、通话等事情，什么都没有就不发。');
    await h.runWeeklyCycle(new Date(friday.getTime() + 3600_000));
    expect(await outboxFor(ids.teacher!)).toHaveLength(1);
  });

  it('goes to each parent once, in their own language, at the end of the week', async () => {
    await h.runWeeklyCycle(new Date(sunday.getTime() - 120_000));
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'weekly-note:' } } })).toBe(0);

    await h.runWeeklyCycle(sunday);
    const mother = await outboxFor(ids.mother!);
    expect(mother.map((row) => JSON.parse(row.payload).kind)).toEqual(['photo', 'text']);
    expect(textOf(mother[1]!)).toBe('李小明这一周在学校（11月30日—12月6日）\n\n学习：1 条\n  数学小测验得了满分');
    expect(JSON.parse(mother[1]!.payload).buttons).toEqual([
      [{ text: '❤ 收到了', data: expect.stringMatching(/^wn:ack:\d+$/) }, { text: '✉ 回复老师', data: `wn:ans:${ids.xiaoming}` }],
      [{ text: '✉ 给李小明写信', data: `letter:write:${ids.xiaoming}` }],
    ]);
    const father = await outboxFor(ids.father!);
    expect(textOf(father[1]!)).toBe("李小明's week at school (30 Nov – 6 Dec)\n\nStudy: 1 note\n  数学小测验得了满分");
    const grandma = await outboxFor(ids.grandma!);
    expect(grandma).toEqual([]);

    const queued = await h.db.outboxMessage.count();
    await h.runWeeklyCycle(sunday);
    await h.runWeeklyCycle(new Date(sunday.getTime() + 3 * 3600_000));
    await h.db.jobRun.deleteMany({ where: { job: { startsWith: 'weekly-note:' } } });
    await h.runWeeklyCycle(new Date(sunday.getTime() + 4 * 3600_000));
    expect(await h.db.outboxMessage.count()).toBe(queued);
    expect(await h.db.weeklyNoteRecipient.count()).toBe(2);
  });

  it('lets a parent say "received", answer the teacher by voice, and read the teacher\'s reply', async () => {
    await h.runWeeklyCycle(sunday);
    const note = await h.db.weeklyNote.findFirstOrThrow({ where: { childId: ids.xiaoming! } });
    const mother = h.user('陈静', 9002, 'zh-hans');
    const [thanks] = await mother.pressData(`wn:ack:${note.id}`);
    expect(thanks).toMatchObject({ method: 'answerCallbackQuery', text: '谢谢！老师会看到您已经读了李小明的消息。' });
    const otherNote = await h.db.weeklyNote.findFirstOrThrow({ where: { childId: ids.fang! } });
    const [refused] = await mother.pressData(`wn:ack:${otherNote.id}`);
    expect(refused?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');

    expect(lastText(await mother.pressData(`wn:ans:${ids.xiaoming}`))).toBe('请写下或说出（发语音）您想对李小明的老师说的话：');
    expect(lastText(await mother.sendVoice('voice-from-mother'))).toBe('已发给老师。老师的回复会发到这里。');
    const [toTeacher] = await outboxFor(ids.teacher!);
    const voice = JSON.parse(toTeacher!.payload);
    expect(voice).toMatchObject({ kind: 'voice', fileId: 'voice-from-mother', caption: '陈静（李小明的妈妈）发来一条语音。' });

    const teacher = h.user('刘老师', 9001, 'zh-CN');
    const message = await h.db.familyMessage.findFirstOrThrow();
    expect(lastText(await teacher.pressData(voice.buttons[0][0].data))).toBe('请写下或说出给陈静的回复：');
    expect(lastText(await teacher.send('小明这周很努力，请放心。'))).toBe('回复已发送。');
    const reply = (await outboxFor(ids.mother!)).at(-1)!;
    expect(textOf(reply)).toBe('李小明的老师刘老师回复：\n\n小明这周很努力，请放心。');
    expect(await h.db.familyMessage.count({ where: { toUserId: ids.mother! } })).toBe(1);

    const grandma = h.user('王奶奶', 9004, 'zh-CN');
    expect(lastText(await grandma.pressData(`fm:r:${message.id}`))).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');

    const receipts = await teacher.send('/receipts');
    expect(lastText(receipts)).toBe(
      ['每周近况（11月30日—12月6日）的接收情况', '李小明 — 陈静：❤ 已读', '李小明 — Li Wei：… 等待发送', '王芳：○ 没有发出（本周没有记录，也没有读信、通话等事情）'].join('\n'),
    );
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-answers.txt');
  });

  it('in review mode sends drafts on Saturday; an empty week\'s draft says it will not go out unless written; a held one is not sent', async () => {
    await h.db.school.update({ where: { id: ids.school! }, data: { noteMode: 'REVIEW' } });
    await h.runWeeklyCycle(saturday);
    const drafts = (await outboxFor(ids.teacher!)).filter((row) => row.idempotencyKey.startsWith('weekly-review:'));
    expect(drafts.map((row) => textOf(row)?.split('\n')[0])).toEqual([
      '给李小明家人的每周近况草稿，将在 2026-12-06 19:00 发出。您可以修改、暂不发送，或不做处理按原样发出：',
      '王芳这周没有新的记录，也没有读信、通话等事情，所以这份每周近况不会发给家人。想让家人收到，请在 2026-12-06 19:00 前点“修改”写几句。',
    ]);
    const [editMing, holdMing] = JSON.parse(drafts[0]!.payload).buttons[0];
    const fangButtons = JSON.parse(drafts[1]!.payload).buttons;
    expect([editMing.text, holdMing.text]).toEqual(['✏ 修改', '⏸ 暂不发送']);
    expect(fangButtons.flat().map((b: { text: string }) => b.text)).toEqual(['✏ 修改']);

    const teacher = h.user('刘老师', 9001, 'zh-CN');
    expect(lastText(await teacher.pressData(holdMing.data))).toBe('已暂停：这份每周近况本周不发送。');
    expect(lastText(await teacher.pressData(fangButtons[0][0].data))).toBe('请写下要发给王芳家人的每周近况内容：');
    expect(lastText(await teacher.send('王芳这周当了值日生，做得很认真。'))).toBe('已保存：将发送您写的内容。');

    const parent = h.user('陈静', 9002, 'zh-hans');
    expect(lastText(await parent.pressData(editMing.data))).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');

    await h.runWeeklyCycle(sunday);
    expect((await outboxFor(ids.grandma!)).map(textOf)).toEqual(['王芳这一周（11月30日—12月6日）\n\n王芳这周当了值日生，做得很认真。']);
    expect(await outboxFor(ids.mother!)).toEqual([]);
    expect(lastText(await teacher.pressData(fangButtons[0][0].data))).toBe('这份每周近况已经发出了。');
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-review.txt');
  });
});

describe('replies to families', () => {
  it('never go to someone who is no longer linked to the child', async () => {
    const message = await h.db.familyMessage.create({ data: { childId: ids.xiaoming!, fromUserId: ids.mother!, text: '孩子最近好吗？' } });
    await h.db.guardianLink.deleteMany({ where: { userId: ids.mother! } });
    const teacher = h.user('刘老师', 9001, 'zh-CN');
    const [refused] = await teacher.pressData(`fm:r:${message.id}`);
    expect(refused?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
  });
});

describe('choosing how weekly notes are sent', () => {
  it('lets an admin switch to review mode, and nobody else', async () => {
    const admin = await h.db.user.create({ data: { accounts: onTelegram(9005n), displayName: '张校长', languageCode: 'zh-CN' } });
    await h.db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: ids.school! } });
    const principal = h.user('张校长', 9005, 'zh-CN');
    const [settings] = await principal.send('/weekly');
    expect(settings?.text).toBe('希望中学：每周近况在每周日 19:00 自动发给家长。');
    expect(settings?.buttons).toEqual([['自动发送'], ['班主任先审阅']]);
    expect((await principal.press('班主任先审阅')).at(-1)?.text).toBe('已保存：班主任会先审阅草稿。');
    expect((await h.db.school.findUniqueOrThrow({ where: { id: ids.school! } })).noteMode).toBe('REVIEW');

    const teacher = h.user('刘老师', 9001, 'zh-CN');
    expect((await teacher.send('/weekly')).at(-1)?.text).toBe('只有学校管理员可以设置每周近况的发送方式。');
    const [forged] = await teacher.pressData(`wk:mode:${ids.school}:AUTO`);
    expect(forged?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect((await h.db.school.findUniqueOrThrow({ where: { id: ids.school! } })).noteMode).toBe('REVIEW');
  });
});
