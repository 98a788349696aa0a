import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../src/domain/index.js';
import { schoolMonthAt } from '../../src/domain/school-month.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool, type SeededSchool } from '../helpers/seed.js';

let h: Harness;
let s: SeededSchool;
const ids: Record<string, number> = {};
const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const lastText = (replies: BotReply[]) => lastReply(replies)?.text;

beforeAll(async () => {
  h = await Harness.create();
  s = await seedSchool(h.db, { ids });
  await s.user('classTeacher', 8601n, '刘老师', 'zh-CN');
  await s.user('paired', 8602n, '赵老师', 'zh-CN');
  await s.user('mother', 8603n, '陈静', 'zh-CN');
  await s.user('father', 8604n, 'Li Wei', 'en');
  await s.user('grandma', 8605n, '李奶奶', 'zh-CN');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('paired', 'TEACHER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'xiaoming', 'FATHER');
  await s.link('grandma', 'xiaoming', 'GRANDPARENT');
  h.user('陈静', 8603, 'zh-CN');
  h.user('Li Wei', 8604, 'en');
  h.user('李奶奶', 8605, 'zh-CN');
});
afterAll(() => h.close());

describe('the paired teacher talks to the family', () => {
  it('when a teacher is paired with the child, the parents and the grandmother are told who the teacher is and what they will do', async () => {
    const classTeacher = h.user('刘老师', 8601, 'zh-CN');
    await classTeacher.send('/children');
    await classTeacher.press('李小明 · 七年级二班');
    await classTeacher.press('结对老师');
    expect(lastText(await classTeacher.press('赵老师'))).toBe('已保存：老师已与孩子结对。');
    const introductions = await h.deliverOutbox();
    expect(introductions.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [8603, '您好！学校请赵老师做李小明的结对老师，在学校多照看李小明。赵老师每个月会来家里看看或给您打个电话，每学期给您写一封信。有什么事，点下面的按钮就能给老师留言，发语音也可以。'],
      [
        8604,
        "Hello! The school has asked 赵老师 to be 李小明's paired teacher and look after 李小明 at school. Every month 赵老师 will visit the family or call you, and each semester write you a letter. To leave the teacher a message, tap the button below; a voice note is fine.",
      ],
      [8605, '您好！学校请赵老师做李小明的结对老师，在学校多照看李小明。赵老师每个月会来家里看看或给您打个电话，每学期给您写一封信。有什么事，点下面的按钮就能给老师留言，发语音也可以。'],
    ]);
    expect(await h.db.familyMessage.count({ where: { purpose: 'INTRODUCTION', fromUserId: ids.paired! } })).toBe(3);

    // The same teacher again introduces nobody twice.
    await classTeacher.send('/children');
    await classTeacher.press('李小明 · 七年级二班');
    await classTeacher.press('结对老师');
    await classTeacher.press('赵老师');
    expect(await h.deliverOutbox()).toHaveLength(0);
  });

  it('after a home visit, one tap sends the parents a short note they can answer; once per visit', async () => {
    const teacher = h.user('赵老师', 8602, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('李小明');
    await teacher.press('家访');
    await teacher.press('今天');
    const saved = await teacher.press('不加说明');
    expect(lastReply(saved)).toMatchObject({ text: '已记录：李小明 · 家访 · 2026-12-01，已记入孩子的档案。', buttons: [['✉ 给家长捎句话']] });
    expect(lastText(await teacher.press('✉ 给家长捎句话'))).toBe('给李小明的家长写几句话（不超过 500 字），或者发一条语音。家长可以直接回复您。');
    expect(lastText(await teacher.send('今天去了小明家，奶奶身体很好，小明的作业都按时做完了。'))).toBe('已发给李小明的家长。');

    const visit = await h.db.contactLog.findFirstOrThrow({ where: { childId: ids.xiaoming!, kind: 'VISIT' } });
    expect(visit.familyNoteAt).toEqual(new Date(h.now));
    const notes = await h.deliverOutbox();
    expect(notes.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [8603, '赵老师（李小明的结对老师）家访后给您捎几句话：\n\n今天去了小明家，奶奶身体很好，小明的作业都按时做完了。'],
      [8604, "赵老师, 李小明's paired teacher, visited the family and writes:\n\n今天去了小明家，奶奶身体很好，小明的作业都按时做完了。"],
    ]);
    expect(await h.db.familyMessage.findMany({ where: { purpose: 'VISIT_NOTE' }, select: { toUserId: true, fromUserId: true } })).toEqual([
      { toUserId: ids.mother!, fromUserId: ids.paired! },
      { toUserId: ids.father!, fromUserId: ids.paired! },
    ]);

    // The mother answers the note from its button.
    const mother = h.user('陈静', 8603, 'zh-CN');
    expect(lastText(await mother.press('✉ 回复老师'))).toBe('请写下或说出（发语音）您想对李小明的老师说的话：');
    await mother.send('谢谢赵老师！');
    expect(await h.db.familyMessage.count({ where: { fromUserId: ids.mother!, text: '谢谢赵老师！' } })).toBe(1);
    expect((await h.deliverOutbox()).map((call) => call.payload.chat_id)).toEqual([8602]);

    // A second note about the same visit, or a forged one, is refused.
    const again = await teacher.pressData(`lg:fn:${visit.id}`);
    expect(again[0]).toMatchObject({ method: 'answerCallbackQuery', text: '这次联系已经给家长捎过话了。' });
    const forged = await teacher.pressData('lg:fn:999999');
    expect(forged[0]).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
  });

  it('after a talk with the child, the note may be a voice note', async () => {
    const teacher = h.user('赵老师', 8602, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('李小明');
    await teacher.press('与孩子谈心');
    await teacher.press('今天');
    await teacher.send('聊了聊想家的事。');
    await teacher.press('✉ 给家长捎句话');
    expect(lastText(await teacher.sendVoice('voice-talk-note'))).toBe('已发给李小明的家长。');
    const notes = await h.deliverOutbox();
    expect(notes.map((call) => [call.method, call.payload.chat_id, call.payload.caption])).toEqual([
      ['sendVoice', 8603, '赵老师（李小明的结对老师）和李小明谈心后给您留了一段语音。'],
      ['sendVoice', 8604, "赵老师, 李小明's paired teacher, had a talk with 李小明 and left you a voice note."],
    ]);
    expect(await h.db.familyMessage.count({ where: { purpose: 'TALK_NOTE', voiceFileId: 'voice-talk-note' } })).toBe(2);
  });

  it('the semester letter is written in the bot, goes to the parents and counts for the duties', async () => {
    const duties = createDomain(h.db, { clock: () => new Date(h.now) }).duties;
    const school = { id: s.schoolId, timezone: 'Asia/Shanghai' };
    const month = schoolMonthAt(new Date(h.now), 'Asia/Shanghai');
    expect((await duties.stillOpen(school, month)).find((d) => d.childId === ids.xiaoming)?.open).toContain('LETTER');

    const teacher = h.user('赵老师', 8602, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('李小明');
    expect(lastText(await teacher.press('给家长写信'))).toBe('给李小明家长的学期信：请在这里写（不超过 2000 字），或者发一条语音。发出后就算本学期的“给家长写信”。');
    expect(lastText(await teacher.send('写'.repeat(2001)))).toBe('太长了：请不超过 2000 字，或者改发语音。');
    const letter = '陈静、李伟：你们好！这学期小明长高了，数学进步很大，也交了新朋友。寒假回家时，请多陪他说说话。';
    expect(lastText(await teacher.send(letter))).toBe('信已发给李小明的家长，并记入孩子的档案：李小明 · 给家长写信 · 2026-12-01。');

    expect(await h.db.contactLog.findFirstOrThrow({ where: { childId: ids.xiaoming!, kind: 'LETTER' } })).toMatchObject({ teacherId: ids.paired!, note: letter });
    expect((await duties.stillOpen(school, month)).find((d) => d.childId === ids.xiaoming)?.open ?? []).not.toContain('LETTER');
    const sent = await h.deliverOutbox();
    expect(sent.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [8603, `赵老师（李小明的结对老师）给您写了一封信：\n\n${letter}`],
      [8604, `A letter for this semester from 赵老师, 李小明's paired teacher:\n\n${letter}`],
    ]);
    expect(await h.db.familyMessage.count({ where: { purpose: 'SEMESTER_LETTER' } })).toBe(2);
  });

  it('with no parent joined, the letter is only logged and no note is offered', async () => {
    const teacher = h.user('刘老师', 8601, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('王芳');
    expect(lastText(await teacher.press('给家长写信'))).toBe('王芳 · 给家长写信：是哪天？请按按钮，或输入日期，例如 2026-11-28。');
    await teacher.press('今天');
    expect(lastReply(await teacher.press('不加说明'))).toMatchObject({ text: '已记录：王芳 · 给家长写信 · 2026-12-01，已记入孩子的档案。', buttons: [] });
    await teacher.send('/log');
    await teacher.press('王芳');
    await teacher.press('家访');
    await teacher.press('今天');
    expect(lastReply(await teacher.press('不加说明'))?.buttons).toEqual([]);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/family-notes.txt');
  });
});

describe('the paired teacher talks to the family, in English', () => {
  let en: Harness;
  const enIds: Record<string, number> = {};
  beforeAll(async () => {
    en = await Harness.create();
    const school = await seedSchool(en.db, { ids: enIds });
    await school.user('teacher', 8611n, 'Ms Wang', 'en');
    await school.user('mother', 8612n, '陈静', 'zh-CN');
    await school.member('teacher', 'TEACHER', { classTeacher: true });
    await school.child('xiaoming', '李小明');
    await school.pair('teacher', 'xiaoming');
    await school.link('mother', 'xiaoming', 'MOTHER');
    en.user('陈静', 8612, 'zh-CN');
  });
  afterAll(() => en.close());

  it('an English-speaking teacher sends a note after a talk and the semester letter; the mother reads them in Chinese', async () => {
    const teacher = en.user('Ms Wang', 8611, 'en');
    await teacher.send('/log');
    await teacher.press('李小明');
    await teacher.press('Heart-to-heart talk');
    await teacher.press('Today');
    const saved = await teacher.press('No note');
    expect(lastReply(saved)?.buttons).toEqual([['✉ Send the parents a note']]);
    expect(lastText(await teacher.press('✉ Send the parents a note'))).toBe("Write a few lines to 李小明's parents (up to 500 characters), or send a voice note. They can answer you here.");
    expect(lastText(await teacher.send('小明今天和我聊了很多，他很想妈妈。'))).toBe("Sent to 李小明's parents.");

    await teacher.send('/log');
    await teacher.press('李小明');
    await teacher.press('Letter to the parents');
    expect(lastText(await teacher.sendVoice('voice-letter'))).toBe("The letter went to 李小明's parents and is in the child's file: 李小明 · Letter to the parents · 2026-12-01.");
    const sent = await en.deliverOutbox();
    expect(sent.map((call) => [call.method, call.payload.chat_id, call.payload.text ?? call.payload.caption])).toEqual([
      ['sendMessage', 8612, 'Ms Wang（李小明的结对老师）和李小明谈了谈心，给您捎几句话：\n\n小明今天和我聊了很多，他很想妈妈。'],
      ['sendVoice', 8612, 'Ms Wang（李小明的结对老师）给您寄来一封语音信。'],
    ]);
    expect(await en.db.contactLog.findFirstOrThrow({ where: { kind: 'LETTER' } })).toMatchObject({ voiceFileId: 'voice-letter', teacherId: enIds.teacher! });

    await expect(en.transcript.toString()).toMatchFileSnapshot('./__transcripts__/family-notes.en.txt');
  });
});
