import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createChildImport, IMPORT_LINE_LIMIT, templateCsv, type ChildImport } from '../../src/domain/child-import.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { tellOfInterruptedImports } from '../../src/jobs/interrupted-imports.js';
import { createLogger } from '../../src/logger.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let childImport: ChildImport;
let teacher: { userId: number };
let admin: { userId: number };
let ownClassId: number;

const EN_HEADER = 'name,birthday,class,parents_away,work_city,guardian_name,guardian_relation,guardian_phone,boarding,notes';
const ZH_HEADER = '姓名,出生日期,班级,外出父母,务工城市,监护人姓名,监护人关系,监护人电话,是否住校,备注';

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  childImport = createChildImport(db, () => new Date('2026-03-01T00:00:00Z'));
  const school = await db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const other = await db.school.create({ data: { name: '光明中学', timezone: 'Asia/Shanghai' } });
  const own = await db.class.create({ data: { schoolId: school.id, name: '七年级1班' } });
  await db.class.create({ data: { schoolId: school.id, name: '七年级2班' } });
  await db.class.create({ data: { schoolId: other.id, name: '八年级1班' } });
  ownClassId = own.id;
  const teacherRow = await db.user.create({ data: { accounts: onTelegram(7001n), displayName: 'Zhang Min' } });
  const adminRow = await db.user.create({ data: { accounts: onTelegram(7002n), displayName: 'Principal Liu' } });
  await db.membership.create({ data: { userId: teacherRow.id, role: 'TEACHER', schoolId: school.id, classId: own.id } });
  await db.membership.create({ data: { userId: adminRow.id, role: 'ADMIN', schoolId: school.id } });
  teacher = { userId: teacherRow.id };
  admin = { userId: adminRow.id };
});
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.child.deleteMany();
  await db.auditLog.deleteMany();
});

const childRows = () =>
  db.child.findMany({
    orderBy: { id: 'asc' },
    select: { name: true, birthday: true, classId: true, parentsAway: true, workCity: true, guardianName: true, guardianRelation: true, guardianPhone: true, boarding: true, notes: true },
  });

