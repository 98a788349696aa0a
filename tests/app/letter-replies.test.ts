import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** A keeper, an admin and 王芳, mother of 王小明; 王小红 and 赵小兰 have nobody linked until a test links them. */
const world = await appWorld({ clock: () => now });
const { app, translations, ids, as, outboxTo, school } = world;
const { schoolId } = school;
const seedLink = (parent: string, child: string) => school.link(parent, child, 'MOTHER');
const en = () => translations.translatorFor('en');

beforeAll(async () => {
  await school.user('keeper', 9101, '张阿姨', 'zh-hans');
  await school.member('keeper', 'KEEPER');
  await school.user('mother', 9102, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.child('hong', '王小红', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
  await school.user('admin', 9103, '李校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.child('lan', '赵小兰', { parentsAway: 'BOTH' });
});
afterAll(world.close);

describe('letters answer in words and choices, not chat text', () => {
  it('a sent letter is confirmed by key, with the child named', async () => {
    const { reply } = await app.letters.send(as('mother'), ids.ming!, [{ kind: 'text', text: '小明，妈妈想你了。' }]);
    expect(reply).toEqual({ words: { key: 'letters.sent', values: { child: '王小明' } }, choices: [] });
    expect(say(translations.translatorFor('en'), reply.words)).toContain('王小明');
  });

  it('with one child the family writes straight away; with two they choose, each choice a typed action', async () => {
    expect(await app.letters.whomToWrite(as('mother'))).toEqual({ child: { id: ids.ming, name: '王小明' } });
    await seedLink('mother', 'hong');
    const whom = await app.letters.whomToWrite(as('mother'));
    expect(whom).toEqual({
      reply: {
        words: { key: 'letters.pickChild' },
        choices: [[{ label: { text: '王小明' }, action: { name: 'letter.write', childId: ids.ming } }, { label: { text: '王小红' }, action: { name: 'letter.write', childId: ids.hong } }]],
      },
    });
  });

  it('a thread offers "play" for a letter with a photo, and the words read the same in any language', async () => {
    await app.letters.send(as('mother'), ids.hong!, [{ kind: 'photo', fileId: 'photo-1', text: '我们的新宿舍' }]);
    const page = await app.letters.thread(as('keeper'), ids.hong!);
    expect(page.choices).toEqual([[{ label: { key: 'letters.play', values: { number: 1 } }, action: expect.objectContaining({ name: 'letter.show' }) }]]);
    const zh = say(translations.translatorFor('zh-CN'), page.words);
    expect(zh).toContain('王小红');
    expect(zh).toContain('我们的新宿舍');
  });

  it('someone else\'s child is refused, and the refusal is a reason, not text', async () => {
    await expect(app.letters.thread(as('mother'), ids.ming! + 1000)).rejects.toMatchObject({ reason: expect.any(String) });
  });
});

describe('the letterbox and an opened letter answer in words and choices', () => {
  it('lists the waiting letters, each a choice to open, with recording a child\'s letter; a family member is told it is not theirs', async () => {
    const box = await app.letters.letterbox(as('keeper'));
    expect(say(en(), box.words)).toMatch(/^📬 The letterbox: \d+ letters\n王小明: \d+ letter/);
    expect(box.choices.at(0)).toEqual([{ label: expect.anything(), action: { name: 'letter.open', letterId: expect.any(Number) } }]);
    expect(box.choices.at(-1)).toEqual([{ label: { key: 'letters.recordChildLetter' }, action: { name: 'letter.recordChild' } }]);
    expect(await app.letters.letterbox(as('mother'))).toEqual({ words: { key: 'letters.notKeeper' }, choices: [] });
  });

  it('offers reading or holding a waiting letter; held, the admins hear why and only reading is offered', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.ming!, [{ kind: 'text', text: '好好吃饭。' }]);
    const opened = await app.letters.open(as('keeper'), letter.id);
    expect(opened.parts).toEqual([{ kind: 'text', text: '好好吃饭。' }]);
    expect(opened.next.choices.map((row) => row.map((choice) => choice.action))).toEqual([
      [{ name: 'letter.read', letterId: letter.id }, { name: 'letter.hold', letterId: letter.id }],
      [{ name: 'letter.print', letterId: letter.id }, { name: 'letter.replyFor', childId: ids.ming }],
    ]);

    await expect(app.letters.hold(as('keeper'), letter.id, '  ')).rejects.toMatchObject({ reason: 'invalid:required' });
    const held = await app.letters.hold(as('keeper'), letter.id, '孩子在医院');
    expect(held.reply).toEqual({ words: { key: 'letters.held', values: { child: '王小明', author: { key: 'letters.authorWithRelation', values: { name: '王芳', relation: { key: 'relations.MOTHER' } } }, admins: 1 } }, choices: [] });
    expect((await outboxTo('admin')).map((row) => row.idempotencyKey)).toContain(`letter:${letter.id}:held:user-${ids.admin}`);

    const again = await app.letters.open(as('keeper'), letter.id);
    expect(say(en(), again.heading.words)).toContain('Held: 孩子在医院');
    expect(again.next.choices[0]!.map((choice) => choice.action.name)).toEqual(['letter.read']);
  });

  it('confirms a letter read with the child by naming its author, and offers recording the child\'s reply', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.ming!, [{ kind: 'text', text: '周末见。' }]);
    const { reply } = await app.letters.readWithChild(as('keeper'), letter.id);
    expect(say(en(), reply.words)).toBe('✓ Read with 王小明. 王芳 (mother) gets a receipt.');
    expect(reply.choices).toEqual([[{ label: { key: 'letters.recordReply' }, action: { name: 'letter.replyFor', childId: ids.ming } }]]);
  });
});

