import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateCsv } from '../../src/domain/child-import.js';
import { tellOfInterruptedImports } from '../../src/jobs/interrupted-imports.js';
import { Harness, type TestUser } from '../helpers/harness.js';
import { documentMessage } from '../helpers/updates.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

/** A teacher of one class, set up as the school's admin would have done it. */
async function teacherOf(className: string, name: string, telegramId: number, languageCode: string) {
  const school = await h.db.school.create({ data: { name: `${className} school`, timezone: 'Asia/Shanghai' } });
  const cls = await h.db.class.create({ data: { schoolId: school.id, name: className } });
  const user = await h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName: name, languageCode } });
  await h.db.membership.create({ data: { userId: user.id, role: 'TEACHER', schoolId: school.id, classId: cls.id } });
  return { teacher: h.user(name, telegramId, languageCode), classId: cls.id };
}

const ZH_HEADER = '姓名,出生日期,班级,外出父母,务工城市,监护人姓名,监护人关系,监护人电话,是否住校,备注';
const EN_HEADER = 'name,birthday,class,parents_away,work_city,guardian_name,guardian_relation,guardian_phone,boarding,notes';

describe('/import and CSV files', () => {
  it('gives a teacher the template, imports a good file and refuses a file with a bad line', async () => {
    const { teacher, classId } = await teacherOf('七年级1班', '张敏', 4001, 'zh-CN');

    const [intro, template] = await teacher.send('/import');
    expect(intro?.text).toContain('“班级”一列要填您的班级：七年级1班。');
    expect(template).toMatchObject({ method: 'sendDocument', text: '孩子档案导入模板' });
    expect(h.callsOf('sendDocument')[0]?.payload.document).toEqual({
      filename: 'jiashu-children-template.csv',
      size: Buffer.byteLength(templateCsv('zh-CN')),
    });

    h.telegram.addFile('csv-good', [ZH_HEADER, '王小明,2013-09-01,七年级1班,父母双方,广东东莞,李秀英,奶奶,13800138000,是,', '刘芳,2012-03-05,七年级1班,母亲,,刘建国,爷爷,13912345678,否,走读'].join('\r\n'), '七年级1班.csv');
    const [done] = await teacher.sendDocument('csv-good', '七年级1班.csv', 'text/csv');
    expect(done?.text).toBe('已导入 2 名孩子的档案。');
    const rows = await h.db.child.findMany({ orderBy: { id: 'asc' }, select: { name: true, classId: true, guardianPhone: true, boarding: true } });
    expect(rows).toEqual([
      { name: '王小明', classId, guardianPhone: '13800138000', boarding: true },
      { name: '刘芳', classId, guardianPhone: '13912345678', boarding: false },
    ]);

    h.telegram.addFile('csv-bad', [ZH_HEADER, '赵磊,2013-01-15,七年级1班,父亲,浙江宁波,赵大海,爷爷,13700001111,否,', '孙梅,2013-02-30,七年级1班,父亲,,孙丽,奶奶,12345,也许,'].join('\n'), 'more.csv');
    const [refused] = await teacher.sendDocument('csv-bad', 'more.csv', 'text/comma-separated-values');
    expect(refused?.text).toBe(
      [
        '没有导入任何内容：文件中有 3 处问题。请改正后重新发送文件。',
        '第 3 行，出生日期：不是有效的日期，请按 2012-03-05 的格式填写',
        '第 3 行，监护人电话：不是有效的电话号码（手机号如 13800138000，座机请带区号）',
        '第 3 行，是否住校：请填写：是或否',
      ].join('\n'),
    );
    expect(await h.db.child.count()).toBe(2);
    expect(h.logs.join('\n')).not.toMatch(/王小明|赵磊|13800138000/);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/child-import.txt');
  });

  it('reads a file with a byte order mark and English headings, and lists at most 20 problems', async () => {
    const { teacher } = await teacherOf('Class 7-1', 'Zhang Min', 4002, 'en');
    const line = (i: number) => `Pupil ${i},2013-09-01,Class 7-1,both,,Guardian ${i},grandmother,${i < 3 ? `1380013800${i}` : '555'},yes,`;
    h.telegram.addFile('csv-en', `\uFEFF${[EN_HEADER, ...Array.from({ length: 27 }, (_, i) => line(i))].join('\n')}`, 'pupils.csv');
    const [report] = await teacher.sendDocument('csv-en', 'pupils.csv', 'text/csv');
    const lines = report?.text?.split('\n') ?? [];
    expect(lines[0]).toBe('Nothing was imported: the file has 24 problems. Please fix them and send the file again.');
    expect(lines[1]).toBe('Line 5, guardian_phone: not a phone number (a mobile like 13800138000, or a landline with its area code)');
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('…and 4 more');
    expect(await h.db.child.count()).toBe(0);

    h.telegram.addFile('csv-en-good', `\uFEFF${[EN_HEADER, line(0), line(1)].join('\r\n')}\r\n`, 'pupils.csv');
    const [imported] = await teacher.sendDocument('csv-en-good', 'pupils.csv', 'text/csv');
    expect(imported?.text).toBe("Imported 2 children's files.");
    expect(await h.db.child.count()).toBe(2);
  });

  it('refuses people who are not staff, files over 1 MB and files that are not UTF-8', async () => {
    const parent = h.user('Li Wei', 4003, 'en');
    const [notStaff] = await parent.send('/import');
    expect(notStaff?.text).toBe("Only teachers and school admins can import children's files.");
    h.telegram.addFile('csv-parent', `${EN_HEADER}\n`, 'kids.csv');
    const [notStaffFile] = await parent.sendDocument('csv-parent', 'kids.csv', 'text/csv');
    expect(notStaffFile?.text).toBe("Only teachers and school admins can import children's files.");

    const { teacher } = await teacherOf('Class 8-2', 'Chen Jing', 4004, 'en');
    h.telegram.addFile('csv-big', Buffer.alloc(1024 * 1024 + 1, 'a'), 'big.csv');
    const [tooBig] = await teacher.sendDocument('csv-big', 'big.csv', 'text/csv');
    expect(tooBig?.text).toBe('This file is larger than 1 MB. Please split it into smaller files and send them one by one.');
    expect(h.callsOf('getFile')).toHaveLength(0);

    h.telegram.addFile('csv-gbk', Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb0, 0xe0, 0xbc, 0xb6, 0x0a]), 'gbk.csv');
    const [notUtf8] = await teacher.sendDocument('csv-gbk', 'gbk.csv', 'text/csv');
    expect(notUtf8?.text).toBe('I could not read this file as UTF-8 text. In Excel, use “Save as” → “CSV UTF-8 (comma delimited)” and send it again.');

    const [other] = await teacher.sendDocument('report-1', 'report.pdf', 'application/pdf', 2048);
    expect(other?.text).toBe('I did not understand that. Send /help to see what I can do.');
    expect(await h.db.child.count()).toBe(0);
  });
});

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const botProcess = fileURLToPath(new URL('../helpers/bot-update-process.ts', import.meta.url));

