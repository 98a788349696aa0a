import type { Actor } from '../domain/actor.js';
import { templateCsv, type ChildImport, type ImportReport } from '../domain/child-import.js';
import type { Domain } from '../domain/index.js';
import type { Locale } from '../i18n/locales.js';
import { importIntro, importRefused, importReport } from './import-replies.js';
import { words, type FileReply, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/** The largest file an import reads: checked by the size the channel announces before fetching it, and by its bytes after. */
const MAX_FILE_BYTES = 1024 * 1024;
const TEMPLATE_FILE_NAME = 'jiashu-children-template.csv';

/** A file someone sent to be imported, as the channel announces it before it is fetched. */
export interface SentFile {
  name: string;
  /** Its size in bytes as announced; 0 when the channel does not say. */
  size: number;
}

async function isStaff(domain: Domain, actor: Actor): Promise<boolean> {
  const roles = await domain.users.rolesOf(actor);
  return roles.includes('ADMIN') || roles.includes('TEACHER');
}

/** The text of a UTF-8 file, or undefined for other encodings (Excel's GBK "CSV" on Chinese Windows). */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Teachers adding a whole class of children's files from a CSV. `childImport` works on the
 * database outside any use case's transaction, because an import records its start (and
 * commits it) before the file is fetched, so one cut short by a crash is told at the next
 * start; its lines are then written in one transaction of their own.
 */
export function createImportUseCases(inTransaction: InTransaction, childImport: ChildImport) {
  return {
    /** `/import`: how to import, naming the teacher's classes, with the template in the teacher's language; or why they cannot. */
    start: (actor: Actor, locale: Locale) =>
      inTransaction(async ({ domain }): Promise<{ reply: Reply; template?: FileReply }> => {
        if (!(await isStaff(domain, actor))) return { reply: importRefused('notStaff') };
        const classes = await domain.schools.classesOf(actor);
        if (classes.length === 0) return { reply: importRefused('noClasses') };
        const template = { fileName: TEMPLATE_FILE_NAME, bytes: Buffer.from(templateCsv(locale), 'utf8'), caption: words('childImport.templateCaption') };
        return { reply: importIntro(classes.map((c) => c.name)), template };
      }),

    /**
     * Imports a CSV file a teacher sent, all lines or none. `fetch` brings the file's bytes
     * (how is the channel's business); it is called only for staff and a file not announced
     * as too big, after the import's start is recorded. The report (null when the file was
     * turned away unread) comes with its words, problems named in the teacher's language.
     */
    importFile: async (actor: Actor, file: SentFile, locale: Locale, fetch: () => Promise<Uint8Array>): Promise<{ report: ImportReport | null; reply: Reply }> => {
      if (!(await inTransaction(({ domain }) => isStaff(domain, actor)))) return { report: null, reply: importRefused('notStaff') };
      if (file.size > MAX_FILE_BYTES) return { report: null, reply: importRefused('tooBig') };
      const outcome = await childImport.importFile(actor, file.name, async () => {
        const bytes = await fetch();
        if (bytes.length > MAX_FILE_BYTES) return 'tooBig';
        return utf8Text(bytes) ?? 'notUtf8';
      });
      if ('refused' in outcome) return { report: null, reply: importRefused(outcome.refused) };
      return { report: outcome, reply: importReport(outcome, locale) };
    },
  };
}