describe('importing children from a CSV file', () => {
  it('imports a good file with English headings and writes one audit entry with the count', async () => {
    const csv = [
      EN_HEADER,
      'Wang Xiaoming,2013-09-01,七年级1班,both,Dongguan,Li Xiuying,grandmother,138 0013 8000,yes,"Allergic to peanuts, carries a pen"',
      'Zhao Lei,2012/3/5,七年级1班,father,,Zhao Dahai,grandfather,13912345678,no,',
    ].join('\n');
    expect(await childImport.importChildren(teacher, csv)).toEqual({ imported: 2, errors: [] });
    expect(await childRows()).toEqual([
      {
        name: 'Wang Xiaoming',
        birthday: new Date('2013-09-01T00:00:00Z'),
        classId: ownClassId,
        parentsAway: 'BOTH',
        workCity: 'Dongguan',
        guardianName: 'Li Xiuying',
        guardianRelation: 'GRANDPARENT',
        guardianPhone: '13800138000',
        boarding: true,
        notes: 'Allergic to peanuts, carries a pen',
      },
      {
        name: 'Zhao Lei',
        birthday: new Date('2012-03-05T00:00:00Z'),
        classId: ownClassId,
        parentsAway: 'FATHER',
        workCity: null,
        guardianName: 'Zhao Dahai',
        guardianRelation: 'GRANDPARENT',
        guardianPhone: '13912345678',
        boarding: false,
        notes: null,
      },
    ]);
    const audit = await db.auditLog.findMany({ orderBy: { id: 'asc' }, select: { id: true, actorId: true, action: true, entityId: true, details: true } });
    expect(audit).toEqual([
      { id: audit[0]!.id, actorId: teacher.userId, action: 'children.import.started', entityId: null, details: null },
      { id: audit[1]!.id, actorId: teacher.userId, action: 'children.imported', entityId: audit[0]!.id, details: '{"count":2}' },
    ]);
  });

  it('imports nothing when one line is bad, and names its line and column', async () => {
    const csv = [
      EN_HEADER,
      'Wang Xiaoming,2013-09-01,七年级1班,both,Dongguan,Li Xiuying,grandmother,13800138000,yes,',
      'Zhao Lei,2012-02-30,七年级1班,father,,Zhao Dahai,grandfather,12345,maybe,',
      'Sun Mei,2011-05-20,七年级1班,mother,Shenzhen,Sun Li,father,13700001111,no,',
    ].join('\n');
    expect(await childImport.importChildren(teacher, csv)).toEqual({
      imported: 0,
      errors: [
        { line: 3, field: 'birthday', reason: 'birthday' },
        { line: 3, field: 'guardianPhone', reason: 'phone' },
        { line: 3, field: 'boarding', reason: 'yesNo' },
      ],
    });
    expect(await db.child.count()).toBe(0);
    expect(await db.auditLog.findMany({ orderBy: { id: 'asc' }, select: { action: true, details: true } })).toEqual([
      { action: 'children.import.started', details: null },
      { action: 'children.import.refused', details: '{"errors":3}' },
    ]);
  });

  it('cleans zero-width, bidi-override and line-break characters out of names, and refuses a name with a NUL by its line', async () => {
    const hidden = [
      EN_HEADER,
      '"Wang\u200B Xiao\u202Eming",2013-09-01,七年级1班,both,"Dong\u2066guan",Li\u200D Xiuying,grandmother,13800138000,yes,',
      '"Zhao\r\n  Lei",2012-03-05,七年级1班,father,,Zhao Dahai\uFEFF,grandfather,13912345678,no,',
    ].join('\n');
    expect(await childImport.importChildren(teacher, hidden)).toEqual({ imported: 2, errors: [] });
    expect((await childRows()).map((row) => [row.name, row.workCity, row.guardianName])).toEqual([
      ['Wang Xiaoming', 'Dongguan', 'Li Xiuying'],
      ['Zhao Lei', null, 'Zhao Dahai'],
    ]);

    const damaged = [EN_HEADER, 'Sun Mei,2011-05-20,七年级1班,mother,,Sun\u0000 Li,father,13700001111,no,', 'Li\u0007 Na,2011-05-21,七年级1班,mother,,Li Hua,father,13700001112,no,'].join('\n');
    expect(await childImport.importChildren(teacher, damaged)).toEqual({
      imported: 0,
      errors: [
        { line: 2, field: 'guardianName', reason: 'control' },
        { line: 3, field: 'name', reason: 'control' },
      ],
    });
  });

  it('reads Chinese headings and Chinese answers', async () => {
    const csv = [ZH_HEADER, '王小明,2013年9月1日,七年级1班,父母双方,广东东莞,李秀英,奶奶,13800138000,是,', '刘芳,20120305, 七年级１班 ,母亲,,刘建国,爸爸,0851-1234567,否,走读生'].join('\r\n');
    expect(await childImport.importChildren(teacher, csv)).toEqual({ imported: 2, errors: [] });
    const rows = await childRows();
    expect(rows.map((r) => [r.name, r.parentsAway, r.guardianRelation, r.guardianPhone, r.boarding, r.classId])).toEqual([
      ['王小明', 'BOTH', 'GRANDPARENT', '13800138000', true, ownClassId],
      ['刘芳', 'MOTHER', 'FATHER', '08511234567', false, ownClassId],
    ]);
  });

  it('strips a byte order mark, and takes headings in any case, spacing and order', async () => {
    const csv = `\uFEFFBirthday, NAME ,Class,Parents Away,Guardian Name,guardian_relation,GUARDIAN_PHONE,boarding\n2013-09-01,Wang Xiaoming,七年级1班,both,Li Xiuying,grandmother,13800138000,yes\n`;
    expect(await childImport.importChildren(teacher, csv)).toEqual({ imported: 1, errors: [] });
    expect((await childRows())[0]).toMatchObject({ name: 'Wang Xiaoming', workCity: null, notes: null });
  });

  it('accepts its own template once the example class is one of the teacher\'s', async () => {
    expect(templateCsv('zh-CN').startsWith(`\uFEFF${ZH_HEADER}\r\n`)).toBe(true);
    expect(templateCsv('en').startsWith(`\uFEFF${EN_HEADER}\r\n`)).toBe(true);
    expect(await childImport.importChildren(teacher, templateCsv('zh-CN'))).toEqual({ imported: 1, errors: [] });
  });

  it('refuses a file that lacks a required column, once for the file', async () => {
    const csv = ['name,class,parents_away,guardian_name,guardian_relation,boarding', 'Wang Xiaoming,七年级1班,both,Li Xiuying,grandmother,yes'].join('\n');
    expect(await childImport.importChildren(teacher, csv)).toEqual({
      imported: 0,
      errors: [
        { line: 1, field: 'birthday', reason: 'missingColumn' },
        { line: 1, field: 'guardianPhone', reason: 'missingColumn' },
      ],
    });
  });

  it('refuses classes outside the teacher\'s own, and classes that do not exist', async () => {
    const row = (name: string, className: string) => `${name},2013-09-01,${className},both,,Li Xiuying,grandmother,13800138000,yes,`;
    const csv = [EN_HEADER, row('A', '七年级1班'), row('B', '七年级2班'), row('C', '八年级1班'), row('D', '')].join('\n');
    expect(await childImport.importChildren(teacher, csv)).toEqual({
      imported: 0,
      errors: [
        { line: 3, field: 'class', reason: 'classForbidden' },
        { line: 4, field: 'class', reason: 'unknownClass' },
        { line: 5, field: 'class', reason: 'required' },
      ],
    });
    expect(await db.child.count()).toBe(0);

    const adminCsv = [EN_HEADER, row('A', '七年级1班'), row('B', '七年级2班')].join('\n');
    expect(await childImport.importChildren(admin, adminCsv)).toEqual({ imported: 2, errors: [] });
  });

  it('refuses a child already on file or twice in the file, so sending a file again adds nobody', async () => {
    const line = 'Wang Xiaoming,2013-09-01,七年级1班,both,,Li Xiuying,grandmother,13800138000,yes,';
    expect(await childImport.importChildren(teacher, [EN_HEADER, line].join('\n'))).toEqual({ imported: 1, errors: [] });
    expect(await childImport.importChildren(teacher, [EN_HEADER, line].join('\n'))).toEqual({
      imported: 0,
      errors: [{ line: 2, field: 'name', reason: 'duplicate' }],
    });
    await db.child.deleteMany();
    expect((await childImport.importChildren(teacher, [EN_HEADER, line, line].join('\n'))).errors).toEqual([
      { line: 3, field: 'name', reason: 'duplicate' },
    ]);
  });

  it('counts lines as a spreadsheet does, across line breaks inside a cell and blank lines', async () => {
    const csv = [EN_HEADER, 'A,2013-09-01,七年级1班,both,,Li,grandmother,13800138000,yes,"two\nlines"', '', ',,,,,,,,,', 'B,2013-09-01,七年级1班,both,,Li,grandmother,13800138000,sometimes,'].join('\n');
    expect((await childImport.importChildren(teacher, csv)).errors).toEqual([{ line: 6, field: 'boarding', reason: 'yesNo' }]);
  });

  it('refuses an empty file, a file of headings only, a broken quote and too many lines', async () => {
    expect(await childImport.importChildren(teacher, '')).toEqual({ imported: 0, errors: [{ line: 1, reason: 'empty' }] });
    expect(await childImport.importChildren(teacher, `\uFEFF${EN_HEADER}\r\n`)).toEqual({ imported: 0, errors: [{ line: 1, reason: 'empty' }] });
    expect(await childImport.importChildren(teacher, `${EN_HEADER}\n"A,2013-09-01\n`)).toEqual({ imported: 0, errors: [{ line: 2, reason: 'csvFormat' }] });
    const many = [EN_HEADER, ...Array.from({ length: IMPORT_LINE_LIMIT + 1 }, (_, i) => `C${i},2013-09-01,七年级1班,both,,Li,grandmother,13800138000,yes,`)];
    expect(await childImport.importChildren(teacher, many.join('\n'))).toEqual({ imported: 0, errors: [{ line: IMPORT_LINE_LIMIT + 2, reason: 'tooManyLines' }] });
    expect(await db.child.count()).toBe(0);
  });
});

