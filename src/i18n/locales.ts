import type { LanguageCode } from 'grammy/types';

/** The languages Jiashu speaks; each has a file `locales/<code>.json` with the same keys. */
export const supportedLocales = ['zh-CN', 'en'] as const;

export type Locale = (typeof supportedLocales)[number];

/** Narrows untrusted input (callback data, stored values) to a language Jiashu speaks. */
export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

/**
 * Maps Telegram's `language_code` (an IETF tag such as `zh-hans` or `en-GB`) to a
 * supported locale: any Chinese to zh-CN, any English to en, anything else to nothing.
 */
export function localeFromLanguageCode(code: string | undefined | null): Locale | undefined {
  const primary = code?.toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
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

/** The two-letter code Telegram's `setMyCommands` takes for a locale. */
export function telegramLanguageCode(locale: Locale): LanguageCode {
  return locale.split('-')[0] as LanguageCode;
}
