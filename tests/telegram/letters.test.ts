import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCall } from '../helpers/fake-telegram.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { photoMessage } from '../helpers/updates.js';

let h: Harness;
const ids: Record<string, number> = {};
const people: Record<string, TestUser> = {};
/** Wednesday 10:00 in Shanghai: far from the weekly notes' Sunday and the Friday reminder. */
const wednesday = Date.parse('2026-12-02T02:00:00Z');
const HOUR = 3600_000;

beforeAll(async () => {
  h = await Harness.create();
  h.now = wednesday;
  const s = await seedSchool(h.db, { ids });
  ids.school = s.schoolId;
  ids.class = s.classId;
  const user = async (key: string, telegramId: number, displayName: string, languageCode: string) => {
    await s.user(key, telegramId, displayName, languageCode);
    people[key] = h.user(displayName, telegramId, languageCode);
  };
  await user('admin', 9501, '赵校长', 'zh-CN');
  await user('keeper', 9502, '张阿姨', 'zh-CN');
  await user('teacher', 9503, '刘老师', 'zh-CN');
  await user('mother', 9504, '陈静', 'zh-hans');
  await user('father', 9505, 'Li Wei', 'en');
  await user('grandma', 9506, '王奶奶', 'zh-CN');
  await s.member('admin', 'ADMIN');
  await s.member('keeper', 'KEEPER');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'xiaoming', 'FATHER');
  await s.link('grandma', 'fang', 'GRANDPARENT');
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const toChat = (sent: ApiCall[], key: string) => sent.filter((call) => Number(call.payload.chat_id) === people[key]!.id);
const methods = (calls: ApiCall[]) => calls.map((call) => call.method);

/** Photos sent together: Telegram delivers each as its own update, sharing a media_group_id. */
async function sendAlbum(user: TestUser, fileIds: string[]): Promise<BotReply[]> {
  const replies: BotReply[] = [];
  for (const [index, fileId] of fileIds.entries()) {
    const update = photoMessage(user.from, fileId);
    Object.assign(update.message!, { media_group_id: 'album-letter' });
    h.transcript.user(user.name, `(photo ${index + 1} of an album)`);
    replies.push(...(await h.deliver(update, user)));
  }
  return replies;
}

describe('letters through the Children\'s Home', () => {
  it('lets a mother write a text and a voice note, and a grandmother a single voice note', async () => {
    const { mother, grandma } = people;
    const intro = await mother!.send('/letter');
    expect(lastText(intro)).toContain('最多 10 段、4000 字');
    await mother!.send('小明，妈妈在广州一切都好，过年就回家。你要好好吃饭。');
    const preview = await mother!.sendVoice('voice-mother');
    expect(lastText(preview)).toBe(
      ['您给李小明的信（2/10 段，26/4000 字）', '1. ✍ 小明，妈妈在广州一切都好，过年就回家。你要好好吃饭。', '2. 🎤 语音', '', '可以继续发送，或按“发送”。'].join('\n'),
    );
    expect(lastText(await mother!.press('✉ 发送'))).toBe('✓ 已发送。您的信在儿童之家等着李小明；和李小明一起读过后，您会收到消息。');

    await grandma!.send('/letter');
    await grandma!.sendVoice('voice-grandma');
    await grandma!.press('✉ 发送');

    const letters = await h.db.letter.findMany({ include: { parts: { orderBy: { position: 'asc' } } }, orderBy: { id: 'asc' } });
    expect(letters.map((l) => [l.childId, l.status, l.parts.map((p) => p.kind)])).toEqual([
      [ids.xiaoming, 'WAITING', ['text', 'voice']],
      [ids.fang, 'WAITING', ['voice']],
    ]);
    ids.motherLetter = letters[0]!.id;
    ids.grandmaLetter = letters[1]!.id;
    expect(h.logs.join('')).not.toContain('妈妈在广州');
  });

  it('tells the keeper once about the letters of the hour, not once per letter', async () => {
    await h.runWeeklyCycle(new Date(wednesday + HOUR + 30_000));
    await h.runWeeklyCycle(new Date(wednesday + HOUR + 90_000));
    const sent = await h.deliverOutbox();
    expect(methods(toChat(sent, 'keeper'))).toEqual(['sendMessage']);
    expect(toChat(sent, 'keeper')[0]!.payload.text).toBe('📬 儿童之家新收到 2 封信：李小明：1 封、王芳：1 封。');
    expect(toChat(sent, 'admin')).toEqual([]);
  });

  it('lets the keeper read the letter with the child, and both parents receive the child\'s drawing exactly once', async () => {
    const { keeper } = people;
    await keeper!.press('📬 打开信箱');
    const opened = await keeper!.press(`李小明 · 陈静（妈妈） · 12-02 10:00`);
    expect(opened.map((r) => r.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendMessage', 'sendVoice', 'sendMessage']);
    expect(opened.at(-1)?.buttons).toEqual([['📖 已和孩子一起读', '⏸ 暂缓'], ['🖨 打印', '✉ 记录回信']]);
    await keeper!.press('📖 已和孩子一起读');
    const receipt = await h.deliverOutbox();
    expect(toChat(receipt, 'mother').map((call) => call.payload.text)).toEqual(['✓✓ 您 2026-12-02 10:00 写给李小明的信，已经在儿童之家和李小明一起读过了（张阿姨）。']);
    expect(lastText(await keeper!.pressData(`letter:read:${ids.motherLetter}`))).toBe('这封信已经和孩子一起读过了。');

    await keeper!.press('✉ 记录回信');
    await keeper!.sendPhoto('photo-drawing', '小明画的全家福');
    expect(lastText(await keeper!.press('✉ 发送'))).toBe('✓ 已发给李小明的家人（2 人）。');

    const sent = await h.deliverOutbox();
    for (const parent of ['mother', 'father']) {
      expect(methods(toChat(sent, parent))).toEqual(['sendMessage', 'sendPhoto', 'sendMessage']);
    }
    expect(toChat(sent, 'father')[0]!.payload.text).toBe('✉ A letter from 李小明! 张阿姨 recorded it at the Children\'s Home:');
    expect(toChat(sent, 'mother')[1]!.payload.caption).toBe('小明画的全家福');
    await h.runWeeklyCycle(new Date(h.now + 60_000));
    expect(await h.deliverOutbox()).toEqual([]);
    const photosTo = (key: string) => h.callsOf('sendPhoto').filter((call) => Number(call.payload.chat_id) === people[key]!.id).length;
    expect([photosTo('mother'), photosTo('father')]).toEqual([1, 1]);
  });

  it('lets the keeper hold a letter with a reason: the admin hears why, the grandmother that it is delayed', async () => {
    const { keeper } = people;
    await keeper!.send('/inbox');
    await keeper!.press('王芳 · 王奶奶（祖辈） · 12-02 10:00');
    await keeper!.press('⏸ 暂缓');
    const held = await keeper!.send('王芳这周在医院，等她回来再读');
    expect(lastText(held)).toBe('⏸ 已暂缓。已告知学校管理员（1 人），也已告知王奶奶（祖辈）信会晚一些转交。');
    const sent = await h.deliverOutbox();
    expect(toChat(sent, 'admin')[0]!.payload.text).toBe('⏸ 张阿姨在儿童之家暂缓转交一封信：王奶奶（祖辈）写给王芳（2026-12-02 10:00）。原因：王芳这周在医院，等她回来再读');
    expect(toChat(sent, 'grandma')[0]!.payload.text).not.toContain('医院');
    expect(await h.db.letter.findUniqueOrThrow({ where: { id: ids.grandmaLetter! } })).toMatchObject({ status: 'HELD', holdReason: '王芳这周在医院，等她回来再读' });
  });

  it('refuses what does not fit, with the reason, and keeps what was collected', async () => {
    const { father } = people;
    await father!.send('/letter');
    expect(lastText(await father!.send('x'.repeat(4001)))).toBe(
      'That text is too long: a letter holds at most 4000 characters. Send it in smaller pieces, or put the rest in a second letter.',
    );
    const album = await sendAlbum(father!, Array.from({ length: 10 }, (_, i) => `photo-album-${i + 1}`));
    expect(album.filter((r) => r.method === 'sendMessage')).toHaveLength(1);
    expect(album.at(-1)?.text).toContain('(10 of 10 parts, 0 of 4000 characters)');
    const eleventh = await father!.sendVoice('voice-father');
    expect(lastText(eleventh)).toBe('That does not fit: a letter holds at most 10 parts.\nNothing is lost: your letter keeps the 10 parts you sent. Press “Send” or “Discard”.');
    await father!.press('✉ Send');
    const letter = await h.db.letter.findFirstOrThrow({ where: { authorId: ids.father! }, include: { parts: true } });
    expect(letter.parts.map((p) => p.fileId)).toEqual(Array.from({ length: 10 }, (_, i) => `photo-album-${i + 1}`));
    ids.fatherLetter = letter.id;
  });

  it('refuses forged buttons: a family sees only its own children, a teacher does not open letters', async () => {
    const { grandma, teacher } = people;
    const refusal = '抱歉，您不能对这个孩子或学校进行这项操作。';
    for (const data of [`letter:write:${ids.xiaoming}`, `letter:thread:${ids.xiaoming}:0`, `letter:show:${ids.motherLetter}`, `letter:read:${ids.motherLetter}`, `letter:reply:${ids.xiaoming}`]) {
      expect(lastText(await grandma!.pressData(data))).toBe(refusal);
    }
    expect(lastText(await teacher!.pressData(`letter:open:${ids.fatherLetter}`))).toBe(refusal);
    expect(lastText(await teacher!.send('/inbox'))).toBe('信箱只对儿童之家管理员和学校管理员开放。');
    const thread = await grandma!.send('/thread');
    expect(lastText(thread)).toContain('王芳的信件（第 1/1 页');
    expect(lastText(thread)).not.toContain('李小明');
    expect(await h.db.auditLog.count({ where: { action: 'access.refused', actorId: ids.grandma! } })).toBe(5);
  });

  it('reminds the keeper each morning while letters wait', async () => {
    const thursday = Date.parse('2026-12-02T23:30:00Z');
    await h.runWeeklyCycle(new Date(thursday));
    expect(await h.deliverOutbox()).toEqual([]);
    await h.runWeeklyCycle(new Date(thursday + 35 * 60_000));
    await h.runWeeklyCycle(new Date(thursday + 2 * HOUR));
    const sent = await h.deliverOutbox();
    expect(toChat(sent, 'keeper').map((call) => call.payload.text)).toEqual(['📬 提醒：还有 1 封信等着和孩子一起读：李小明：1 封。']);
  });

  it('runs a campaign: families are told, letters are linked, and keepers and class teachers see who wrote', async () => {
    const { admin, keeper, teacher, mother } = people;
    await admin!.send('/campaign');
    await admin!.press('➕ 发起活动');
    await admin!.press('👨‍👩‍👧 家人给孩子写信');
    await admin!.press('七年级二班');
    expect(lastText(await admin!.press('7 天后'))).toBe('✓ “给孩子的一封家书”已在七年级二班发起，2026-12-10 截止。已通知 3 位家人。');
    const told = await h.deliverOutbox();
    expect(['mother', 'father', 'grandma'].map((key) => toChat(told, key).length)).toEqual([1, 1, 1]);

    await mother!.press('✉ 给李小明写信');
    await mother!.sendVoice('voice-campaign');
    await mother!.press('✉ 发送');
    const campaign = await h.db.letterCampaign.findFirstOrThrow();
    expect(await h.db.letter.count({ where: { campaignId: campaign.id, authorId: ids.mother! } })).toBe(1);

    const progress = ['“给孩子的一封家书”，七年级二班，2026-12-10 截止：2 个孩子中 1 个已有来信', '✓ 李小明', '· 王芳：还没有'].join('\n');
    expect(lastText(await keeper!.send('/campaign'))).toBe(progress);
    expect(lastText(await teacher!.send('/campaign'))).toBe(progress);

    await keeper!.send('/reply');
    await keeper!.press('李小明');
    await keeper!.send('妈妈，我收到你的信了，我会好好吃饭的。');
    await keeper!.press('✉ 发送');
    const reply = await h.deliverOutbox();
    expect(toChat(reply, 'mother')[0]!.payload.text).toBe('✉ 李小明在“给孩子的一封家书”活动中写的信到了！张阿姨在儿童之家帮忙记录：');
  });

  it('shows the mother her child\'s thread, newest last', async () => {
    const thread = await people.mother!.send('/thread');
    const text = lastText(thread)!;
    expect(text.indexOf('小明画的全家福')).toBeLessThan(text.indexOf('我会好好吃饭的'));
    await people.mother!.press('▶ 2');
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/letters.txt');
  });
});