describe('an import cut short by a crash', () => {
  const startedAt = new Date('2026-03-01T00:00:00Z');
  const restartAt = new Date('2026-03-01T00:05:00Z');
  const goodCsv = [EN_HEADER, 'Wang Xiaoming,2013-09-01,七年级1班,both,,Li Xiuying,grandmother,13800138000,yes,'].join('\n');
  let deps: Parameters<typeof tellOfInterruptedImports>[0];
  beforeAll(async () => {
    deps = { db, translations: await loadTranslations(), defaultLocale: 'zh-CN', logger: createLogger('warn') };
  });
  beforeEach(() => db.outboxMessage.deleteMany());

  const queued = () => db.outboxMessage.findMany({ orderBy: { id: 'asc' }, select: { idempotencyKey: true, recipientId: true, payload: true } });

  it('tells the teacher once, after the restart, that nothing of the file was saved', async () => {
    // The process stops while the file is being fetched: the read never comes back.
    void childImport.importFile(teacher, '七年级1班.csv', () => new Promise<string>(() => {}));
    await expect.poll(() => db.auditLog.count({ where: { action: 'children.import.started' } })).toBe(1);
    const [start] = await db.auditLog.findMany({ select: { id: true, details: true } });
    expect(start?.details).toBe('{"file":"七年级1班.csv"}');

    expect(await tellOfInterruptedImports(deps, restartAt)).toBe(1);
    expect(await queued()).toEqual([
      {
        idempotencyKey: `child-import-interrupted:${start!.id}`,
        recipientId: teacher.userId,
        payload: JSON.stringify({
          kind: 'text',
          text: '您在 3月1日周日 08:00 发送的文件“七年级1班.csv”没有导入成功：当时机器人重启了，文件里的内容一条都没有保存。请重新发送这个文件。',
        }),
      },
    ]);
    expect(await db.child.count()).toBe(0);
    expect(await db.auditLog.findMany({ orderBy: { id: 'asc' }, select: { action: true, entityId: true, details: true } })).toEqual([
      { action: 'children.import.started', entityId: null, details: null },
      { action: 'children.import.interrupted', entityId: start!.id, details: null },
    ]);

    expect(await tellOfInterruptedImports(deps, new Date(restartAt.getTime() + 60_000))).toBe(0);
    expect(await db.outboxMessage.count()).toBe(1);
  });

  it('tells nothing after a restart of an import that finished, was refused or failed', async () => {
    expect(await childImport.importChildren(teacher, goodCsv, 'good.csv')).toEqual({ imported: 1, errors: [] });
    expect((await childImport.importChildren(teacher, goodCsv, 'again.csv')).errors).toHaveLength(1);
    expect(await childImport.importFile(teacher, 'gbk.csv', async () => 'notUtf8')).toEqual({ refused: 'notUtf8' });
    const fault = new Error('file server unreachable');
    await expect(childImport.importFile(teacher, 'lost.csv', () => Promise.reject(fault))).rejects.toBe(fault);

    expect(await tellOfInterruptedImports(deps, restartAt)).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
    const ends = await db.auditLog.findMany({ where: { NOT: { action: 'children.import.started' } }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(ends.map((e) => e.action)).toEqual(['children.imported', 'children.import.refused', 'children.import.refused', 'children.import.failed']);
    expect(await db.auditLog.count({ where: { details: { contains: '.csv' } } })).toBe(0);
  });

  it('leaves an import of the new process alone', async () => {
    void childImport.importFile(teacher, 'now.csv', () => new Promise<string>(() => {}));
    await expect.poll(() => db.auditLog.count()).toBe(1);
    expect(await tellOfInterruptedImports(deps, startedAt)).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
  });
});
