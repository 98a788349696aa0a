import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { withTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

async function quietHoursOf(telegramId: number) {
  return h.db.user.findFirstOrThrow({ where: withTelegram(BigInt(telegramId)), select: { quietStart: true, quietEnd: true } });
}

describe('/quiet, a conversation stored in the database', () => {
  it('sets quiet hours with two presses', async () => {
    const father = h.user('Li Wei', 3001, 'en');
    const [ask] = await father.send('/quiet');
    expect(ask?.text).toContain('Until you choose, I do not write to you from 23:00 to 07:00 (the usual night hours).');
    expect(ask?.buttons).toHaveLength(5);
    expect(ask?.buttons[3]).toEqual(['18:00', '19:00', '20:00', '21:00', '22:00', '23:00']);
    expect(ask?.buttons[4]).toEqual(['No quiet hours']);

    const [, askEnd] = await father.press('22:00');
    expect(askEnd?.text).toContain('from what time may I write again?');
    expect(askEnd?.buttons.flat()).not.toContain('No quiet hours');

    const [, saved] = await father.press('06:00');
    expect(saved?.text).toBe('Saved. I will not write to you from 22:00 to 06:00, except for urgent safety messages.');
    expect(await quietHoursOf(3001)).toEqual({ quietStart: 22 * 60, quietEnd: 6 * 60 });
    expect(await h.db.conversationState.count()).toBe(0);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/quiet-hours-buttons.txt');
  });

  it('survives a restart half-way, and takes typed times after asking again for a bad one', async () => {
    const worker = h.user('刘强', 3002, 'zh-CN');
    await worker.send('/quiet');
    await worker.send('8点');
    expect(await h.db.conversationState.count()).toBe(1);

    h.restart();
    const [wrong] = await worker.send('明天吧');
    expect(wrong?.text).toBe('“明天吧”不是我能看懂的时间。请点一个时间，或按 22:30 这样的格式输入。');
    const [same] = await worker.send('08:00');
    expect(same?.text).toBe('开始和结束不能都是 08:00，请换一个时间。');
    const [saved] = await worker.send('16：30');
    expect(saved?.text).toBe('已保存。08:00 到 16:30 之间我不会给您发消息，紧急的安全消息除外。');
    expect(await quietHoursOf(3002)).toEqual({ quietStart: 8 * 60, quietEnd: 16 * 60 + 30 });

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/quiet-hours-restart.txt');
  });

  it('/cancel leaves the conversation and saves nothing', async () => {
    const mother = h.user('Chen Jing', 3003, 'en');
    await mother.send('/quiet');
    await mother.press('23:00');
    const [cancelled] = await mother.send('/cancel');
    expect(cancelled?.text).toBe('Stopped. Nothing was saved.');
    expect(await quietHoursOf(3003)).toEqual({ quietStart: null, quietEnd: null });

    const [after] = await mother.send('07:00');
    expect(after?.text).toBe('I did not understand that. Send /help to see what I can do.');
    const [nothing] = await mother.send('/cancel');
    expect(nothing?.text).toBe('There is nothing to stop.');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/quiet-hours-cancel.txt');
  });

  it('clears quiet hours, and other commands still answer while it waits', async () => {
    const grandpa = h.user('王爷爷', 3004, 'zh-CN');
    await grandpa.send('/start');
    await h.db.user.updateMany({ where: withTelegram(3004n), data: { quietStart: 21 * 60, quietEnd: 5 * 60 } });

    const [ask] = await grandpa.send('/quiet');
    expect(ask?.text).toContain('您现在的免打扰时间：21:00 到 05:00。');
    const [help] = await grandpa.send('/help');
    expect(help?.text).toContain('我能为您做这些');
    const [, cleared] = await grandpa.press('不设免打扰');
    expect(cleared?.text).toBe('已保存。您现在没有免打扰时间。');
    expect(await quietHoursOf(3004)).toEqual({ quietStart: 0, quietEnd: 0 });
    const [again] = await grandpa.send('/quiet');
    expect(again?.text).toContain('您现在没有设置免打扰时间，我随时都可能给您发消息。');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/quiet-hours-clear.txt');
  });

  it('ignores a forged hour button', async () => {
    const father = h.user('Li Wei', 3005, 'en');
    await father.send('/quiet');
    const replies = await father.pressData('quiet:at:99');
    expect(replies.at(-1)?.text).toBe('Please press one of the buttons above, or type a time such as 22:30.');
    expect(await quietHoursOf(3005)).toEqual({ quietStart: null, quietEnd: null });
  });
});
