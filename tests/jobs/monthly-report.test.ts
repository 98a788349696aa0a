import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runReportJobs } from '../../src/jobs/reports.js';
import { runRetention } from '../../src/jobs/retention.js';
import { queueMonthlyReports } from '../../src/notifications/reports.js';
import { Harness } from '../helpers/harness.js';
import { onTelegram, withTelegram } from '../helpers/accounts.js';

/** Lets a test make the chart fail to draw, as a missing canvas library would. */
const chartDrawing = vi.hoisted(() => ({ fails: false }));
vi.mock('../../src/printing/report-chart.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/printing/report-chart.js')>();
  return {
    ...real,
    renderReportChart: (...args: Parameters<typeof real.renderReportChart>) => (chartDrawing.fails ? Promise.reject(new Error('canvas library missing')) : real.renderReportChart(...args)),
  };
});

let h: Harness;
beforeEach(async () => {
  chartDrawing.fails = false;
  h = await Harness.create();
});
afterEach(() => h.close());

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DAY = 24 * 3600_000;

/** A school with a class, a child, and three admins: two read Chinese, one English. */
async function school() {
  const s = await h.db.school.create({ data: { name: '希望小学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: s.id, name: '三年级一班' } });
  await h.db.child.create({ data: { name: '王小明', schoolId: s.id, classId: klass.id } });
  const admin = async (telegramId: number, displayName: string, languageCode: string) => {
    const user = await h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName, languageCode } });
    await h.db.membership.create({ data: { userId: user.id, role: 'ADMIN', schoolId: s.id } });
    h.user(displayName, telegramId, languageCode);
    return user.id;
  };
  return { schoolId: s.id, principal: await admin(8001, '校长', 'zh-CN'), deputy: await admin(8002, '副校长', 'zh-CN'), english: await admin(8003, 'Volunteer', 'en') };
}

describe('the monthly report with its chart', () => {
  it('sends each admin the text and the chart, uploading each language’s chart once and then sending Telegram’s copy', async () => {
    const { schoolId, principal, deputy, english } = await school();
    await runReportJobs(h.jobDeps(), new Date(h.now)); // 10:00 on 1 December in Shanghai
    const key = `monthly-report:school-${schoolId}:2026-11`;
    const queued = await h.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(queued.map((m) => m.idempotencyKey)).toEqual([
      `${key}:user-${principal}`,
      `${key}:user-${principal}:chart`,
      `${key}:user-${deputy}`,
      `${key}:user-${deputy}:chart`,
      `${key}:user-${english}`,
      `${key}:user-${english}:chart`,
    ]);
    const files = await h.db.outboxFile.findMany({ orderBy: { id: 'asc' } });
    expect(files).toHaveLength(2); // one drawing in Chinese, one in English
    for (const file of files) expect([...file.content!.subarray(0, 8)]).toEqual(PNG);

    const sent = await h.deliverOutbox();
    expect(sent.map((call) => [Number(call.payload.chat_id), call.method])).toEqual([
      [8001, 'sendMessage'],
      [8001, 'sendPhoto'],
      [8002, 'sendMessage'],
      [8002, 'sendPhoto'],
      [8003, 'sendMessage'],
      [8003, 'sendPhoto'],
    ]);
    const [, toPrincipal, , toDeputy, , toEnglish] = sent.map((call) => call.payload);
    expect(toPrincipal!.photo).toEqual({ filename: 'report.png', size: files[0]!.content!.length });
    expect(toEnglish!.photo).toEqual({ filename: 'report.png', size: files[1]!.content!.length });
    const uploads = h.telegram.uploads.filter((upload) => upload.method === 'sendPhoto');
    expect(uploads).toHaveLength(2);
    for (const upload of uploads) expect([...upload.content.subarray(0, 8)]).toEqual(PNG);

    const [chinese, inEnglish] = await h.db.outboxFile.findMany({ orderBy: { id: 'asc' } });
    expect(chinese).toMatchObject({ channelFileId: expect.stringMatching(/^file-8001-\d+$/), content: null });
    expect(inEnglish).toMatchObject({ channelFileId: expect.stringMatching(/^file-8003-\d+$/), content: null });
    expect(toDeputy!.photo).toBe(chinese!.channelFileId);
    expect(await h.db.outboxMessage.count({ where: { status: { not: 'SENT' } } })).toBe(0);
  });

  it('still sends the text when the chart cannot be drawn, and logs why', async () => {
    const { schoolId, principal, deputy, english } = await school();
    chartDrawing.fails = true;
    await runReportJobs(h.jobDeps(), new Date(h.now));
    const key = `monthly-report:school-${schoolId}:2026-11`;
    const queued = await h.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(queued.map((m) => m.idempotencyKey)).toEqual([`${key}:user-${principal}`, `${key}:user-${deputy}`, `${key}:user-${english}`]);
    expect(await h.db.outboxFile.count()).toBe(0);
    const sent = await h.deliverOutbox();
    expect(sent.map((call) => [Number(call.payload.chat_id), call.method])).toEqual([
      [8001, 'sendMessage'],
      [8002, 'sendMessage'],
      [8003, 'sendMessage'],
    ]);
    expect(h.logs.filter((line) => line.includes('monthly report chart could not be drawn'))).toHaveLength(2); // once per language
  });

  it('queues nothing and draws nothing again when the same month is queued twice', async () => {
    await school();
    const deps = h.jobDeps();
    const admins = await deps.domain.duties.adminsOf((await h.db.school.findFirstOrThrow()).id);
    const report = await deps.domain.reports.build((await h.db.school.findFirstOrThrow()).id, new Date(h.now));
    expect(await queueMonthlyReports(deps, report, admins, 'monthly-report:test', new Date(h.now))).toBe(6);
    expect(await queueMonthlyReports(deps, report, admins, 'monthly-report:test', new Date(h.now))).toBe(0);
    expect(await h.db.outboxFile.count()).toBe(2);
  });

  it('lets the retention job delete a sent chart 60 days on, but not one a message still waits for', async () => {
    await school();
    await runReportJobs(h.jobDeps(), new Date(h.now));
    await h.db.outboxMessage.updateMany({ where: { recipient: withTelegram(8003n) }, data: { notBefore: new Date(h.now + 70 * DAY) } });
    await h.deliverOutbox();
    h.advance(61 * DAY);
    await runRetention(h.jobDeps(), new Date(h.now));
    const left = await h.db.outboxFile.findMany();
    expect(left.map((file) => [file.channelFileId, file.content === null])).toEqual([[null, false]]); // the English chart, still to be sent
    await h.db.outboxMessage.updateMany({ where: { status: 'PENDING' }, data: { notBefore: new Date(h.now) } });
    await h.deliverOutbox();
    expect(await h.db.outboxFile.findFirstOrThrow()).toMatchObject({ channelFileId: expect.stringMatching(/^file-8003-/), content: null });
    expect(h.logs.join('')).toMatch(/"outboxFiles":1/);
  });
});
