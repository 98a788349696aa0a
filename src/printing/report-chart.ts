import type { ReportSection, SchoolReport } from '../domain/reports.js';
import type { Translate } from '../i18n/translator.js';
import { printFont } from './font.js';

const FONT = 'Noto Sans SC';
const WIDTH = 900;
const ROW = 34;
const BAR_LEFT = 300;
const BAR_WIDTH = 520;
const COLOURS = ['#2f7d5b', '#3b6fb6', '#c9823b'];

let canvasLibrary: Promise<typeof import('@napi-rs/canvas')> | undefined;

/**
 * Loads the canvas library (a native module of about 20 MB resident) on the first chart,
 * not at start-up, and registers the embedded Noto Sans SC with it once, so Chinese
 * labels draw without system fonts. A failed load is not kept: the next chart tries again.
 */
function loadCanvas(): Promise<typeof import('@napi-rs/canvas')> {
  canvasLibrary ??= (async () => {
    const canvas = await import('@napi-rs/canvas');
    canvas.GlobalFonts.register((await printFont()).bytes, FONT);
    return canvas;
  })().catch((error: unknown) => {
    canvasLibrary = undefined; // the next chart tries again
    throw error;
  });
  return canvasLibrary;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** This month's three shares for one group: linked to a parent, check-ins answered, visited under the "three ones". */
function sharesOf(section: ReportSection): number[] {
  const [month] = section.months;
  return [share(section.linked, section.children), share(month.checkInsAnswered, month.checkInsSent), share(month.visited, month.paired)];
}

/**
 * The report as a bar chart (PNG): for each class and the school, the share of children
 * linked to a parent, of check-ins answered and of paired children visited this month.
 */
export async function renderReportChart(t: Translate, report: SchoolReport): Promise<Buffer> {
  const { createCanvas } = await loadCanvas();
  const sections = [...report.classes, ...(report.school ? [report.school] : [])];
  const labels = [t('reports.chart.linked'), t('reports.chart.checkIns'), t('reports.chart.visited')];
  const height = 110 + sections.length * (labels.length * ROW + 24);
  const canvas = createCanvas(WIDTH, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, WIDTH, height);
  g.fillStyle = '#222222';
  g.font = `26px "${FONT}"`;
  g.fillText(t('reports.chart.title', { school: report.schoolName, month: sections[0]?.months[0].month.key ?? '' }), 30, 50);
  let y = 100;
  for (const section of sections) {
    g.font = `20px "${FONT}"`;
    g.fillStyle = '#222222';
    g.fillText(section.className ?? t('reports.chart.wholeSchool'), 30, y + 4);
    sharesOf(section).forEach((value, index) => {
      const top = y + index * ROW - 18;
      g.fillStyle = '#eeeeee';
      g.fillRect(BAR_LEFT, top, BAR_WIDTH, 24);
      g.fillStyle = COLOURS[index]!;
      g.fillRect(BAR_LEFT, top, Math.round(BAR_WIDTH * value), 24);
      g.fillStyle = '#444444';
      g.font = `16px "${FONT}"`;
      g.fillText(labels[index]!, 150, top + 18);
      g.fillText(`${Math.round(value * 100)}%`, BAR_LEFT + BAR_WIDTH + 10, top + 18);
    });
    y += labels.length * ROW + 24;
  }
  return canvas.toBuffer('image/png');
}
