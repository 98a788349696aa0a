import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** Class 7-1 with its class teacher Zhang Min; Chen Jing teaches no class yet and Li Wei is a parent; all read English. */
const world = await appWorld({ clock: () => now, school: { className: 'Class 7-1' } });
const { db, url, app, translations, as, school } = world;

const EN_HEADER = 'name,birthday,class,parents_away,work_city,guardian_name,guardian_relation,guardian_phone,boarding,notes';
const line = (name: string, phone: string) => `${name},2013-09-01,Class 7-1,both,,Guardian of ${name},grandmother,${phone},yes,`;
const bytesOf = (text: string) => async () => Buffer.from(text, 'utf8');
const sent = (name: string, size = 100) => ({ name, size });
const auditActions = async () => (await db.auditLog.findMany({ orderBy: { id: 'asc' }, select: { action: true } })).map((row) => row.action);

beforeAll(async () => {
  await school.user('teacher', 9201, 'Zhang Min', 'en');
  await school.member('teacher', 'TEACHER', { classTeacher: true });
  await school.user('newTeacher', 9202, 'Chen Jing', 'en');
  await school.member('newTeacher', 'TEACHER');
  await school.user('parent', 9203, 'Li Wei', 'en');
});
afterAll(world.close);

describe('/import answers with words and the template as a file', () => {
  it('tells a teacher how to import, naming their classes, and hands over the template in their language', async () => {
    const { reply, template } = await app.imports.start(as('teacher'), 'en');
    expect(reply).toEqual({ words: { key: 'childImport.intro', values: { classes: { join: [{ text: 'Class 7-1' }], with: { key: 'childImport.separator' } } } }, choices: [] });
    expect(template?.fileName).toBe('jiashu-children-template.csv');
    expect(template?.caption).toEqual({ key: 'childImport.templateCaption' });
    expect(template?.bytes.toString('utf8')).toMatch(/^\uFEFFname,birthday,class,/);
    expect((await app.imports.start(as('teacher'), 'zh-CN')).template?.bytes.toString('utf8')).toMatch(/^\uFEFF姓名,出生日期,班级,/);
  });

  it('turns away a teacher without a class and someone who is not staff, with no template', async () => {
    expect(await app.imports.start(as('newTeacher'), 'en')).toEqual({ reply: { words: { key: 'childImport.noClasses' }, choices: [] } });
    expect(await app.imports.start(as('parent'), 'en')).toEqual({ reply: { words: { key: 'childImport.notStaff' }, choices: [] } });
  });
});

describe('a sent CSV file is checked and imported by the app', () => {
  it('records the import before the file is fetched, then imports every line and says how many', async () => {
    const elsewhere = await openDatabase(url);
    let startedBeforeFetch = 0;
    const file = [EN_HEADER, line('Pupil One', '13800138000'), line('Pupil Two', '13912345678')].join('\r\n');
    const { report, reply } = await app.imports.importFile(as('teacher'), sent('pupils.csv'), 'en', async () => {
      startedBeforeFetch = await elsewhere.auditLog.count({ where: { action: 'children.import.started' } });
      return Buffer.from(file, 'utf8');
    });
    await elsewhere.$disconnect();
    expect(startedBeforeFetch).toBe(1);
    expect(report).toEqual({ imported: 2, errors: [] });
    expect(reply).toEqual({ words: { key: 'childImport.imported', values: { count: 2 } }, choices: [] });
    expect(await db.child.findMany({ where: { name: { startsWith: 'Pupil' } }, select: { name: true, guardianPhone: true }, orderBy: { id: 'asc' } })).toEqual([
      { name: 'Pupil One', guardianPhone: '13800138000' },
      { name: 'Pupil Two', guardianPhone: '13912345678' },
    ]);
    expect(await auditActions()).toEqual(['children.import.started', 'children.imported']);
  });

  it('imports nothing from a file with bad lines, and names each problem by line and by the column heading of the reader’s language', async () => {
    const file = [EN_HEADER, line('Pupil Three', '12345'), line('Pupil One', '13800138000')].join('\n');
    const { report, reply } = await app.imports.importFile(as('teacher'), sent('more.csv'), 'zh-CN', bytesOf(file));
    expect(report?.imported).toBe(0);
    expect(report?.errors).toEqual([
      { line: 2, field: 'guardianPhone', reason: 'phone' },
      { line: 3, field: 'name', reason: 'duplicate' },
    ]);
    expect(say(translations.translatorFor('zh-CN'), reply.words).split('\n')).toEqual([
      '没有导入任何内容：文件中有 2 处问题。请改正后重新发送文件。',
      '第 2 行，监护人电话：不是有效的电话号码（手机号如 13800138000，座机请带区号）',
      expect.stringMatching(/^第 3 行，姓名：/),
    ]);
    expect(await db.child.count({ where: { name: 'Pupil Three' } })).toBe(0);
  });

  it('lists at most 20 problems and counts the rest', async () => {
    const file = [EN_HEADER, ...Array.from({ length: 25 }, (_, i) => line(`Pupil ${i + 10}`, '555'))].join('\n');
    const { reply } = await app.imports.importFile(as('teacher'), sent('many.csv'), 'en', bytesOf(file));
    const lines = say(translations.translatorFor('en'), reply.words).split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[1]).toBe('Line 2, guardian_phone: not a phone number (a mobile like 13800138000, or a landline with its area code)');
    expect(lines[21]).toBe('…and 5 more');
  });

  it('fetches nothing for someone who is not staff or for a file announced as over 1 MB, and refuses a file that is not UTF-8', async () => {
    let fetched = 0;
    const fetch = async () => {
      fetched += 1;
      return Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x0a]);
    };
    expect(await app.imports.importFile(as('parent'), sent('kids.csv'), 'en', fetch)).toEqual({ report: null, reply: { words: { key: 'childImport.notStaff' }, choices: [] } });
    expect(await app.imports.importFile(as('teacher'), sent('big.csv', 1024 * 1024 + 1), 'en', fetch)).toEqual({ report: null, reply: { words: { key: 'childImport.tooBig' }, choices: [] } });
    expect(fetched).toBe(0);
    expect(await app.imports.importFile(as('teacher'), sent('gbk.csv'), 'en', fetch)).toEqual({ report: null, reply: { words: { key: 'childImport.notUtf8' }, choices: [] } });
    expect(fetched).toBe(1);
    expect((await auditActions()).at(-1)).toBe('children.import.refused');
  });
});
