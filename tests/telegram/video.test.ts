import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCall } from '../helpers/fake-telegram.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { readPdf } from '../helpers/pdf.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const people: Record<string, TestUser> = {};
/** Tuesday 10:00 in Shanghai; the weekly notes go out on Sunday evening. */
const tuesday = Date.parse('2026-12-01T02:00:00Z');
const sunday = new Date('2026-12-06T11:01:00Z');

beforeAll(async () => {
  h = await Harness.create();
  h.now = tuesday;
  const s = await seedSchool(h.db, { ids });
  const user = async (key: string, telegramId: number, displayName: string, languageCode: string) => {
    await s.user(key, telegramId, displayName, languageCode);
    people[key] = h.user(displayName, telegramId, languageCode);
  };
  await user('admin', 9701, '赵校长', 'zh-CN');
  await user('keeper', 9702, '张阿姨', 'zh-CN');
  await user('teacher', 9703, '刘老师', 'zh-CN');
  await user('mother', 9704, '陈静', 'zh-hans');
  await user('father', 9705, 'Li Wei', 'en');
  await user('grandma', 9706, '王奶奶', 'zh-CN');
  await s.member('admin', 'ADMIN');
  await s.member('keeper', 'KEEPER');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('xiaoming', '李小明');
  await s.pair('teacher', 'xiaoming');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'xiaoming', 'FATHER');
  await s.link('grandma', 'xiaoming', 'GRANDPARENT');
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const toChat = (sent: ApiCall[], key: string) => sent.filter((call) => Number(call.payload.chat_id) === people[key]!.id);
const shown = (calls: ApiCall[]) => calls.map((call) => [call.method, call.payload.video ?? call.payload.video_note ?? call.payload.text ?? null, call.payload.caption ?? null]);

describe('videos and video messages in letters', () => {
  it('lets a grandmother send a video message, a mother a video with words and a father a video, each as a letter', async () => {
    const { grandma, mother, father } = people;
    expect(lastText(await grandma!.send('/letter'))).toContain('可以发送文字、语音、照片（也可以一次发多张）和视频');
    expect(lastText(await grandma!.sendVideoNote('note-grandma'))).toBe(['您给李小明的信（1/10 段，0/4000 字）', '1. 📹 视频消息', '', '可以继续发送，或按“发送”。'].join('\n'));
    await grandma!.press('✉ 发送');

    await mother!.send('/letter');
    await mother!.send('小明，这是妈妈的工地。');
    expect(lastText(await mother!.sendVideo('video-mother', '妈妈在工地上给你录的'))).toBe(
      ['您给李小明的信（2/10 段，21/4000 字）', '1. ✍ 小明，这是妈妈的工地。', '2. 🎬 视频：妈妈在工地上给你录的', '', '可以继续发送，或按“发送”。'].join('\n'),
    );
    await mother!.press('✉ 发送');

    expect(lastText(await father!.send('/letter'))).toContain('Send texts, voice notes, photos (albums too) and videos');
    expect(lastText(await father!.sendVideo('video-father'))).toBe(['Your letter to 李小明 (1 of 10 parts, 0 of 4000 characters)', '1. 🎬 video', '', 'Send more, or press “Send”.'].join('\n'));
    await father!.press('✉ Send');

    const letters = await h.db.letter.findMany({ include: { parts: { orderBy: { position: 'asc' } } }, orderBy: { id: 'asc' } });
    expect(letters.map((letter) => letter.parts.map((part) => [part.kind, part.fileId, part.text]))).toEqual([
      [['video_note', 'note-grandma', null]],
      [['text', null, '小明，这是妈妈的工地。'], ['video', 'video-mother', '妈妈在工地上给你录的']],
      [['video', 'video-father', null]],
    ]);
    ids.grandmaLetter = letters[0]!.id;
    ids.motherLetter = letters[1]!.id;
  });

  it('plays the videos to the keeper, prints the video as a line, and sends the child\'s video reply to the whole family', async () => {
    const { keeper } = people;
    await keeper!.send('/inbox');
    const grandmas = await keeper!.press('李小明 · 王奶奶（祖辈） · 12-01 10:00');
    expect(grandmas.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendVideoNote', 'sendMessage']);
    expect(h.callsOf('sendVideoNote').at(-1)!.payload).toMatchObject({ video_note: 'note-grandma' });
    await keeper!.press('📖 已和孩子一起读');
    expect(shown(toChat(await h.deliverOutbox(), 'grandma'))).toEqual([['sendMessage', '✓✓ 您 2026-12-01 10:00 写给李小明的信，已经在儿童之家和李小明一起读过了（张阿姨）。', null]]);

    await keeper!.send('/inbox');
    const mothers = await keeper!.press('李小明 · 陈静（妈妈） · 12-01 10:00');
    expect(mothers.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendMessage', 'sendVideo', 'sendMessage']);
    expect(h.callsOf('sendVideo').at(-1)!.payload).toMatchObject({ video: 'video-mother', caption: '妈妈在工地上给你录的' });

    await keeper!.press('🖨 打印');
    const printed = await readPdf(h.telegram.uploads.at(-1)!.content);
    expect(printed.texts[0]).toContain('小明，这是妈妈的工地。\n▶ 视频：妈妈在工地上给你录的（请到儿童之家观看）');

    await keeper!.press('✉ 记录回信');
    await keeper!.sendVideoNote('note-xiaoming');
    expect(lastText(await keeper!.press('✉ 发送'))).toBe('✓ 已发给李小明的家人（3 人）。');
    const sent = await h.deliverOutbox();
    expect(shown(toChat(sent, 'grandma'))).toEqual([
      ['sendMessage', '✉ 李小明给您回信了！张阿姨在儿童之家帮忙记录：', null],
      ['sendVideoNote', 'note-xiaoming', null],
      ['sendMessage', '以上是李小明的信。您可以回信：', null],
    ]);
    expect(shown(toChat(sent, 'father'))).toEqual([
      ['sendMessage', "✉ A letter from 李小明! 张阿姨 recorded it at the Children's Home:", null],
      ['sendVideoNote', 'note-xiaoming', null],
      ['sendMessage', 'That was 李小明\'s letter. You can write back:', null],
    ]);
    const reply = await h.db.letter.findFirstOrThrow({ where: { direction: 'TO_FAMILY' }, include: { parts: true } });
    expect(reply.parts.map((part) => [part.kind, part.fileId])).toEqual([['video_note', 'note-xiaoming']]);
  });

  it('shows the videos in the mother\'s thread and in the letters\' export', async () => {
    const thread = lastText(await people.mother!.send('/thread'))!;
    expect(thread).toContain('  🎬 视频：妈妈在工地上给你录的');
    expect(thread).toContain('  📹 视频消息 ×1');

    const { admin } = people;
    await admin!.send('/export');
    await admin!.press('某个孩子的书信（含内容）');
    await admin!.press('七年级二班');
    await admin!.press('李小明');
    await admin!.press('确认导出');
    const csv = h.telegram.uploads.at(-1)!.content.toString('utf8');
    expect(csv).toContain('[视频消息 note-grandma]');
    expect(csv).toContain('[视频 video-mother] 妈妈在工地上给你录的');
    expect(csv).toContain('[视频 video-father]');
  });
});

describe('videos in quick updates', () => {
  it('keeps a teacher\'s video and video message in the record, and a concern sends the video to every parent', async () => {
    const { teacher } = people;
    await teacher!.sendVideo('video-race', '小明在运动会上跑了第一');
    for (const label of ['李小明', '活动', '保存']) await teacher!.press(label);
    await teacher!.sendVideoNote('note-teacher');
    for (const label of ['李小明', '情绪', '保存，标为需关注']) await teacher!.press(label);
    const media = await h.db.updateMedia.findMany({ orderBy: { id: 'asc' }, select: { kind: true, fileId: true } });
    expect(media).toEqual([{ kind: 'video', fileId: 'video-race' }, { kind: 'video_note', fileId: 'note-teacher' }]);

    const sent = await h.deliverOutbox();
    expect(shown(toChat(sent, 'mother'))).toEqual([
      ['sendMessage', expect.stringContaining('\n\n（请看下面的照片、语音或视频）\n\n'), null],
      ['sendVideoNote', 'note-teacher', null],
    ]);
    expect(shown(toChat(sent, 'father'))).toEqual([
      ['sendMessage', expect.stringContaining('\n\n(see the photo, voice note or video below)\n\n'), null],
      ['sendVideoNote', 'note-teacher', null],
    ]);

    await teacher!.send('/record');
    const record = lastText(await teacher!.press('李小明 · 七年级二班'))!;
    expect(record.split('\n').slice(1)).toEqual([
      '12-01 10:00 · 情绪 · 刘老师',
      '  ⚠ 🎬×1',
      '12-01 10:00 · 活动 · 刘老师',
      '  小明在运动会上跑了第一 🎬×1',
    ]);
  });

  it('sends the week\'s videos with the weekly note, in each parent\'s language, once', async () => {
    await h.runWeeklyCycle(sunday);
    const sent = await h.deliverOutbox();
    const videos = (key: string) => toChat(sent, key).filter((call) => call.method !== 'sendMessage').map((call) => [call.method, call.payload.video ?? call.payload.video_note]);
    for (const key of ['mother', 'father', 'grandma']) {
      expect(videos(key)).toEqual([
        ['sendVideo', 'video-race'],
        ['sendVideoNote', 'note-teacher'],
      ]);
    }
    expect(toChat(sent, 'father').at(-1)!.payload.text).toContain("李小明's week at school");
    await h.runWeeklyCycle(new Date(sunday.getTime() + 3600_000));
    expect((await h.deliverOutbox()).filter((call) => call.method.startsWith('sendVideo'))).toEqual([]);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/video.txt');
  });
});
