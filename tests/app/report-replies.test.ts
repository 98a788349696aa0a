import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { renderReport } from '../../src/notifications/reports.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 赵校长 runs the school; 王芳 is the mother of 王小明, whose parents are both away. */
const world = await appWorld({ clock: () => now });
const { app, translations, as, school } = world;

beforeAll(async () => {
  await school.user('admin', 9301, '赵校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('mother', 9302, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
});
afterAll(world.close);

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
