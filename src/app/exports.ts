import type { Actor } from '../domain/actor.js';
import type { ExportKind, ExportTable } from '../domain/exports.js';
import type { Locale } from '../i18n/locales.js';
import type { Translations } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { say } from '../i18n/words.js';
import { toCsv } from '../printing/csv.js';
import { adminsOnly, exportCells, exportMenu, letterChildPicker, letterClassPicker, letterContentQuestion } from './export-replies.js';
import { reply, words, type FileReply, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/**
 * `/export`: an admin's CSV files for inspectors (children's files, contact logs, letters'
 * metadata), and one child's letters with their content after a confirmation. Each export
 * and its audit entry are one transaction. The file is written in the reader's language
 * (`translations`), since a CSV carries no words to say later.
 */
export function createExportUseCases(inTransaction: InTransaction, translations: Translations) {
  /** The table as CSV bytes for Excel, in `locale`; its name dated by the school's calendar day. */
  function csvFile(table: ExportTable, locale: Locale, name: string, now: Date): Pick<FileReply, 'fileName' | 'bytes'> {
    const t = translations.translatorFor(locale);
    const day = wallClock(now, table.timezone).slice(0, 10);
    return { fileName: `${name}-${day}.csv`, bytes: toCsv(exportCells(table).map((row) => row.map((cell) => say(t, cell)))) };
  }

  return {
    /** What an admin may export, as choices; anyone else is told only admins may. */
    menu: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const roles = await domain.users.rolesOf(actor);
        return roles.includes('ADMIN') ? exportMenu : adminsOnly;
      }),

    /** One kind of the admin's school's records as a CSV file in `locale`, with how many rows it holds. */
    export: (actor: Actor, kind: ExportKind, locale: Locale) =>
      inTransaction(async ({ domain, now }) => {
        const table = await domain.exports.export(actor, kind);
        const caption = words('exports.caption', { kind: words(`exports.kinds.${kind}`), count: table.rows.length });
        return { rows: table.rows.length, file: { ...csvFile(table, locale, kind, now), caption } satisfies FileReply };
      }),

    /** The classes whose children's letters the admin may export with their content, to pick from. */
    letterClasses: (actor: Actor) => inTransaction(async ({ domain }) => letterClassPicker(await domain.exports.letterExportClasses(actor))),

    /** A page of a class's children (`classId` 0: those without a class), to pick whose letters to export. */
    letterChildren: (actor: Actor, classId: number, page: number) =>
      inTransaction(async ({ domain }) => letterChildPicker(await domain.exports.letterExportChildren(actor, classId === 0 ? null : classId, page), classId, page)),

    /** Asks to confirm exporting a child's letters with their content. */
    letterContentQuestion: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => letterContentQuestion(await domain.exports.letterContentTarget(actor, childId))),

    /** A child's letters with their content as a CSV file in `locale`, and the words that replace the confirmation. */
    childLetters: (actor: Actor, childId: number, locale: Locale) =>
      inTransaction(async ({ domain, now }) => {
        const table = await domain.exports.childLetters(actor, childId);
        const caption = words('exports.letterContent.caption', { child: table.childName, count: table.letters });
        return {
          childId: table.childId,
          rows: table.rows.length,
          reply: reply(words('exports.letterContent.exported', { child: table.childName })),
          file: { ...csvFile(table, locale, `letters-child-${table.childId}`, now), caption } satisfies FileReply,
        };
      }),
  };
}
