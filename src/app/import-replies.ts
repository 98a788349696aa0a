import { columnHeading, IMPORT_LINE_LIMIT, type ImportError, type ImportReport, type UploadRefusal } from '../domain/child-import.js';
import type { Locale } from '../i18n/locales.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { reply, type Reply } from './reply.js';

/** How many problems a refused file's report lists; the rest are counted on one line. */
const SHOWN_ERRORS = 20;

/** Why an import was not even begun: the sender is no teacher or admin, has no class, or the file cannot be read. */
export type ImportRefusal = 'notStaff' | 'noClasses' | UploadRefusal;

/** The words for a file or a sender an import turns away. */
export function importRefused(why: ImportRefusal): Reply {
  return reply(words(`childImport.${why}`));
}

/** How to import: the template's columns, with the classes the teacher may fill named in the class column's hint. */
export function importIntro(classNames: readonly string[]): Reply {
  return reply(words('childImport.intro', { classes: joined(classNames.map(verbatim), words('childImport.separator')) }));
}

/** One problem of a file: its line and (in the teacher's language) its column, and why. */
function errorLine({ line, field, reason }: ImportError, locale: Locale): Words {
  const why = words(`childImport.reasons.${reason}`, { limit: IMPORT_LINE_LIMIT });
  return field ? words('childImport.errorInColumn', { line, column: columnHeading(field, locale), reason: why }) : words('childImport.errorInLine', { line, reason: why });
}

/**
 * What an import did, for the teacher: how many files were imported, or that nothing was
 * and the first problems by line and column (headings as in the teacher's template).
 */
export function importReport(report: ImportReport, locale: Locale): Reply {
  if (report.errors.length === 0) return reply(words('childImport.imported', { count: report.imported }));
  const shown = report.errors.slice(0, SHOWN_ERRORS).map((error) => errorLine(error, locale));
  const hidden = report.errors.length - shown.length;
  return reply(joined([words('childImport.failed', { count: report.errors.length }), ...shown, ...(hidden > 0 ? [words('childImport.more', { count: hidden })] : [])]));
}
