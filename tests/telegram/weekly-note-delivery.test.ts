import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const sunday = new Date('2026-12-06T11:01:00Z');

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db);
  await s.user('teacher', 9101n, '刘老师', 'zh-CN');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('xiaoming', '李小明');
  for (const [key, telegramId, displayName, languageCode, relation] of [
    ['mother', 9102n, '陈静', 'zh-hans', 'MOTHER'],
    ['father', 9103n, 'Li Wei', 'en', 'FATHER'],
  ] as const) {
    await s.user(key, telegramId, displayName, languageCode);
    await s.link(key, 'xiaoming', relation);
  }
});
afterAll(() => h.close());

describe('from a teacher\'s photo to the parents\' weekly note', () => {
  it('takes three taps to record, and each parent gets one note in their own language, once', async () => {
    const teacher = h.user('刘老师', 9101, 'zh-CN');
    const mother = h.user('陈静', 9102, 'zh-hans');
    h.user('Li Wei', 9103, 'en');

    await teacher.sendPhoto('photo-handcraft', '手工课做了一只风筝');
    const taps = ['李小明', '活动', '保存'];
    for (const label of taps) await teacher.press(label);
    expect(taps).toHaveLength(3);
    const update = await h.db.growthUpdate.findFirstOrThrow({ include: { children: true, media: true } });
    expect(update).toMatchObject({ category: 'ACTIVITY', text: '手工课做了一只风筝', concern: false });
    expect(update.media.map((m) => m.fileId)).toEqual(['photo-handcraft']);

    await h.runWeeklyCycle(sunday);
    const sent = await h.deliverOutbox();
    const toChat = (chatId: number) => sent.filter((call) => call.payload.chat_id === chatId).map((call) => [call.method, call.payload.text ?? null]);
    expect(toChat(9102)).toEqual([
      ['sendPhoto', null],
      ['sendMessage', '李小明这一周在学校（11月30日—12月6日）\n\n活动：1 条\n  手工课做了一只风筝'],
    ]);
    expect(toChat(9103)).toEqual([
      ['sendPhoto', null],
      ['sendMessage', "李小明's week at school (30 Nov – 6 Dec)\n\nActivities: 1 note\n  手工课做了一只风筝"],
    ]);

    await h.runWeeklyCycle(new Date(sunday.getTime() + 60_000));
    await h.runWeeklyCycle(new Date(sunday.getTime() + 3600_000));
    expect(await h.deliverOutbox()).toEqual([]);
    expect(await h.db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'weekly-note:' } } })).toBe(4);

    expect(sent.find((call) => call.payload.chat_id === 9103 && call.method === 'sendMessage')?.payload.reply_markup).toEqual({
      inline_keyboard: [
        [expect.objectContaining({ text: '❤ Received' }), expect.objectContaining({ text: '✉ Answer the teacher' })],
        [{ text: '✉ Write to 李小明', callback_data: `letter:write:${update.children[0]!.childId}` }],
      ],
    });

    const [thanks] = await mother.press('❤ 收到了');
    expect(thanks?.text).toBe('谢谢！老师会看到您已经读了李小明的消息。');
    const receipts = await teacher.send('/receipts');
    expect(receipts.at(-1)?.text).toBe(['每周近况（11月30日—12月6日）的接收情况', '李小明 — 陈静：❤ 已读', '李小明 — Li Wei：✓ 已送达'].join('\n'));

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/weekly-note-delivery.txt');
  });
});