/**
 * The teacher sends a file to the bot running as its own process on the harness's database,
 * and that process is killed (SIGKILL) while it fetches the file from Telegram.
 */
async function sendFileAndCrash(teacher: TestUser, fileId: string, fileName: string): Promise<void> {
  h.transcript.user(teacher.name, `(document ${fileName})`);
  const update = { ...documentMessage(teacher.from, fileId, fileName, 'text/csv', h.telegram.fileSize(fileId)), update_id: h.telegram.takeUpdateId() };
  const child = spawn(process.execPath, ['--import', 'tsx', botProcess], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: h.databaseUrl, TELEGRAM_API_ROOT: h.telegram.url, NOW: String(h.now), UPDATE: JSON.stringify(update) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  h.telegram.stall();
  try {
    await h.telegram.waitForCall((call) => call.method === 'getFile' && call.payload.file_id === fileId, 30_000);
  } finally {
    child.kill('SIGKILL');
    await exited;
    h.telegram.resume();
  }
  h.transcript.note('the bot process is killed while it fetches the file');
}

describe('an import cut short by a crash', () => {
  it('tells the teacher after the restart, once, that nothing was saved, and a finished import tells nothing', async () => {
    const { teacher } = await teacherOf('七年级2班', '王芳', 4005, 'zh-CN');
    const line = (name: string, phone: string) => `${name},2013-05-12,七年级2班,父亲,浙江宁波,${name}的奶奶,奶奶,${phone},是,`;
    h.telegram.addFile('csv-first', [ZH_HEADER, line('陈晨', '13700001111')].join('\n'), '第一批.csv');
    const [first] = await teacher.sendDocument('csv-first', '第一批.csv', 'text/csv');
    expect(first?.text).toBe('已导入 1 名孩子的档案。');

    h.telegram.addFile('csv-second', [ZH_HEADER, line('周洋', '13700002222'), line('吴静', '13700003333')].join('\n'), '第二批.csv');
    await sendFileAndCrash(teacher, 'csv-second', '第二批.csv');
    expect(await h.db.child.count()).toBe(1);

    h.advance(3 * 60_000);
    h.restart();
    expect(await tellOfInterruptedImports(h.jobDeps(), new Date(h.now))).toBe(1);
    const told = await h.deliverOutbox();
    expect(told.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [teacher.id, '您在 12月1日周二 10:00 发送的文件“第二批.csv”没有导入成功：当时机器人重启了，文件里的内容一条都没有保存。请重新发送这个文件。'],
    ]);

    h.advance(60_000);
    h.restart();
    expect(await tellOfInterruptedImports(h.jobDeps(), new Date(h.now))).toBe(0);
    expect(await h.deliverOutbox()).toEqual([]);
    expect(await h.db.outboxMessage.count()).toBe(1);

    const [again] = await teacher.sendDocument('csv-second', '第二批.csv', 'text/csv');
    expect(again?.text).toBe('已导入 2 名孩子的档案。');
    expect(await h.db.child.count()).toBe(3);
    expect(h.logs.join('\n')).not.toMatch(/第二批|周洋/);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/child-import-crash.txt');
  });
});
