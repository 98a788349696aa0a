import type { ContactKind, LetterDirection, LetterStatus, ParentsAway, Relation } from '../db/generated/enums.js';
import { EXPORT_KINDS, type ExportColumn, type ExportTable, type ExportValue, type LetterExportChild, type LetterExportClass } from '../domain/exports.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** Columns whose cells hold a stored code, and the words a reader sees for it (父母都外出, not BOTH). */
const CODED_COLUMNS: Partial<Record<ExportColumn, (code: string) => Words>> = {
  parentsAway: (code) => words(`parentsAway.${code as ParentsAway}`),
  guardianRelation: (code) => words(`relations.${code as Relation}`),
  kind: (code) => words(`contacts.kinds.${code as ContactKind}`),
  direction: (code) => words(`exports.direction.${code as LetterDirection}`),
  status: (code) => words(`letters.status.${code as LetterStatus}`),
};

function cellWords(value: ExportValue, column: ExportColumn, timezone: string): Words {
  if (value === null) return verbatim('');
  const coded = CODED_COLUMNS[column];
  if (coded && typeof value === 'string') return coded(value);
  if (value instanceof Date) return verbatim(wallClock(value, timezone));
  if (typeof value === 'boolean') return words(value ? 'exports.yes' : 'exports.no');
  if (typeof value === 'object') {
    const placeholder = words(`exports.media.${value.media}`, { fileId: value.fileId ?? '' });
    return value.caption ? joined([placeholder, verbatim(value.caption)], ' ') : placeholder;
  }
  return verbatim(String(value));
}

/** An export's table as words, cell by cell: headed by column, stored codes as words, times on the school's clock. */
export function exportCells(table: ExportTable): Words[][] {
  const header = table.columns.map((column) => words(`exports.columns.${column}`));
  return [header, ...table.rows.map((row) => row.map((value, i) => cellWords(value, table.columns[i]!, table.timezone)))];
}

/** The short notice while an export's file is made (a toast on Telegram). */
export const makingExport: Words = words('exports.making');

/** `/export` for anyone but a school admin. */
export const adminsOnly: Reply = reply(words('exports.adminsOnly'));

/** `/export`: what to export, a kind a row, and last one child's letters with their content. */
export const exportMenu: Reply = reply(words('exports.choose'), [
  ...EXPORT_KINDS.map((kind): Choice[] => [{ label: words(`exports.kinds.${kind}`), action: { name: 'export.kind', kind } }]),
  [{ label: words('exports.letterContent.button'), action: { name: 'export.pickClass' } }],
]);

/** A class name, or the words for the children without one. */
function classWords(name: string | null): Words {
  return name === null ? words('exports.letterContent.noClass') : verbatim(name);
}

/** The classes to pick a child from, whose letters to export with their content; or that there is no child. */
export function letterClassPicker(classes: readonly LetterExportClass[]): Reply {
  if (classes.length === 0) return reply(words('exports.letterContent.noChildren'));
  const choices = classes.map((c): Choice => ({ label: classWords(c.name), action: { name: 'export.class', classId: c.id ?? 0 } }));
  return reply(words('exports.letterContent.pickClass'), rows(choices, 3));
}

/**
 * A page of a class's children to pick from (archived ones marked), with paging; `classId`
 * is the picked class as its choice named it (0: the children without a class).
 */
export function letterChildPicker(picked: { className: string | null; children: readonly LetterExportChild[]; more: boolean }, classId: number, page: number): Reply {
  const label = (c: LetterExportChild) => (c.archived ? words('exports.letterContent.archived', { name: c.name }) : verbatim(c.name));
  const children = picked.children.map((c): Choice => ({ label: label(c), action: { name: 'export.child', childId: c.id } }));
  const paging: Choice[] = [
    ...(page > 0 ? [{ label: words('exports.letterContent.previous'), action: { name: 'export.class', classId, page: page - 1 } } as const] : []),
    ...(picked.more ? [{ label: words('exports.letterContent.next'), action: { name: 'export.class', classId, page: page + 1 } } as const] : []),
  ];
  return reply(words('exports.letterContent.pickChild', { className: classWords(picked.className) }), [...rows(children, 3), paging]);
}

/** Asks to confirm exporting a child's letters with their content, saying how many; or that the child has none. */
export function letterContentQuestion(child: { id: number; name: string; className: string | null; letters: number }): Reply {
  if (child.letters === 0) return reply(words('exports.letterContent.none', { child: child.name }));
  return reply(words('exports.letterContent.confirm', { child: child.name, className: classWords(child.className), count: child.letters }), [
    [
      { label: words('exports.letterContent.yes'), action: { name: 'export.childYes', childId: child.id } },
      { label: words('exports.letterContent.no'), action: { name: 'export.cancel' } },
    ],
  ]);
}

/** The answer to "no" at the letter-content confirmation. */
export const letterExportCancelled: Reply = reply(words('exports.letterContent.cancelled'));
