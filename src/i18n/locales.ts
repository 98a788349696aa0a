import { languages } from './language-facts.js';

/**
 * A language Jiashu speaks: a code with a file `locales/<code>.json` (and its `locales/meta/<code>.json`).
 * Which codes exist is data, so the type is a string; `isSupportedLocale` narrows untrusted ones.
 */
export type Locale = string;

/** The languages Jiashu speaks, in the order lists show them; each has the same keys. */
export const supportedLocales: readonly Locale[] = languages.map((language) => language.code);

/** Narrows untrusted input (callback data, stored values) to a language Jiashu speaks. */
export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && supportedLocales.includes(value);
}

/**
 * Maps Telegram's `language_code` (an IETF tag such as `zh-hans` or `en-GB`) to a
 * supported locale by its primary subtag (any Chinese to zh-CN), or to nothing.
 */
export function localeFromLanguageCode(code: string | undefined | null): Locale | undefined {
  const primary = code?.toLowerCase().split(/[-_]/)[0];
  return languages.find((language) => primary !== undefined && language.telegramLanguageCodes.includes(primary))?.code;
}

/** The user's own choice first, then their Telegram language, then the deployment's default. */
export function resolveLocale(
  chosen: string | null | undefined,
  telegramLanguageCode: string | null | undefined,
  fallback: Locale,
): Locale {
  if (isSupportedLocale(chosen)) return chosen;
  return localeFromLanguageCode(telegramLanguageCode) ?? fallback;
}
