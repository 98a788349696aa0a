import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notUnderstood } from '../../src/app/family-message-replies.js';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 王老师, paired with 李小明 whose mother 陈静 is away; 李奶奶 looks after 李芳. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, outboxTo, school } = world;

beforeAll(async () => {
  await school.user('teacher', 9201, '王老师', 'zh-hans');
  await school.member('teacher', 'TEACHER');
  await school.user('mother', 9202, '陈静', 'zh-hans');
  await school.user('grandma', 9203, '李奶奶', 'zh-hans');
  await school.child('ming', '李小明', { parentsAway: 'BOTH' });
  await school.child('fang', '李芳');
  await school.pair('teacher', 'ming');
  await school.link('mother', 'ming', 'MOTHER');
  await school.link('grandma', 'fang', 'GRANDPARENT');
});
afterAll(world.close);

describe('messages a family member sends outside any flow', () => {
  it('are kept and answered with where they can go, one choice each, the kinds named once in the reader\'s language', async () => {
    await app.familyMessages.keep(as('mother'), { kind: 'video', fileId: 'video-1' });
    const kept = await app.familyMessages.keep(as('mother'), { kind: 'video_note', fileId: 'round-1' });
    expect(kept?.reply.choices).toEqual([
      [{ label: { key: 'kept.toChild', values: { child: '小明' } }, action: { name: 'kept.toChild', childId: ids.ming } }],
      [{ label: { key: 'kept.toTeacher', values: { teacher: '王老师' } }, action: { name: 'kept.toTeacher', childId: ids.ming } }],
    ]);
    expect(say(translations.translatorFor('zh-CN'), kept!.reply.words)).toContain('（视频）');
    expect(say(translations.translatorFor('en'), kept!.reply.words)).toContain('(video, video message)');
  });

  it('go to the teacher with one choice, who is named; a second press finds nothing waiting', async () => {
    const sent = await app.familyMessages.sendKeptToTeacher(as('mother'), ids.ming!);
    expect(sent?.reply).toEqual({ words: { key: 'kept.sentToTeacher', values: { teacher: '王老师', count: 2 } }, choices: [] });
    expect(await outboxTo('teacher')).toHaveLength(2);
    expect(await app.familyMessages.sendKeptToTeacher(as('mother'), ids.ming!)).toBeNull();
  });

  it('go to the child as one letter, confirmed by naming the child', async () => {
    await app.familyMessages.keep(as('mother'), { kind: 'text', text: '记得喝水。' });
    const sent = await app.letters.sendKeptToChild(as('mother'), ids.ming!);
    expect(sent?.reply).toEqual({ words: { key: 'letters.sent', values: { child: '李小明' } }, choices: [] });
    expect(await db.letter.findUniqueOrThrow({ where: { id: sent!.letter.id } })).toMatchObject({ childId: ids.ming, status: 'WAITING' });
  });

  it('from a grandparent who lives with the child, whom nobody at the school reads, are kept and the family is told so', async () => {
    const kept = await app.familyMessages.keep(as('grandma'), { kind: 'voice', fileId: 'voice-1' });
    expect(kept?.reply).toEqual({ words: { key: 'kept.nobody', values: { what: expect.anything(), count: 1 } }, choices: [] });
  });
});

describe('a family member\'s answer to the teachers', () => {
  it('is confirmed as sent, or as unread when nobody at the school can read it', async () => {
    const answer = await app.familyMessages.toTeachers(as('mother'), ids.ming!, { text: '谢谢老师。' });
    expect(answer.reply.words).toEqual({ key: 'weeklyNote.answerSent' });
    const unread = await app.familyMessages.toTeachers(as('grandma'), ids.fang!, { text: '芳芳感冒了。' });
    expect(unread.reply.words).toEqual({ key: 'weeklyNote.nobodyToTell' });
  });
});

describe('a message nothing understood', () => {
  it('offers the family\'s usual choices, or points someone who follows no child to /help', () => {
    const children = [{ id: 1, name: '李小明', writesLetters: true }, { id: 2, name: '李芳', writesLetters: false }];
    const offered = notUnderstood(children);
    expect(offered.choices.map((row) => row.map((choice) => choice.action))).toEqual([
      [{ name: 'letter.write', childId: 1 }, { name: 'note.answer', childId: 1 }],
      [{ name: 'note.answer', childId: 2 }],
    ]);
    expect(say(translations.translatorFor('en'), offered.words)).toContain('李小明, 李芳');
    expect(notUnderstood([])).toEqual({ words: { key: 'fallback.unknown' }, choices: [] });
  });
});

describe('the checks before an answer or a reply is asked for', () => {
  it('a family member answers about their own child, and answers a teacher\'s message to them, named', async () => {
    expect(await app.weeklyNotes.answerAbout(as('mother'), ids.ming!)).toEqual({ childId: ids.ming, childName: '李小明' });
    await expect(app.weeklyNotes.answerAbout(as('mother'), ids.fang!)).rejects.toMatchObject({ reason: expect.any(String) });
    const asked = await app.familyMessages.toTeachers(as('mother'), ids.ming!, { text: '老师，小明最近怎么样？' });
    expect(await app.familyMessages.replyTarget(as('teacher'), asked.id)).toEqual({ messageId: asked.id, parentName: '陈静' });
    const reply = await app.familyMessages.replyToFamily(as('teacher'), asked.id, { text: '他很好。' });
    expect(await app.familyMessages.answerTarget(as('mother'), reply.id)).toEqual({ messageId: reply.id, childId: ids.ming, childName: '李小明', teacherName: '王老师' });
    await expect(app.familyMessages.answerTarget(as('grandma'), reply.id)).rejects.toMatchObject({ reason: 'forbidden' });
  });
});
