import type { ChildField } from '../domain/child-fields.js';
import type { Translate } from '../i18n/translator.js';

/** A child's fields as stored or as answered: text, dates as YYYY-MM-DD, enum codes, booleans. */
export type ChildFieldValues = Partial<Record<ChildField, string | boolean | Date | null>>;

/** One field's value in words: enum codes and yes/no in the reader's language, "—" for empty. */
export function showFieldValue(t: Translate, field: ChildField, value: string | boolean | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return t(value ? 'childFile.yes' : 'childFile.no');
  if (field === 'parentsAway') return t(`parentsAway.${value as 'BOTH'}`);
  if (field === 'guardianRelation') return t(`relations.${value as 'MOTHER'}`);
  return value;
}

/** The lines "label: value" of a child's file, in the order given. */
export function renderChildFields(t: Translate, fields: readonly ChildField[], values: ChildFieldValues): string[] {
  return fields.map((field) => t('childFile.fieldLine', { label: t(`childFile.fields.${field}`), value: showFieldValue(t, field, values[field]) }));
}
