import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/translator.js';
import { localeFromLanguageCode, resolveLocale, supportedLocales } from '../../src/i18n/locales.js';
import { localeProblems } from '../helpers/locale-parity.js';

describe('locale files', () => {
  it('have the same keys, the plural forms each language needs, and the same placeholders', async () => {
    expect(localeProblems(await readLocaleFiles())).toEqual([]);
  });

  it('are every language that has a meta file, each read by its Telegram language', async () => {
    expect(Object.keys(await readLocaleFiles())).toEqual(['zh-CN', 'en', 'ru']);
    expect(supportedLocales).toEqual(['zh-CN', 'en', 'ru']);
  });

  it('the check asks each language for the plural forms of its own rules, and no others', () => {
    const problems = localeProblems({
      en: { letters_one: '{{count}} letter', letters_other: '{{count}} letters' },
      ru: { letters_one: '{{count}} письмо', letters_other: '{{count}} письма' },
      'zh-CN': { letters_one: '{{count}} 封信', letters_other: '{{count}} 封信' },
    });
    expect(problems).toEqual([
      'ru lacks letters_few (plural form few)',
      'ru lacks letters_many (plural form many)',
      'zh-CN has letters_one, a plural form its language never uses',
    ]);
  });

  it('the check finds a missing key, a missing plural form and a lost placeholder', () => {
    const problems = localeProblems({
      en: { greet: 'Hi {{name}}', letters_one: '{{count}} letter', letters_other: '{{count}} letters', bye: 'Bye' },
      'zh-CN': { greet: '你好', letters_one: '{{count}} 封信' },
    });
    expect(problems).toEqual([
      'zh-CN lacks bye',
      'zh-CN lacks letters_other (plural form other)',
      'zh-CN has letters_one, a plural form its language never uses',
      'zh-CN greet has placeholders [] where en has [name]',
    ]);
  });
});

describe('choosing the language', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-hans', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hant-TW', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['ru', 'ru'],
    ['ru-RU', 'ru'],
    ['fr', undefined],
    [undefined, undefined],
  ])('Telegram language %s becomes %s', (code, expected) => {
    expect(localeFromLanguageCode(code)).toBe(expected);
  });

  it('prefers the stored choice, then Telegram, then the default', () => {
    expect(resolveLocale('en', 'zh-hans', 'zh-CN')).toBe('en');
    expect(resolveLocale(null, 'zh-hans', 'en')).toBe('zh-CN');
    expect(resolveLocale(null, 'de', 'en')).toBe('en');
    expect(resolveLocale(null, 'ru', 'zh-CN')).toBe('ru');
    expect(resolveLocale('klingon', 'de', 'zh-CN')).toBe('zh-CN');
  });
});
