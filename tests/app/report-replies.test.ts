import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/index.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Actor } from '../../src/domain/actor.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { say } from '../../src/i18n/words.js';
import { renderReport } from '../../src/notifications/reports.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { seedSchool } from '../helpers/seed.js';

let db: Db;
let app: App;
let translations: Translations;
const now = Date.parse('2026-12-02T02:00:00Z');
const ids: Record<string, number> = {};
const as = (key: string): Actor => ({ userId: ids[key]! });

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  translations = await loadTranslations();
  app = createApp({ db, domainOptions: { clock: () => new Date(now) }, translations, defaultLocale: 'zh-CN' });
  const school = await seedSchool(db, { ids });
  await school.user('admin', 9301, '赵校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('mother', 9302, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
});
afterAll(() => db.$disconnect());

describe('/report answers in words', () => {
  it('gives an admin this month and last for the school, in the words the monthly report sends', async () => {
    const { report, reply } = await app.reports.mine(as('admin'));
    expect(reply.choices).toEqual([]);
    const zh = translations.translatorFor('zh-CN');
    expect(say(zh, reply.words)).toBe(renderReport(zh, report));
    const lines = say(translations.translatorFor('en'), reply.words).split('\n');
    expect(lines).toContain('2026-12:');
    expect(lines).toContain('2026-11:');
    expect(lines.some((line) => line.includes('1 children, 1 left behind; with a linked parent: 1/1 (100%)'))).toBe(true);
  });

  it('is refused to a family member, by reason', async () => {
    await expect(app.reports.mine(as('mother'))).rejects.toMatchObject({ reason: 'forbidden' });
  });
});
