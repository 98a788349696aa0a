import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

/** A school with an admin, a class teacher, a parent, a child with a contact and a letter. */
async function school() {
  const s = await h.db.school.create({ data: { name: '希望小学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: s.id, name: '三年级一班' } });
  const person = (telegramId: number, displayName: string) => h.db.user.create({ data: { telegramId: BigInt(telegramId), displayName, languageCode: 'zh-CN' } });
  const admin = await person(7001, '校长');
  await h.db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: s.id } });
  const teacher = await person(7002, '王老师');
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: s.id, classId: klass.id, classTeacher: true } });
  const mother = await person(7003, '李芳');
  const child = await h.db.child.create({ data: { name: '王小明', schoolId: s.id, classId: klass.id, guardianName: '王奶奶', guardianPhone: '13800000000', workCity: '深圳' } });
  await h.db.guardianLink.create({ data: { userId: mother.id, childId: child.id, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date(h.now) } });
  await h.db.contactLog.create({ data: { childId: child.id, teacherId: teacher.id, kind: 'VISIT', happenedAt: new Date('2026-11-20T02:00:00Z'), note: '家访，奶奶身体好' } });
  await h.db.letter.create({
    data: { childId: child.id, authorId: mother.id, direction: 'TO_CHILD', status: 'WAITING', createdAt: new Date('2026-11-30T02:00:00Z'), parts: { create: [{ position: 0, kind: 'text', text: '妈妈想你了，秘密内容' }] } },
  });
  return { admin: h.user('校长', 7001, 'zh-CN'), teacher: h.user('王老师', 7002, 'zh-CN'), mother: h.user('李芳', 7003, 'zh-CN'), adminId: admin.id };
}

const lines = (content: Buffer) => content.toString('utf8').slice(1).trimEnd().split('\r\n');

describe('exports', () => {
  it('gives an admin each export as a CSV with a BOM and Chinese text, and audit-logs it', async () => {
    const { admin, adminId } = await school();
    const menu = await admin.send('/export');
    expect(menu[0]?.buttons).toEqual([['孩子档案'], ['联系记录'], ['书信记录（不含内容）']]);

    const replies = await admin.press('孩子档案');
    expect(replies.map((r) => [r.method, r.text])).toEqual([
      ['answerCallbackQuery', '正在生成文件……'],
      ['sendDocument', '孩子档案，共 1 条。'],
    ]);
    expect(h.callsOf('sendDocument')).toHaveLength(1);
    const children = h.telegram.uploads.at(-1)!;
    expect(children.filename).toBe('children-2026-12-01.csv');
    expect([...children.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = lines(children.content);
    expect(header).toBe('编号,姓名,班级,出生日期,外出务工的父母,监护人,监护人关系,监护人电话,务工城市,住校,结对老师,已关联家长数,建档时间,归档时间');
    expect(row).toMatch(/^\d+,王小明,三年级一班,,BOTH,王奶奶,,13800000000,深圳,否,,1,/);

    await admin.press('联系记录');
    const [contactHeader, contact] = lines(h.telegram.uploads.at(-1)!.content);
    expect(contactHeader).toBe('编号,孩子,班级,老师,方式,联系时间,备注,有语音,记录时间');
    expect(contact).toMatch(/^\d+,王小明,三年级一班,王老师,VISIT,2026-11-20 10:00,家访，奶奶身体好,否,/);

    await admin.press('书信记录（不含内容）');
    const letters = h.telegram.uploads.at(-1)!.content.toString('utf8');
    const [letterHeader, letter] = lines(h.telegram.uploads.at(-1)!.content);
    expect(letterHeader).toBe('编号,孩子,班级,写信人,方向,状态,段数,写信时间,经手人,经手时间');
    expect(letter).toMatch(/^\d+,王小明,三年级一班,李芳,TO_CHILD,WAITING,1,2026-11-30 10:00,,$/);
    expect(letters).not.toContain('秘密内容');

    const audit = await h.db.auditLog.findMany({ where: { actorId: adminId }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['export.children', '{"rows":1}'],
      ['export.contacts', '{"rows":1}'],
      ['export.letters', '{"rows":1}'],
    ]);
  });

  it('refuses a teacher and a parent, also when they forge the button', async () => {
    const { teacher, mother } = await school();
    expect((await teacher.send('/export')).map((r) => r.text)).toEqual(['只有学校管理员可以导出数据。']);
    expect((await mother.send('/export')).map((r) => r.text)).toEqual(['只有学校管理员可以导出数据。']);
    const forged = await mother.pressData('export:children');
    expect(forged.map((r) => r.method)).toEqual(['answerCallbackQuery']);
    expect(h.callsOf('sendDocument')).toHaveLength(0);
    expect(await h.db.auditLog.count({ where: { action: 'access.refused' } })).toBe(1);
  });
});
