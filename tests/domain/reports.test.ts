import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderReportChart } from '../../src/printing/report-chart.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import type { MonthFigures } from '../../src/domain/reports.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { runReportJobs } from '../../src/jobs/reports.js';
import { createLogger } from '../../src/logger.js';
import { renderReport } from '../../src/notifications/reports.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let domain: Domain;
const NOW = new Date('2026-12-01T02:00:00Z');
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db, { clock: () => NOW });
  const school = await db.school.create({ data: { name: '希望小学', timezone: 'Asia/Shanghai' } });
  const other = await db.school.create({ data: { name: '山外小学', timezone: 'Asia/Shanghai' } });
  const a1 = await db.class.create({ data: { schoolId: school.id, name: '一班' } });
  const a2 = await db.class.create({ data: { schoolId: school.id, name: '二班' } });
  let telegramId = 900;
  const person = async (name: string, unreachableAt: Date | null = null) =>
    (ids[name] = (await db.user.create({ data: { accounts: onTelegram(telegramId++), displayName: name, unreachableAt } })).id);
  for (const name of ['admin', 'classTeacher', 'subjectTeacher', 'mother', 'localMum']) await person(name);
  await person('farMum', new Date('2026-11-20T00:00:00Z'));
  await db.membership.create({ data: { userId: ids.admin!, role: 'ADMIN', schoolId: school.id } });
  await db.membership.create({ data: { userId: ids.classTeacher!, role: 'TEACHER', schoolId: school.id, classId: a1.id, classTeacher: true } });
  await db.membership.create({ data: { userId: ids.subjectTeacher!, role: 'TEACHER', schoolId: school.id, classId: a1.id } });
  const child = async (name: string, classId: number | null, parentsAway: 'BOTH' | 'FATHER' | 'MOTHER' | 'NONE', extra: { schoolId?: number; archivedAt?: Date } = {}) =>
    (ids[name] = (await db.child.create({ data: { name, schoolId: extra.schoolId ?? school.id, classId, parentsAway, archivedAt: extra.archivedAt } })).id);
  await child('c1', a1.id, 'BOTH');
  await child('c2', a1.id, 'FATHER');
  await child('c3', a1.id, 'NONE');
  await child('c4', a2.id, 'MOTHER');
  await child('gone', a1.id, 'BOTH', { archivedAt: new Date('2026-10-01T00:00:00Z') });
  await child('elsewhere', null, 'BOTH', { schoolId: other.id });
  const link = (user: string, childName: string) =>
    db.guardianLink.create({ data: { userId: ids[user]!, childId: ids[childName]!, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date('2026-09-01') } });
  await link('mother', 'c1');
  await link('localMum', 'c3');
  await link('farMum', 'c4');
  await link('mother', 'gone');
  await link('mother', 'elsewhere');
  await db.pairing.create({ data: { teacherId: ids.subjectTeacher!, childId: ids.c1! } });
  await db.pairing.create({ data: { teacherId: ids.subjectTeacher!, childId: ids.c4! } });
  const checkIn = (user: string, childName: string, month: string, answered: boolean) =>
    db.checkIn.create({ data: { userId: ids[user]!, childId: ids[childName]!, month, sentAt: new Date(`${month}-01T01:00:00Z`), answeredAt: answered ? new Date(`${month}-02T01:00:00Z`) : null } });
  await checkIn('mother', 'c1', '2026-12', true);
  await checkIn('localMum', 'c3', '2026-12', false);
  await checkIn('mother', 'c1', '2026-11', true);
  await checkIn('farMum', 'c4', '2026-11', true);
  await checkIn('localMum', 'c3', '2026-11', false);
  await checkIn('mother', 'gone', '2026-11', false);
  await checkIn('mother', 'elsewhere', '2026-11', true);
  const letter = (childName: string, direction: 'TO_CHILD' | 'TO_FAMILY', at: string) =>
    db.letter.create({ data: { childId: ids[childName]!, authorId: ids.mother!, direction, status: direction === 'TO_CHILD' ? 'WAITING' : 'SENT', createdAt: new Date(at) } });
  await letter('c1', 'TO_CHILD', '2026-12-01T00:30:00Z');
  await letter('c1', 'TO_CHILD', '2026-11-30T16:30:00Z'); // 00:30 on 1 December in Shanghai
  await letter('c1', 'TO_FAMILY', '2026-11-15T03:00:00Z');
  await letter('c4', 'TO_CHILD', '2026-11-30T15:30:00Z'); // 23:30 on 30 November in Shanghai
  await letter('elsewhere', 'TO_CHILD', '2026-12-01T00:00:00Z');
  const contact = (childName: string, kind: 'VISIT' | 'CALL' | 'TALK' | 'LETTER', at: string) =>
    db.contactLog.create({ data: { childId: ids[childName]!, teacherId: ids.subjectTeacher!, kind, happenedAt: new Date(at) } });
  await contact('c1', 'VISIT', '2026-12-01T01:00:00Z');
  await contact('c4', 'CALL', '2026-11-30T17:00:00Z'); // 01:00 on 1 December in Shanghai
  await contact('c1', 'CALL', '2026-11-10T02:00:00Z');
  await contact('c2', 'TALK', '2026-11-12T02:00:00Z');
  await contact('c1', 'LETTER', '2026-10-05T02:00:00Z');
  await contact('elsewhere', 'VISIT', '2026-11-10T02:00:00Z');
  await db.childFlag.create({ data: { childId: ids.c2!, kind: 'NO_CONTACT', raisedAt: new Date('2026-11-25') } });
  await db.childFlag.create({ data: { childId: ids.c3!, kind: 'NO_CONTACT', raisedAt: new Date('2026-11-01'), clearedAt: new Date('2026-11-10') } });
  const concern = (childName: string) =>
    db.growthUpdate.create({ data: { authorId: ids.subjectTeacher!, schoolId: school.id, category: 'EMOTIONS', concern: true, children: { create: [{ childId: ids[childName]! }] } } });
  await concern('c1');
  const followed = await concern('c3');
  await db.concernFollowUp.create({ data: { updateId: followed.id, childId: ids.c3!, teacherId: ids.subjectTeacher!, kind: 'TALK' } });
});
afterAll(() => db.$disconnect());

