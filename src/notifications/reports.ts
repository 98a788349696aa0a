import type { Db } from '../db/client.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { Recipient } from '../domain/duties.js';
import type { MonthFigures, ReportSection, SchoolReport } from '../domain/reports.js';
import type { Translate } from '../i18n/translator.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** `3/4（75%）`, or `0/0` when there was nothing to count. */
function share(t: Translate, part: number, whole: number): string {
  return whole === 0 ? t('reports.ratioNone', { part, whole }) : t('reports.ratio', { part, whole, percent: Math.round((100 * part) / whole) });
}

function monthLines(t: Translate, figures: MonthFigures): string[] {
  const c = figures.contacts;
  return [
    t('reports.month', { year: figures.month.year, month: figures.month.month }),
    t('reports.checkIns', { rate: share(t, figures.checkInsAnswered, figures.checkInsSent) }),
    t('reports.letters', { toChild: figures.lettersToChild, toFamily: figures.lettersToFamily }),
    t('reports.contacts', { visits: c.VISIT, calls: c.CALL, talks: c.TALK, letters: c.LETTER }),
    t('reports.duties', { visited: share(t, figures.visited, figures.paired), called: share(t, figures.called, figures.paired), wrote: share(t, figures.wrote, figures.paired) }),
  ];
}

function sectionLines(t: Translate, section: ReportSection): string[] {
  return [
    '',
    section.className === null ? t('reports.wholeSchool') : t('reports.className', { name: section.className }),
    t('reports.children', { children: section.children, leftBehind: section.leftBehind, linked: share(t, section.linked, section.children) }),
    t('reports.flagged', { noContact: section.noContact, concerns: section.openConcerns, unreachable: section.unreachable }),
    ...monthLines(t, section.months[0]),
    ...monthLines(t, section.months[1]),
  ];
}

/** The report as a short text in the reader's language: the whole school first, then each class. */
export function renderReport(t: Translate, report: SchoolReport): string {
  const sections = [...(report.school ? [report.school] : []), ...report.classes];
  return [t('reports.title', { school: report.schoolName }), ...sections.flatMap((section) => sectionLines(t, section))].join('\n');
}

/** The monthly report to each admin in their language, once per admin under `<key>:user-<id>`. */
export async function queueMonthlyReports(deps: RenderDeps & { db: Db }, report: SchoolReport, admins: readonly Recipient[], key: string, now: Date): Promise<number> {
  const messages = admins.map((admin): QueuedMessage => {
    const t = translatorForRecipient(deps, admin);
    return { idempotencyKey: `${key}:user-${admin.userId}`, recipientId: admin.userId, message: { kind: 'text', text: renderReport(t, report) } };
  });
  return queueMessages(deps.db, messages, now);
}
