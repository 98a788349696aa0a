import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../../src/domain/index.js';
import type { ApiCall } from '../helpers/fake-telegram.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const texts = (calls: ApiCall[]) => calls.map((call) => call.payload.text ?? call.payload.caption);

/** A family invitation made by the admin, as `/invite` would, and the newcomer's joining through its link. */
async function join(h: Harness, adminId: number, childId: number, relation: 'FATHER' | 'MOTHER', newcomer: TestUser, agree: string): Promise<void> {
  const domain = createDomain(h.db, { clock: () => new Date(h.now) });
  const invite = await domain.invites.issueInvite({ userId: adminId }, { role: 'FAMILY', childId, relation });
  await newcomer.send(`/start ${invite.code}`);
  await newcomer.press(agree);
}

describe('children write first (zh-CN)', () => {
  let h: Harness;
  const ids: Record<string, number> = {};
  const people: Record<string, TestUser> = {};
  const toChat = (sent: ApiCall[], key: string) => sent.filter((call) => Number(call.payload.chat_id) === people[key]!.id);

  beforeAll(async () => {
    h = await Harness.create();
    const s = await seedSchool(h.db, { ids });
    const user = async (key: string, telegramId: number, name: string, language: string) => {
      await s.user(key, telegramId, name, language);
      people[key] = h.user(name, telegramId, language);
    };
    await user('admin', 9601, '赵校长', 'zh-CN');
    await user('keeper', 9602, '张阿姨', 'zh-CN');
    await user('teacher', 9603, '刘老师', 'zh-CN');
    await user('mother', 9604, '陈静', 'zh-CN');
    people.father = h.user('王建国', 9605, 'zh-CN');
    await s.member('admin', 'ADMIN');
    await s.member('keeper', 'KEEPER');
    await s.member('teacher', 'TEACHER', { classTeacher: true });
    await s.child('xiaoming', '李小明');
    await s.child('fang', '王芳');
    await s.child('zhou', '周杰', { parentsAway: 'NONE' });
    await s.link('mother', 'xiaoming', 'MOTHER');
  });
  afterAll(() => h.close());

  it('lets the keeper record a letter from a child whose mother never wrote, found by name from the empty letterbox', async () => {
    const { keeper } = people;
    const empty = await keeper!.send('/inbox');
    expect(empty.at(-1)).toMatchObject({ text: '📬 信箱是空的：没有等待中的信。', buttons: [['✏ 记录孩子的信']] });
    const picker = await keeper!.press('✏ 记录孩子的信');
    expect(picker.at(-1)).toMatchObject({ text: '记录哪个孩子的信？点名字，或者输入名字里的一个字查找。', buttons: [['李小明', '王芳']] });
    expect(lastText(await keeper!.send('张'))).toBe('没有找到名字里有“张”的孩子。请换个字再试，或者按上面的名字。');
    expect((await keeper!.send('小明')).at(-1)?.buttons).toEqual([['李小明']]);
    const intro = await keeper!.press('李小明');
    expect(lastText(intro)).toBe('✏ 李小明的信：可以打字，拍下手写的信或画，或者录一段语音或视频，最多 10 段、4000 字。信会发给李小明的家人。');
    await keeper!.sendVoice('voice-xiaoming');
    expect(lastText(await keeper!.press('✉ 发送'))).toBe('✓ 已发给李小明的家人（1 人）。');

    const sent = await h.deliverOutbox();
    expect(texts(toChat(sent, 'mother'))).toEqual(['✉ 李小明给您写信了！张阿姨在儿童之家帮忙记录：', undefined, '以上是李小明的信。您可以回信：']);
    expect(toChat(sent, 'mother')[1]).toMatchObject({ method: 'sendVoice', payload: { voice: 'voice-xiaoming' } });
    const letter = await h.db.letter.findFirstOrThrow({ where: { childId: ids.xiaoming! }, include: { parts: true } });
    expect(letter).toMatchObject({ direction: 'TO_FAMILY', status: 'SENT', authorId: ids.keeper, campaignId: null });
  });

  it('keeps the letter of a child whose family has not joined, says so before and after, and sends it when the father joins', async () => {
    const { keeper, father } = people;
    await keeper!.send('/reply');
    await keeper!.send('芳');
    const intro = await keeper!.press('王芳');
    expect(lastText(intro)).toContain('注意：王芳还没有家人加入家书。信会先保存好，等第一位家人加入后马上发给他们。');
    await keeper!.send('爸爸，我这次数学考了第一名！你什么时候回来？');
    expect(lastText(await keeper!.press('✉ 发送'))).toBe('✓ 已保存。王芳还没有家人加入家书，家人一加入就会收到这封信。');
    expect(await h.deliverOutbox()).toEqual([]);
    expect(await h.db.letter.findFirstOrThrow({ where: { childId: ids.fang! } })).toMatchObject({ direction: 'TO_FAMILY', status: 'WAITING' });

    h.advance(3 * 24 * 3600_000);
    await join(h, ids.admin!, ids.fang!, 'FATHER', father!, '我同意');
    const sent = await h.deliverOutbox();
    expect(texts(toChat(sent, 'father'))).toEqual([
      '✉ 王芳在 2026-12-01 给您写了一封信，那时您还没有加入家书；张阿姨在儿童之家帮忙记录，一直替您保存着：',
      '爸爸，我这次数学考了第一名！你什么时候回来？',
      '以上是王芳的信。您可以回信：',
    ]);
    expect(await h.db.letter.findFirstOrThrow({ where: { childId: ids.fang! } })).toMatchObject({ status: 'SENT' });
  });

  it("runs a children's campaign: keepers and class teachers are told, the keeper records against it, and everyone following sees who wrote", async () => {
    const { admin, keeper, teacher } = people;
    await admin!.send('/campaign');
    await admin!.press('➕ 发起活动');
    expect(lastText(await admin!.press('✏ 孩子给远方的父母写信'))).toBe('“给远方父母的一封信”：哪些孩子写信？');
    await admin!.press('七年级二班');
    expect(lastText(await admin!.press('7 天后'))).toBe('✓ “给远方父母的一封信”已在七年级二班发起，2026-12-11 截止，共 2 个孩子要写信。已通知儿童之家管理员和班主任（2 人）。');
    const told = await h.deliverOutbox();
    expect(told.map((call) => Number(call.payload.chat_id)).sort()).toEqual([people.keeper!.id, people.teacher!.id]);
    expect(toChat(told, 'keeper')[0]!.payload.text).toBe(
      '✏ 学校发起了“给远方父母的一封信”：请七年级二班的孩子们在 2026-12-11 前给远方的爸爸妈妈写一封信（共 2 个孩子）。孩子可以写字、画画，也可以录一段语音；请您帮孩子记下来，信会发给孩子的家人。',
    );
    expect(toChat(told, 'teacher')[0]!.payload.reply_markup).toBeUndefined();
    const campaign = await h.db.letterCampaign.findFirstOrThrow();
    expect(campaign).toMatchObject({ audience: 'CHILDREN', title: '给远方父母的一封信' });

    const before = await keeper!.send('/campaign');
    expect(before.at(-1)).toMatchObject({
      text: ['“给远方父母的一封信”（孩子写信），七年级二班，2026-12-11 截止：2 个孩子中 0 个已写', '· 李小明：还没写', '· 王芳：还没写'].join('\n'),
      buttons: [['✏ 记录孩子的信']],
    });
    await keeper!.press('✏ 记录孩子的信');
    await keeper!.press('李小明');
    await keeper!.sendPhoto('photo-letter', '妈妈，这是我写给你的信');
    await keeper!.press('✉ 发送');
    const letter = await h.deliverOutbox();
    expect(toChat(letter, 'mother')[0]!.payload.text).toBe('✉ 李小明在“给远方父母的一封信”活动中写的信到了！张阿姨在儿童之家帮忙记录：');
    expect(await h.db.letter.count({ where: { campaignId: campaign.id, childId: ids.xiaoming!, direction: 'TO_FAMILY' } })).toBe(1);

    expect((await keeper!.send('/reply')).at(-1)?.buttons).toEqual([['王芳', '李小明']]);
    await keeper!.send('/cancel');
    const progress = ['“给远方父母的一封信”（孩子写信），七年级二班，2026-12-11 截止：2 个孩子中 1 个已写', '✓ 李小明', '· 王芳：还没写'].join('\n');
    expect(lastText(await keeper!.send('/campaign'))).toBe(progress);
    expect(await teacher!.send('/campaign')).toEqual([{ method: 'sendMessage', text: progress, buttons: [] }]);
    expect(lastText(await admin!.send('/campaign'))).toBe(progress);
  });

  it('refuses forged presses: a parent or teacher records no letter, a keeper none for a child outside the Children\'s Home', async () => {
    const { mother, teacher, keeper } = people;
    const refusal = '抱歉，您不能对这个孩子或学校进行这项操作。';
    expect(lastText(await mother!.pressData(`letter:child:${ids.xiaoming}`))).toBe(refusal);
    expect(lastText(await mother!.pressData('letter:child'))).toBe('信箱只对儿童之家管理员和学校管理员开放。');
    expect(lastText(await teacher!.send('/reply'))).toBe('信箱只对儿童之家管理员和学校管理员开放。');
    expect(lastText(await keeper!.pressData(`letter:child:${ids.zhou}`))).toBe(refusal);
    expect(await h.db.letter.count({ where: { childId: ids.zhou! } })).toBe(0);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/child-letters.zh-CN.txt');
  });
});

