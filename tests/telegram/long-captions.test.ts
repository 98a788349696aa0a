import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const people: Record<string, TestUser> = {};

beforeAll(async () => {
  h = await Harness.create();
  h.now = Date.parse('2026-12-02T02:00:00Z');
  const s = await seedSchool(h.db, { ids });
  for (const [key, telegramId, name] of [['keeper', 9602, '张阿姨'], ['mother', 9604, '陈静']] as const) {
    await s.user(key, telegramId, name, 'zh-CN');
    people[key] = h.user(name, telegramId, 'zh-CN');
  }
  await s.member('keeper', 'KEEPER');
  await s.child('xiaoming', '李小明');
  await s.link('mother', 'xiaoming', 'MOTHER');
});
afterAll(() => h.close());

/** A Premium user may write 2,048 characters under a photo; a bot may send only 1,024. */
const longCaption = `小明：${'妈妈想你，'.repeat(300)}`;

describe('a photo with a caption longer than a bot may send', () => {
  it('reaches the keeper whole: the photo, then its words as a message', async () => {
    const { mother, keeper } = people;
    await mother!.send('/letter');
    await mother!.sendPhoto('photo-mother', longCaption);
    await mother!.press('✉ 发送');
    await keeper!.send('/inbox');
    const opened = await keeper!.press('李小明 · 陈静（妈妈） · 12-02 10:00');
    expect(opened.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendPhoto', 'sendMessage', 'sendMessage']);
    const photo = h.callsOf('sendPhoto').at(-1)!.payload;
    expect(photo.photo).toBe('photo-mother');
    expect(photo).not.toHaveProperty('caption');
    expect(opened[3]!.text).toBe(longCaption);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/long-captions.txt');
  });
});
