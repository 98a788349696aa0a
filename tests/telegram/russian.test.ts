import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTranslations, type Translate } from '../../src/i18n/translator.js';
import { onTelegram, withTelegram } from '../helpers/accounts.js';
import { Harness, type BotReply } from '../helpers/harness.js';

let h: Harness;
let ru: Translate;
let zh: Translate;

beforeAll(async () => {
  const translations = await loadTranslations();
  ru = translations.translatorFor('ru');
  zh = translations.translatorFor('zh-CN');
});
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

const last = (replies: BotReply[]) => replies.at(-1);

/** 希望中学: 王老师, class teacher of 七年级一班 with 李小明, whose parents work away. */
async function seed() {
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '七年级一班' } });
  const teacher = await h.db.user.create({ data: { accounts: onTelegram(7001n), displayName: '王老师', languageCode: 'zh-hans' } });
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: klass.id, classTeacher: true } });
  const child = await h.db.child.create({ data: { schoolId: school.id, classId: klass.id, name: '李小明', parentsAway: 'BOTH' } });
  return { child: child.id };
}

describe('a Russian-speaking parent', () => {
  it('joins, leaves a number, sets quiet hours and writes a letter, all in Russian', async () => {
    const ids = await seed();
    const teacher = h.user('王老师', 7001, 'zh-hans');
    await teacher.send('/invite');
    await teacher.press(zh('invites.family'));
    await teacher.press('李小明');
    const ready = await teacher.press(zh('relations.MOTHER'));
    const code = /start=([2-9A-Z]{12})\n/.exec(last(ready)?.text ?? '')?.[1];

    // Her Telegram speaks Russian, so Jiashu does from the first word.
    const mother = h.user('Анна', 7201, 'ru');
    const invitation = await mother.send(`/start ${code}`);
    expect(last(invitation)?.text).toContain(ru('join.familyInvite', { inviter: '王老师', school: '希望中学', child: '李小明', relation: ru('relations.MOTHER') }));
    expect(last(invitation)?.buttons).toEqual([[ru('join.agree'), ru('join.decline')]]);

    const joined = await mother.press(ru('join.agree'));
    expect(last(joined)).toMatchObject({ text: ru('phone.ask'), buttons: [[ru('phone.share')], [ru('phone.skip')]] });

    // A Russian mobile number is shown grouped by the Russian phone rules of locales/meta/ru.json.
    const saved = await mother.sendContact('79161234567');
    expect(saved.map((r) => r.text)).toEqual([ru('phone.saved', { phone: '+7 916 123 45 67' }), ru('phone.askFree')]);
    const free = await mother.press(ru('phone.free.evening'));
    expect(free.map((r) => r.text).filter(Boolean)).toEqual([ru('phone.freeSaved', { free: '18:00–19:00' }), ru('join.quietAsk')]);

    // Her shift ends late: she sets her own quiet hours with /quiet, one typed time and one press.
    const ask = await mother.send('/quiet');
    expect(last(ask)?.text).toContain(ru('quiet.default', { from: '23:00', to: '07:00' }));
    const askEnd = await mother.send('0:30');
    expect(last(askEnd)?.text).toBe(ru('quiet.askEnd'));
    const quiet = await mother.press('08:00');
    expect(last(quiet)?.text).toBe(ru('quiet.saved', { from: '00:30', to: '08:00' }));
    expect(await h.db.user.findFirstOrThrow({ where: withTelegram(7201n) })).toMatchObject({ locale: null, languageCode: 'ru', phone: '+79161234567', quietStart: 30, quietEnd: 8 * 60 });

    // Her letter to 李小明, written in Russian, waits at the Children's Home like any other.
    const intro = await mother.send('/letter');
    expect(last(intro)?.text).toBe(ru('letters.intro', { child: '李小明', maxParts: 10, maxCharacters: 4000 }));
    const preview = await mother.send('Сяомин, у мамы всё хорошо. Кушай как следует, на Новый год приеду!');
    expect(last(preview)?.buttons).toEqual([[ru('letters.send'), ru('letters.discard')]]);
    const sent = await mother.press(ru('letters.send'));
    expect(last(sent)?.text).toBe(ru('letters.sent', { child: '李小明' }));
    const letter = await h.db.letter.findFirstOrThrow({ include: { parts: true } });
    expect(letter).toMatchObject({ childId: ids.child, status: 'WAITING', direction: 'TO_CHILD' });
    expect(letter.parts.map((part) => part.text)).toEqual(['Сяомин, у мамы всё хорошо. Кушай как следует, на Новый год приеду!']);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/russian.txt');
  });
});
