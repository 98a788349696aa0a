import type { Db } from '../db/client.js';
import { queueMessages, storeOutboxFile, type QueuedMessage } from '../delivery/outbox.js';
import type { Recipient } from '../domain/duties.js';
import type { MonthFigures, ReportSection, SchoolReport } from '../domain/reports.js';
import { resolveLocale, type Locale } from '../i18n/locales.js';
import type { Translate } from '../i18n/translator.js';
import { joined, say, verbatim, words, type Words } from '../i18n/words.js';
import type { Logger } from '../logger.js';
import { renderReportChart } from '../printing/report-chart.js';
import type { RenderDeps } from './recipient-language.js';

/** `3/4（75%）`, or `0/0` when there was nothing to count. */
function share(part: number, whole: number): Words {
  return whole === 0 ? words('reports.ratioNone', { part, whole }) : words('reports.ratio', { part, whole, percent: Math.round((100 * part) / whole) });
}

function monthLines(figures: MonthFigures): Words[] {
  const c = figures.contacts;
  return [
    words('reports.month', { year: figures.month.year, month: figures.month.month }),
    words('reports.checkIns', { rate: share(figures.checkInsAnswered, figures.checkInsSent) }),
    words('reports.letters', { toChild: figures.lettersToChild, toFamily: figures.lettersToFamily }),
    words('reports.contacts', { visits: c.VISIT, calls: c.CALL, talks: c.TALK, letters: c.LETTER }),
    words('reports.duties', { visited: share(figures.visited, figures.paired), called: share(figures.called, figures.paired), wrote: share(figures.wrote, figures.paired) }),
  ];
}

function sectionLines(section: ReportSection): Words[] {
  return [
    verbatim(''),
    section.className === null ? words('reports.wholeSchool') : words('reports.className', { name: section.className }),
    words('reports.children', { children: section.children, leftBehind: section.leftBehind, linked: share(section.linked, section.children) }),
    words('reports.flagged', { noContact: section.noContact, concerns: section.openConcerns, unreachable: section.unreachable }),
    ...monthLines(section.months[0]),
    ...monthLines(section.months[1]),
  ];
}

/**
 * The report as words, for any channel and language: the whole school first, then each class.
 * The same words go out in the monthly report and answer `/report`.
 */
export function reportWords(report: SchoolReport): Words {
  const sections = [...(report.school ? [report.school] : []), ...report.classes];
  return joined([words('reports.title', { school: report.schoolName }), ...sections.flatMap(sectionLines)]);
}

/** The report as a short text in the reader's language, as the monthly report sends it. */
export function renderReport(t: Translate, report: SchoolReport): string {
  return say(t, reportWords(report));
}

/**
 * The monthly report to each admin in their language: the text under `<key>:user-<id>` and
 * the chart under `<key>:user-<id>:chart`. The chart is drawn once per language and kept in
 * the outbox's files, so it is uploaded once and every other admin gets Telegram's copy.
 * Admins whose chart is already queued (a run done again) get no new drawing. A chart that
 * cannot be drawn is logged and left out: the text still goes.
 */
export async function queueMonthlyReports(deps: RenderDeps & { db: Db; logger: Logger }, report: SchoolReport, admins: readonly Recipient[], key: string, now: Date): Promise<number> {
  const chartKey = (admin: Recipient) => `${key}:user-${admin.userId}:chart`;
  const queued = await deps.db.outboxMessage.findMany({ where: { idempotencyKey: { in: admins.map(chartKey) } }, select: { idempotencyKey: true } });
  const hasChart = new Set(queued.map((row) => row.idempotencyKey));
  const charts = new Map<Locale, number | null>();
  const chartIn = async (locale: Locale, t: Translate): Promise<number | null> => {
    if (!charts.has(locale)) {
      try {
        charts.set(locale, await storeOutboxFile(deps.db, 'report.png', await renderReportChart(t, report), now));
      } catch (error) {
        deps.logger.error({ err: error, key, locale }, 'monthly report chart could not be drawn; the text goes without it');
        charts.set(locale, null);
      }
    }
    return charts.get(locale)!;
  };
  const messages: QueuedMessage[] = [];
  for (const admin of admins) {
    const locale = resolveLocale(admin.locale, admin.languageCode, deps.defaultLocale);
    const t = deps.translations.translatorFor(locale);
    messages.push({ idempotencyKey: `${key}:user-${admin.userId}`, recipientId: admin.userId, message: { kind: 'text', text: renderReport(t, report) } });
    const chart = hasChart.has(chartKey(admin)) ? null : await chartIn(locale, t);
    if (chart !== null) messages.push({ idempotencyKey: chartKey(admin), recipientId: admin.userId, message: { kind: 'storedPhoto', outboxFileId: chart } });
  }
  return queueMessages(deps.db, messages, now);
}