const none = { VISIT: 0, CALL: 0, TALK: 0, LETTER: 0 };
const figures = (month: MonthFigures) => ({ ...month, month: month.month.key });

describe('the report on seeded data', () => {
  it('gives an admin every class and the whole school, this month and last, in the school time zone', async () => {
    const report = await domain.reports.forActor({ userId: ids.admin! }, NOW);
    const [one, two] = report.classes;
    expect(report.classes.map((c) => c.className)).toEqual(['一班', '二班']);
    expect(one).toMatchObject({ children: 3, leftBehind: 2, linked: 2, noContact: 1, openConcerns: 1, unreachable: 0 });
    expect(one!.months.map(figures)).toEqual([
      { month: '2026-12', checkInsSent: 2, checkInsAnswered: 1, lettersToChild: 2, lettersToFamily: 0, contacts: { ...none, VISIT: 1 }, paired: 1, visited: 1, called: 0, wrote: 1 },
      { month: '2026-11', checkInsSent: 2, checkInsAnswered: 1, lettersToChild: 0, lettersToFamily: 1, contacts: { ...none, CALL: 1, TALK: 1 }, paired: 1, visited: 0, called: 1, wrote: 1 },
    ]);
    expect(two).toMatchObject({ children: 1, leftBehind: 1, linked: 1, noContact: 0, openConcerns: 0, unreachable: 1 });
    expect(two!.months.map(figures)).toEqual([
      { month: '2026-12', checkInsSent: 0, checkInsAnswered: 0, lettersToChild: 0, lettersToFamily: 0, contacts: { ...none, CALL: 1 }, paired: 1, visited: 0, called: 1, wrote: 0 },
      { month: '2026-11', checkInsSent: 1, checkInsAnswered: 1, lettersToChild: 1, lettersToFamily: 0, contacts: none, paired: 1, visited: 0, called: 0, wrote: 0 },
    ]);
    expect(report.school).toMatchObject({ className: null, children: 4, leftBehind: 3, linked: 3, noContact: 1, openConcerns: 1, unreachable: 1 });
    expect(report.school!.months.map(figures)).toEqual([
      { month: '2026-12', checkInsSent: 2, checkInsAnswered: 1, lettersToChild: 2, lettersToFamily: 0, contacts: { ...none, VISIT: 1, CALL: 1 }, paired: 2, visited: 1, called: 1, wrote: 1 },
      { month: '2026-11', checkInsSent: 3, checkInsAnswered: 2, lettersToChild: 1, lettersToFamily: 1, contacts: { ...none, CALL: 1, TALK: 1 }, paired: 2, visited: 0, called: 1, wrote: 1 },
    ]);
  });

  it('gives a class teacher only their class, and refuses a subject teacher and a parent', async () => {
    const report = await domain.reports.forActor({ userId: ids.classTeacher! }, NOW);
    expect(report.school).toBeNull();
    expect(report.classes.map((c) => [c.className, c.children])).toEqual([['一班', 3]]);
    await expect(domain.reports.forActor({ userId: ids.subjectTeacher! }, NOW)).rejects.toMatchObject({ reason: 'forbidden' });
    await expect(domain.reports.forActor({ userId: ids.mother! }, NOW)).rejects.toMatchObject({ reason: 'forbidden' });
  });

  it('reads as a short Chinese text with the figures', async () => {
    const t = (await loadTranslations()).translatorFor('zh-CN');
    const text = renderReport(t, await domain.reports.forActor({ userId: ids.admin! }, NOW));
    const lines = text.split('\n');
    expect(lines[0]).toBe('📊 希望小学 留守儿童关爱情况');
    expect(lines).toContain('孩子 4 人，其中留守 3 人；已关联家长：3/4（75%）');
    expect(lines).toContain('需关注：30天未联系 1 人，关注事项未跟进 1 人，家长联系不上 1 人');
    expect(lines).toContain('· 每月问候回复：2/3（67%）');
    expect(lines).toContain('· 书信：家长→孩子 2 封，孩子→家长 0 封');
    expect(lines).toContain('· “三个一”（结对孩子）：家访 1/2（50%），电话 1/2（50%），本学期写信 1/2（50%）');
    expect(lines).toContain('【二班】');
  });
});

