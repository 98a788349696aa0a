import { describe, expect, it } from 'vitest';
import { languageName, schoolClockWords, timeZoneWords } from '../../src/i18n/display-names.js';
import { loadTranslations, type Translate } from '../../src/i18n/translator.js';
import { say } from '../../src/i18n/words.js';

const timeZoneName = (t: Translate, zone: string) => say(t, timeZoneWords(zone));
const schoolClockName = (t: Translate, zone: string) => say(t, schoolClockWords(zone));

describe('names families read instead of codes', () => {
  it('says Beijing time for Asia/Shanghai and keeps any other zone by its name', async () => {
    const translations = await loadTranslations();
    const [zh, en] = [translations.translatorFor('zh-CN'), translations.translatorFor('en')];
    expect([timeZoneName(zh, 'Asia/Shanghai'), timeZoneName(en, 'Asia/Shanghai'), timeZoneName(zh, 'Asia/Urumqi')]).toEqual(['北京时间', 'Beijing time', 'Asia/Urumqi']);
    expect([schoolClockName(zh, 'Asia/Shanghai'), schoolClockName(zh, 'Asia/Urumqi'), schoolClockName(en, 'Europe/London')]).toEqual(['北京时间', '学校当地时间', "the school's local time"]);
  });

  it('names a Telegram language in the reader language, and shows a tag it cannot name as it is', async () => {
    const translations = await loadTranslations();
    const [zh, en] = [translations.translatorFor('zh-CN'), translations.translatorFor('en')];
    expect([languageName(zh, 'zh-hans'), languageName(zh, 'en'), languageName(en, 'zh-hans'), languageName(en, 'fr')]).toEqual(['简体中文', '英语', 'Simplified Chinese', 'French']);
    expect(languageName(en, 'not a tag!')).toBe('not a tag!');
  });
});
