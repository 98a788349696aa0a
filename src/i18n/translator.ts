import { readFile } from 'node:fs/promises';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { localesDir } from './language-facts.js';
import { supportedLocales, type Locale } from './locales.js';

export { localesDir };

export type Translate = TFunction;

export interface Translations {
  /** A translator bound to one language: safe when updates of many languages run at once. */
  translatorFor(locale: Locale): Translate;
}

/** Reads every `locales/<code>.json` of the supported languages. */
export async function readLocaleFiles(dir = localesDir): Promise<Record<Locale, Record<string, unknown>>> {
  const entries = await Promise.all(
    supportedLocales.map(async (locale) => [locale, JSON.parse(await readFile(path.join(dir, `${locale}.json`), 'utf8'))] as const),
  );
  return Object.fromEntries(entries) as Record<Locale, Record<string, unknown>>;
}

/**
 * Loads the locale files into a private i18next instance. Its global language is never
 * switched: each update gets a translator fixed to its user's language.
 */
export async function loadTranslations(): Promise<Translations> {
  const files = await readLocaleFiles();
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(files).map(([locale, translation]) => [locale, { translation }])),
    supportedLngs: [...supportedLocales],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return { translatorFor: (locale) => instance.getFixedT(locale) };
}
