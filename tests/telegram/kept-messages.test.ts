import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remindOfKeptMessages } from '../../src/jobs/kept-messages.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const people: Record<string, TestUser> = {};
/** Wednesday 10:00 in Shanghai: far from the weekly notes' Sunday and the Friday reminder. */
const wednesday = Date.parse('2026-12-02T02:00:00Z');
const HOUR = 3600_000;

beforeEach(async () => {
  h = await Harness.create();
  h.now = wednesday;
  const s = await seedSchool(h.db, { ids });
  const user = async (key: string, telegramId: number, displayName: string, languageCode: string) => {
    await s.user(key, telegramId, displayName, languageCode);
    people[key] = h.user(displayName, telegramId, languageCode);
  };
  await user('classTeacher', 9701, '刘老师', 'zh-CN');
  await user('paired', 9702, '王老师', 'zh-CN');
  await user('mother', 9703, '陈静', 'zh-hans');
  await user('grandma', 9704, '王奶奶', 'zh-CN');
  await user('father', 9705, 'Li Wei', 'en');
  await s.member('classTeacher', 'TEACHER', { classTeacher: true });
  await s.member('paired', 'TEACHER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.pair('paired', 'xiaoming');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('grandma', 'fang', 'GRANDPARENT');
  await s.link('father', 'xiaoming', 'FATHER');
  await s.link('father', 'fang', 'FATHER');
});
afterEach(() => h.close());

const last = (replies: BotReply[]) => replies.filter((reply) => reply.method === 'sendMessage').at(-1);
const outboxFor = (userId: number) => h.db.outboxMessage.findMany({ where: { recipientId: userId }, orderBy: { id: 'asc' } });
const payloadOf = (row: { payload: string }) => JSON.parse(row.payload) as { kind: string; text?: string; caption?: string; fileId?: string; buttons?: { text: string; data: string }[][] };

describe('a message a family member sends outside any flow', () => {
  it('is kept, and messages sent in a row go with one tap as a letter to the child or to the teacher who wrote (zh-CN)', async () => {
    const mother = people.mother!;
    const voice = last(await mother.sendVoice('voice-mother-1'));
    expect(voice).toMatchObject({ text: '收到了您的语音。要发给谁？点一下就行，不用再发一遍。', buttons: [['给小明'], ['给老师（王老师）']] });
    const both = last(await mother.sendPhoto('photo-mother-1', '他的新鞋'));
    expect(both?.text).toBe('收到了您的 2 条消息（语音、照片）。要发给谁？点一下，这几条会一起发出，不用再发一遍。');
    expect(await h.db.keptMessage.count({ where: { userId: ids.mother!, usedAt: null } })).toBe(2);

    await mother.press('给小明');
    const letter = await h.db.letter.findFirstOrThrow({ where: { authorId: ids.mother! }, include: { parts: { orderBy: { position: 'asc' } } } });
    expect(letter).toMatchObject({ childId: ids.xiaoming, direction: 'TO_CHILD', status: 'WAITING' });
    expect(letter.parts.map((part) => [part.kind, part.fileId, part.text])).toEqual([
      ['voice', 'voice-mother-1', null],
      ['photo', 'photo-mother-1', '他的新鞋'],
    ]);
    const [stale] = await mother.pressData(`km:t:${ids.xiaoming}`);
    expect(stale?.text).toBe('这些消息已经发出去了。');
    expect(await h.db.familyMessage.count()).toBe(0);

    await mother.send('周末我给他打电话，麻烦老师告诉他一声。');
    expect(last(await mother.press('给老师（王老师）'))?.text).toBe('已发给王老师。老师的回复会发到这里。');
    expect(await outboxFor(ids.classTeacher!)).toEqual([]);
    await h.deliverOutbox();
    const [toPaired] = await outboxFor(ids.paired!);
    expect(payloadOf(toPaired!).text).toBe('陈静（李小明的妈妈）说：\n\n周末我给他打电话，麻烦老师告诉他一声。');

    const message = await h.db.familyMessage.findFirstOrThrow({ where: { fromUserId: ids.mother! } });
    await people.classTeacher!.pressData(`fm:r:${message.id}`);
    await people.classTeacher!.send('好的，我会转告小明。他最近很用功。');
    await h.deliverOutbox();
    expect(last(await mother.press('✉ 回复老师'))?.text).toBe('请写下或说出（发语音）您想对刘老师说的话：');
    await mother.send('谢谢刘老师！');
    await h.deliverOutbox();
    const toClassTeacher = (await outboxFor(ids.classTeacher!)).map(payloadOf).map((payload) => payload.text);
    expect(toClassTeacher).toEqual(['陈静（李小明的妈妈）说：\n\n谢谢刘老师！']);
    expect(await outboxFor(ids.paired!)).toHaveLength(1);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/kept-messages.zh-CN.txt');
  });

  it('from a grandparent who lives with the child offers only the teacher, never a letter to the child', async () => {
    const grandma = people.grandma!;
    const asked = last(await grandma.sendVoice('voice-grandma'));
    expect(asked).toMatchObject({ text: '收到了您的语音。点一下就能发给老师，不用再说一遍。', buttons: [['给老师（刘老师）']] });
    expect(last(await grandma.press('给老师（刘老师）'))?.text).toBe('已发给刘老师。老师的回复会发到这里。');
    const [toTeacher] = await outboxFor(ids.classTeacher!);
    expect(payloadOf(toTeacher!)).toMatchObject({ kind: 'voice', fileId: 'voice-grandma', caption: '王奶奶（王芳的祖辈）发来一条语音。' });
    expect(await h.db.letter.count()).toBe(0);
    const start = last(await grandma.send('/start'));
    expect(start?.buttons.flat().some((label) => label.includes('写信'))).toBe(false);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/kept-messages-guardian.zh-CN.txt');
  });

  it('with two children has a button per child and per teacher, and is recalled once a day later if nobody tapped (en)', async () => {
    const father = people.father!;
    await father.sendVideo('video-father', 'Look, snow at the factory');
    const asked = last(await father.sendVideoNote('video-note-father'));
    expect(asked).toMatchObject({
      text: 'Got your 2 messages (video, video message). Who are they for? One tap sends them together, no need to send them again.',
      buttons: [['To 小明', 'To 王芳'], ['To the teacher (王老师)'], ['To the teacher (刘老师)']],
    });

    h.advance(23 * HOUR);
    await remindOfKeptMessages(h.jobDeps(), new Date(h.now));
    expect(await outboxFor(ids.father!)).toEqual([]);
    h.advance(2 * HOUR);
    await remindOfKeptMessages(h.jobDeps(), new Date(h.now));
    await remindOfKeptMessages(h.jobDeps(), new Date(h.now + HOUR));
    const reminders = await outboxFor(ids.father!);
    expect(reminders.map(payloadOf).map((payload) => payload.text)).toEqual([
      'The 2 messages you sent earlier (video, video message) have not gone to anyone yet. Who are they for? One tap sends them together.',
    ]);
    await h.deliverOutbox();

    expect(last(await father.press('To the teacher (刘老师)'))?.text).toBe('Sent to 刘老师. The teacher\'s reply will come here.');
    await h.deliverOutbox();
    const toTeacher = (await outboxFor(ids.classTeacher!)).map(payloadOf);
    expect(toTeacher.map((payload) => [payload.kind, payload.fileId, payload.caption])).toEqual([
      ['video', 'video-father', 'Li Wei（王芳的爸爸）发来一段视频。\n\nLook, snow at the factory'],
      ['videoNote', 'video-note-father', 'Li Wei（王芳的爸爸）发来一段视频。'],
    ]);
    expect(await h.db.familyMessage.findMany({ select: { childId: true, mediaKind: true } })).toEqual([
      { childId: ids.fang, mediaKind: 'video' },
      { childId: ids.fang, mediaKind: 'video_note' },
    ]);
    h.advance(30 * HOUR);
    await remindOfKeptMessages(h.jobDeps(), new Date(h.now));
    expect(await outboxFor(ids.father!)).toHaveLength(1);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/kept-messages.en.txt');
  });

  it('refuses forged buttons for a child who is not theirs, and keeps the messages', async () => {
    await people.grandma!.send('小芳今天发烧了');
    const [refused] = await people.grandma!.pressData(`km:c:${ids.xiaoming}`);
    expect(refused?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    const [refusedTeacher] = await people.grandma!.pressData(`km:t:${ids.xiaoming}`);
    expect(refusedTeacher?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect(await h.db.keptMessage.count({ where: { usedAt: null } })).toBe(1);
    expect(await h.db.letter.count()).toBe(0);
  });
});