describe('children write first (en)', () => {
  let h: Harness;
  const ids: Record<string, number> = {};
  const people: Record<string, TestUser> = {};
  const toChat = (sent: ApiCall[], key: string) => sent.filter((call) => Number(call.payload.chat_id) === people[key]!.id);

  beforeAll(async () => {
    h = await Harness.create();
    const s = await seedSchool(h.db, { ids, name: 'Hope Middle School', className: 'Grade 7 Class 2' });
    const user = async (key: string, telegramId: number, name: string) => {
      await s.user(key, telegramId, name, 'en');
      people[key] = h.user(name, telegramId, 'en');
    };
    await user('admin', 9701, 'Principal Zhao');
    await user('keeper', 9702, 'Sun Li');
    await user('father', 9703, 'Li Wei');
    people.mother = h.user('Wang Mei', 9704, 'en');
    await s.member('admin', 'ADMIN');
    await s.member('keeper', 'KEEPER');
    await s.child('xiaoming', 'Li Xiaoming');
    await s.child('fang', 'Wang Fang');
    await s.link('father', 'xiaoming', 'FATHER');
  });
  afterAll(() => h.close());

  it("runs a children's campaign for the whole school: the keeper records each letter from the announcement, a child with no family yet included", async () => {
    const { admin, keeper, father, mother } = people;
    await admin!.send('/campaign');
    await admin!.press('➕ Start a campaign');
    await admin!.press('✏ Children write to their distant parents');
    await admin!.press('The whole school (Hope Middle School)');
    expect(lastText(await admin!.press('in 14 days'))).toBe(
      '✓ “A letter to distant parents” started for the whole school; it closes on 2026-12-15. Children asked to write: 2. Keepers and class teachers told: 1.',
    );
    const told = await h.deliverOutbox();
    expect(toChat(told, 'father')).toEqual([]);
    await keeper!.press("✏ Record a child's letter");
    expect(lastText(await keeper!.send('Fang'))).toBe('Found:');
    const intro = await keeper!.press('Wang Fang');
    expect(lastText(intro)).toContain("Note: none of Wang Fang's family has joined yet. The letter is kept and goes to the first family member who joins.");
    await keeper!.sendVoice('voice-fang');
    expect(lastText(await keeper!.press('✉ Send'))).toBe("✓ Kept. None of Wang Fang's family has joined yet; the letter goes to them as soon as one joins.");

    await keeper!.send('/inbox');
    await keeper!.press("✏ Record a child's letter");
    await keeper!.press('Li Xiaoming');
    await keeper!.send('Dad, I planted a tree at school today.');
    expect(lastText(await keeper!.press('✉ Send'))).toBe("✓ Sent to Li Xiaoming's family (1 person).");
    const sent = await h.deliverOutbox();
    expect(texts(toChat(sent, 'father'))[0]).toBe("✉ Li Xiaoming's letter for “A letter to distant parents” has arrived! Sun Li recorded it at the Children's Home:");

    expect(lastText(await admin!.send('/campaign'))).toBe(
      ['“A letter to distant parents” (children write), the whole school, closes 2026-12-15: 2 of 2 children have written', '✓ Li Xiaoming', '✓ Wang Fang'].join('\n'),
    );
    await join(h, ids.admin!, ids.fang!, 'MOTHER', mother!, 'I agree');
    const kept = await h.deliverOutbox();
    expect(toChat(kept, 'mother').map((call) => call.method)).toEqual(['sendMessage', 'sendVoice', 'sendMessage']);
    expect(toChat(kept, 'mother')[0]!.payload.text).toBe(
      "✉ Wang Fang wrote you a letter on 2026-12-01, before you joined; Sun Li recorded it at the Children's Home and kept it for you:",
    );
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/child-letters.en.txt');
  });
});