describe('a child\'s letter recorded by the keeper', () => {
  it('is picked from the children or found by name', async () => {
    const picker = await app.letters.childLetterPicker(as('keeper'));
    if (!('pick' in picker)) throw new Error('the keeper should pick a child');
    expect(picker.pick.choices.flat().map((choice) => choice.label)).toEqual(expect.arrayContaining([{ text: '赵小兰' }, { text: '王小明' }]));
    expect(await app.letters.childLetterPicker(as('mother'))).toEqual({ reply: { words: { key: 'letters.notKeeper' }, choices: [] } });
    expect(await app.letters.findLetterChild(as('keeper'), '小兰')).toEqual({ words: { key: 'letters.childLetterFound' }, choices: [[{ label: { text: '赵小兰' }, action: { name: 'letter.childFor', childId: ids.lan } }]] });
    expect((await app.letters.findLetterChild(as('keeper'), '没有这个人')).words).toEqual({ key: 'letters.childLetterNotFound', values: { query: '没有这个人' } });
  });

  it('goes to the family, who are counted, or is kept while nobody of the family has joined', async () => {
    const sent = await app.letters.recordChildLetter(as('keeper'), ids.ming!, [{ kind: 'text', text: '妈妈，我很好。' }]);
    expect(sent.reply.words).toEqual({ key: 'letters.replySent', values: { child: '王小明', count: 1 } });
    expect((await outboxTo('mother')).some((row) => row.idempotencyKey === `letter:${sent.letter.id}:user-${ids.mother}:part-1`)).toBe(true);
    const kept = await app.letters.recordChildLetter(as('keeper'), ids.lan!, [{ kind: 'text', text: '爸爸妈妈，我想你们。' }]);
    expect(kept.reply.words).toEqual({ key: 'letters.keptForFamily', values: { child: '赵小兰' } });
  });
});

describe('letter campaigns answer in words and choices', () => {
  it('an admin is asked who writes, then told how many families were invited; the progress offers starting another', async () => {
    const start = await app.letters.newCampaign(as('admin'));
    if (!('ask' in start)) throw new Error('an admin may start a campaign');
    expect(start.ask.choices.map((row) => row.map((choice) => choice.action))).toEqual([[{ name: 'campaign.audience', audience: 'FAMILIES' }], [{ name: 'campaign.audience', audience: 'CHILDREN' }]]);
    expect(await app.letters.newCampaign(as('keeper'))).toEqual({ reply: { words: { key: 'campaigns.adminsOnly' }, choices: [] } });

    const started = await app.letters.startCampaign(as('admin'), { audience: 'FAMILIES', schoolId, classId: null, days: 14, title: '给孩子的一封信' });
    expect(say(en(), started.reply.words)).toBe('✓ “给孩子的一封信” started for the whole school; it closes on 2026-12-16. 1 family member was told.');
    const progress = await app.letters.campaigns(as('admin'));
    expect(say(en(), progress.words).split('\n')[0]).toContain('“给孩子的一封信”, the whole school');
    expect(progress.choices).toEqual([[{ label: { key: 'campaigns.start' }, action: { name: 'campaign.start' } }]]);
    expect(await app.letters.campaigns(as('mother'))).toEqual({ words: { key: 'campaigns.staffOnly' }, choices: [] });
  });
});

describe('printing letters', () => {
  it('is the keeper\'s: a typed day must be a date, and the waiting letters come with a file name and caption', async () => {
    expect(await app.letters.printWaiting(as('mother'), '')).toEqual({ reply: { words: { key: 'printing.notKeeper' }, choices: [] } });
    expect(await app.letters.printWaiting(as('keeper'), 'tomorrow')).toEqual({ reply: { words: { key: 'printing.badDate' }, choices: [] } });
    expect(await app.letters.printWaiting(as('keeper'), '2026-01-01')).toEqual({ reply: { words: { key: 'printing.noneOnDay', values: { date: '2026-01-01' } }, choices: [] } });
    const waiting = await app.letters.printWaiting(as('keeper'), '');
    if ('reply' in waiting) throw new Error('letters are waiting');
    expect(waiting.fileName).toBe('letters-2026-12-02.pdf');
    expect(waiting.caption).toEqual({ key: 'printing.batchCaption', values: { count: waiting.letters.length } });
  });
});

describe('the checks before a letter is written, held or recorded', () => {
  it('a family member writes only to their own child; the keeper records for any child, told how many of the family will read it', async () => {
    expect(await app.letters.writeTarget(as('mother'), ids.ming!)).toEqual({ childId: ids.ming, childName: '王小明' });
    await expect(app.letters.writeTarget(as('mother'), ids.lan!)).rejects.toMatchObject({ reason: expect.any(String) });
    expect(await app.letters.childLetterTarget(as('keeper'), ids.lan!)).toEqual({ childId: ids.lan, childName: '赵小兰', family: 0 });
    await expect(app.letters.childLetterTarget(as('mother'), ids.ming!)).rejects.toMatchObject({ reason: expect.any(String) });
  });

  it('only a waiting letter may be held, and a letter to print carries the time it is printed', async () => {
    const { letter } = await app.letters.send(as('mother'), ids.ming!, [{ kind: 'text', text: '天冷了，多穿衣服。' }]);
    expect(await app.letters.toHold(as('keeper'), letter.id)).toMatchObject({ id: letter.id, childName: '王小明' });
    expect((await app.letters.printLetter(as('keeper'), letter.id)).printedAt).toEqual(new Date(now));
    await app.letters.readWithChild(as('keeper'), letter.id);
    await expect(app.letters.toHold(as('keeper'), letter.id)).rejects.toMatchObject({ reason: 'letters:notWaiting' });
  });
});
