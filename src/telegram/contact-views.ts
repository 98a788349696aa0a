import type { ContactSummary } from '../domain/contacts.js';
import type { Translate } from '../i18n/translator.js';

/** The contact part of a child's file: an open no-contact flag, then this month's contacts; nothing when there is neither. */
export function contactFileLines(t: Translate, summary: ContactSummary): string[] {
  const flag = summary.noContactSince ? [t('contacts.noContactSince', { date: summary.noContactSince })] : [];
  if (summary.contacts.length === 0) return flag;
  const lines = summary.contacts.map((contact) => t('contacts.fileLine', { date: contact.date.slice(5), kind: t(`contacts.kinds.${contact.kind}`), teacher: contact.teacherName }));
  return [...flag, t('contacts.fileTitle'), ...lines];
}
