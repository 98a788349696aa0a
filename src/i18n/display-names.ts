import type { Translate } from './translator.js';
import { verbatim, words, type Words } from './words.js';

/** The zone most schools use, which families know as 北京时间 rather than by its tz name. */
const BEIJING = 'Asia/Shanghai';

/** A time zone as families say it: 北京时间 / Beijing time for Asia/Shanghai, else the zone's own name. */
export function timeZoneWords(zone: string): Words {
  return zone === BEIJING ? words('dates.beijingTime') : verbatim(zone);
}

/** Whose clock a school's times are on: 北京时间, or "the school's local time" for any other zone. */
export function schoolClockWords(zone: string): Words {
  return zone === BEIJING ? words('dates.beijingTime') : words('dates.schoolLocalTime');
}

/**
 * A language tag (Telegram's `language_code`, such as `zh-hans`) as the language's name in
 * the reader's language (简体中文, Simplified Chinese); the tag itself when it names no language.
 */
export function languageName(t: Translate, code: string): string {
  try {
    return new Intl.DisplayNames([t('language.intlLocale')], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
