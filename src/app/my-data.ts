import type { Actor } from '../domain/actor.js';
import type { ExportFormat } from '../domain/privacy.js';
import { languageName } from '../i18n/display-names.js';
import type { Locale } from '../i18n/locales.js';
import type { Translations } from '../i18n/translator.js';
import { deletionDone, deletionQuestion, hasDeletable, myDataMessages, nothingToDelete } from './my-data-replies.js';
import { words, type FileReply, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/**
 * `/mydata`: a person sees what Jiashu keeps about them and their children, downloads it,
 * or has it deleted; every step reads their own records afresh. `translations` names their
 * Telegram language in the reader's language, which no locale key can.
 */
export function createMyDataUseCases(inTransaction: InTransaction, translations: Translations) {
  return {
    /** What is kept about the actor, as the messages to send in order (the last offers download and deletion), in `locale`. */
    view: (actor: Actor, locale: Locale) =>
      inTransaction(async ({ domain }): Promise<Reply[]> => {
        const data = await domain.privacy.myData(actor);
        const code = data.you.telegramLanguage;
        return myDataMessages(data, code ? languageName(translations.translatorFor(locale), code) : null);
      }),

    /** A copy of all the actor's data as a file, with the audit entry of the download in the same transaction. */
    download: (actor: Actor, format: ExportFormat) =>
      inTransaction(async ({ domain }): Promise<FileReply> => {
        const file = await domain.privacy.exportMyData(actor, format);
        return { fileName: file.fileName, bytes: file.body, caption: words('myData.download.caption') };
      }),

    /** Asks to confirm a deletion, saying what goes and what stays; or says there is nothing to delete. */
    askToDelete: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const data = await domain.privacy.myData(actor);
        return hasDeletable(data) ? deletionQuestion(data) : nothingToDelete;
      }),

    /** Deletes the actor's family data (and audits it) in one transaction; the reply says what went. */
    delete: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const counts = await domain.privacy.deleteMyData(actor);
        return { counts, reply: deletionDone(counts) };
      }),
  };
}