describe('the monthly report', () => {
  it('draws a bar chart PNG with Chinese labels', async () => {
    const t = (await loadTranslations()).translatorFor('zh-CN');
    const png = await renderReportChart(t, await domain.reports.forActor({ userId: ids.admin! }, NOW));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(900);
    await writeFile(path.join(tmpdir(), 'jiashu-report-chart.png'), png);
  });

  it('goes to the admins on the 1st from 08:00 school time, once per month', async () => {
    const deps = { db, domain, translations: await loadTranslations(), defaultLocale: 'zh-CN' as const, logger: createLogger('silent') };
    await runReportJobs(deps, new Date('2026-11-30T23:00:00Z')); // 07:00 on the 1st in Shanghai: too early
    expect(await db.outboxMessage.count()).toBe(0);
    await runReportJobs(deps, NOW);
    await runReportJobs(deps, new Date('2026-12-02T02:00:00Z'));
    const queued = await db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(queued.map((m) => [m.recipientId, m.idempotencyKey])).toEqual([
      [ids.admin!, expect.stringMatching(/^monthly-report:school-\d+:2026-11:user-\d+$/)],
      [ids.admin!, expect.stringMatching(/^monthly-report:school-\d+:2026-11:user-\d+:chart$/)],
    ]);
    expect(JSON.parse(queued[0]!.payload).text).toContain('孩子 4 人，其中留守 3 人');
    const [chart] = await db.outboxFile.findMany();
    expect(JSON.parse(queued[1]!.payload)).toEqual({ kind: 'storedPhoto', outboxFileId: chart!.id });
    expect(Buffer.from(chart!.content!).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(await db.outboxFile.count()).toBe(1);
  });
});
