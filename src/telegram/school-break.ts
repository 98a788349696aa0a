import type { LocalDate } from '../domain/call-slots.js';
import { dayLabel } from '../i18n/call-time.js';
import type { Translate } from '../i18n/translator.js';

/**
 * The confirmation a family reads after sending a letter: as usual while school is in
 * session; in a holiday, that the letter is read with the child when school restarts (and when).
 */
export function letterSentText(t: Translate, child: string, schoolBreak: { restartsOn: LocalDate | null } | null): string {
  if (!schoolBreak) return t('letters.sent', { child });
  return schoolBreak.restartsOn ? t('schoolYear.letterSent', { child, date: dayLabel(t, schoolBreak.restartsOn) }) : t('schoolYear.letterSentNoDate', { child });
}
