import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTranslations, type Translate } from '../../src/i18n/translator.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { onTelegram, withTelegram } from '../helpers/accounts.js';

let h: Harness;
let ids: Awaited<ReturnType<typeof seed>>;
let en: Translate;
let zh: Translate;

beforeAll(async () => {
  const translations = await loadTranslations();
  en = translations.translatorFor('en');
  zh = translations.translatorFor('zh-CN');
});
beforeEach(async () => {
  h = await Harness.create();
  ids = await seed();
});
afterEach(() => h.close());

/** 希望中学: 王老师, class teacher of 七年级一班 with 李小明, whose parents work in the city. */
async function seed() {
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '七年级一班' } });
  const teacher = await h.db.user.create({ data: { accounts: onTelegram(7001n), displayName: '王老师', languageCode: 'zh-hans' } });
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: klass.id, classTeacher: true } });
  const child = await h.db.child.create({ data: { schoolId: school.id, classId: klass.id, name: '李小明', parentsAway: 'BOTH' } });
  return { school: school.id, teacher: teacher.id, child: child.id };
}

const last = (replies: BotReply[]) => replies.at(-1);

/** The teacher invites a family member of 李小明 through /invite and returns the code. */
async function invite(teacher: TestUser, relation: 'MOTHER' | 'FATHER'): Promise<string> {
  await teacher.send('/invite');
  await teacher.press(zh('invites.family'));
  await teacher.press('李小明');
  const ready = await teacher.press(zh(`relations.${relation}`));
  const match = /start=([2-9A-Z]{12})\n/.exec(last(ready)?.text ?? '');
  if (!match) throw new Error('no invitation link');
  return match[1]!;
}

describe('a parent leaves a phone number and free time at joining', () => {
  it('zh-CN: only her own number is taken, free time and the 23:00 quiet hours with one tap each', async () => {
    const teacher = h.user('王老师', 7001, 'zh-hans');
    const code = await invite(teacher, 'MOTHER');
    const mother = h.user('李梅', 7101, 'zh-hans');
    await mother.send(`/start ${code}`);

    const joined = await mother.press(zh('join.agree'));
    expect(last(joined)).toMatchObject({ text: zh('phone.ask'), buttons: [[zh('phone.share')], [zh('phone.skip')]] });

    // Someone else's card (a forwarded contact) is refused; her own is kept in one form.
    expect(last(await mother.sendContact('13912345678', 9999))).toMatchObject({ text: zh('phone.notYours') });
    const saved = await mother.sendContact('8613800138000');
    expect(saved.map((r) => r.text)).toEqual([zh('phone.saved', { phone: '+86 138 0013 8000' }), zh('phone.askFree')]);
    expect(last(saved)?.buttons).toEqual([[zh('phone.free.noon'), zh('phone.free.evening')], [zh('phone.free.late'), zh('phone.free.varies')]]);

    const free = await mother.press(zh('phone.free.late'));
    expect(free.map((r) => r.text).filter(Boolean)).toEqual([zh('phone.freeSaved', { free: '21:00 以后' }), zh('join.quietAsk')]);
    const quiet = await mother.press(zh('join.quietYes'));
    expect(last(quiet)?.text).toBe(zh('quiet.saved', { from: '23:00', to: '07:00' }));

    expect(await h.db.user.findFirstOrThrow({ where: withTelegram(7101n) })).toMatchObject({ phone: '+8613800138000', freeStart: 21 * 60, freeEnd: 0, quietStart: 23 * 60, quietEnd: 7 * 60 });

    // Later she changes her mind with /phone and removes the number; /help lists /phone.
    const again = await mother.send('/phone');
    expect(last(again)).toMatchObject({ buttons: [[zh('phone.share')], [zh('phone.keep')], [zh('phone.forget')]] });
    expect(last(again)?.text).toContain('+86 138 0013 8000');
    expect(await mother.send(zh('phone.forget'))).toMatchObject([{ text: zh('phone.forgotten') }]);
    expect(await h.db.user.findFirstOrThrow({ where: withTelegram(7101n) })).toMatchObject({ phone: null });
    expect(last(await mother.send('/help'))?.text).toContain(`/phone — ${zh('commands.phone')}`);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/phone.zh-CN.txt');
  });

  it('en: a father skips everything, and a voice note sent meanwhile is not lost', async () => {
    const teacher = h.user('王老师', 7001, 'zh-hans');
    const code = await invite(teacher, 'FATHER');
    const father = h.user('Li Qiang', 7102, 'en');
    await father.send(`/start ${code}`);
    await father.press(en('join.agree'));

    const skipped = await father.send(en('phone.skip'));
    expect(skipped.map((r) => r.text)).toEqual([en('phone.skipped'), en('phone.askFree')]);
    const varies = await father.press(en('phone.free.varies'));
    expect(varies.map((r) => r.text).filter(Boolean)).toEqual([en('phone.freeVaries'), en('join.quietAsk')]);

    // Instead of answering the quiet hours he sends a voice note: the question is left, the note is kept.
    const voice = await father.sendVoice('voice-father-1');
    expect(voice.map((r) => r.text)).not.toContain(en('phone.skipped'));
    expect(await h.db.keptMessage.count({ where: { fileId: 'voice-father-1' } })).toBe(1);
    expect(await h.db.user.findFirstOrThrow({ where: withTelegram(7102n) })).toMatchObject({ phone: null, freeStart: null, quietStart: null });

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/phone.en.txt');
  });
});
