import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

/** A school with an admin, a class teacher, a parent, a child with a contact and a letter. */
async function school() {
  const s = await h.db.school.create({ data: { name: '希望小学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: s.id, name: '三年级一班' } });
  const person = (telegramId: number, displayName: string) => h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName, languageCode: 'zh-CN' } });
  const admin = await person(7001, '校长');
  await h.db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: s.id } });
  const teacher = await person(7002, '王老师');
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: s.id, classId: klass.id, classTeacher: true } });
  const mother = await person(7003, '李芳');
  const child = await h.db.child.create({ data: { name: '王小明', schoolId: s.id, classId: klass.id, guardianName: '王奶奶', guardianRelation: 'GRANDPARENT', guardianPhone: '13800000000', workCity: '深圳' } });
  await h.db.guardianLink.create({ data: { userId: mother.id, childId: child.id, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date(h.now) } });
  await h.db.contactLog.create({ data: { childId: child.id, teacherId: teacher.id, kind: 'VISIT', happenedAt: new Date('2026-11-20T02:00:00Z'), note: '家访，奶奶身体好' } });
  await h.db.letter.create({
    data: { childId: child.id, authorId: mother.id, direction: 'TO_CHILD', status: 'WAITING', createdAt: new Date('2026-11-30T02:00:00Z'), parts: { create: [{ position: 0, kind: 'text', text: '妈妈想你了，秘密内容' }] } },
  });
  return {
    admin: h.user('校长', 7001, 'zh-CN'),
    teacher: h.user('王老师', 7002, 'zh-CN'),
    mother: h.user('李芳', 7003, 'zh-CN'),
    adminId: admin.id,
    motherId: mother.id,
    childId: child.id,
  };
}

const lines = (content: Buffer) => content.toString('utf8').slice(1).trimEnd().split('\r\n');

describe('exports', () => {
  it('gives an admin each export as a CSV with a BOM and Chinese text, and audit-logs it', async () => {
    const { admin, adminId } = await school();
    const menu = await admin.send('/export');
    expect(menu[0]?.buttons).toEqual([['孩子档案'], ['联系记录'], ['书信记录（不含内容）'], ['某个孩子的书信（含内容）']]);

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
    expect(row).toMatch(/^\d+,王小明,三年级一班,,父母都外出,王奶奶,祖辈,13800000000,深圳,否,,1,/);

    await admin.press('联系记录');
    const [contactHeader, contact] = lines(h.telegram.uploads.at(-1)!.content);
    expect(contactHeader).toBe('编号,孩子,班级,老师,方式,联系时间,备注,有语音,记录时间');
    expect(contact).toMatch(/^\d+,王小明,三年级一班,王老师,家访,2026-11-20 10:00,家访，奶奶身体好,否,/);

    await admin.press('书信记录（不含内容）');
    const letters = h.telegram.uploads.at(-1)!.content.toString('utf8');
    const [letterHeader, letter] = lines(h.telegram.uploads.at(-1)!.content);
    expect(letterHeader).toBe('编号,孩子,班级,写信人,方向,状态,段数,写信时间,经手人,经手时间');
    expect(letter).toMatch(/^\d+,王小明,三年级一班,李芳,家长→孩子,等待中,1,2026-11-30 10:00,,$/);
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

describe("one child's letters with their content", () => {
  /** A child's reply with a voice note and a photo, and another school with a child of its own. */
  async function moreLetters(childId: number, motherId: number) {
    await h.db.letter.create({
      data: {
        childId,
        authorId: motherId,
        direction: 'TO_FAMILY',
        status: 'SENT',
        createdAt: new Date('2026-11-30T08:00:00Z'),
        parts: {
          create: [
            { position: 0, kind: 'text', text: '妈妈，我考了第一名，\n奶奶说"很好"' },
            { position: 1, kind: 'voice', fileId: 'voice-file-1' },
            { position: 2, kind: 'photo', fileId: 'photo-file-1', text: '奖状' },
          ],
        },
      },
    });
    const other = await h.db.school.create({ data: { name: '山外小学', timezone: 'Asia/Shanghai' } });
    const otherClass = await h.db.class.create({ data: { schoolId: other.id, name: '一年级' } });
    const stranger = await h.db.child.create({ data: { name: '张小红', schoolId: other.id, classId: otherClass.id } });
    await h.db.letter.create({ data: { childId: stranger.id, authorId: motherId, direction: 'TO_CHILD', status: 'WAITING', parts: { create: [{ position: 0, kind: 'text', text: '别校的信' }] } } });
    return { strangerId: stranger.id, otherClassId: otherClass.id };
  }

  const REFUSED = '抱歉，您不能对这个孩子或学校进行这项操作。';

  it('lets an admin pick a child by class, confirm, and get every letter with its content as a CSV; the export is audit-logged', async () => {
    const { admin, adminId, childId, motherId } = await school();
    await moreLetters(childId, motherId);
    const klass = await h.db.class.findFirstOrThrow({ where: { name: '三年级一班' } });
    await h.db.child.create({ data: { name: '李小华', schoolId: klass.schoolId, classId: klass.id, archivedAt: new Date('2026-09-01T00:00:00Z') } });
    const menu = await admin.send('/export');
    expect(menu[0]?.buttons.at(-1)).toEqual(['某个孩子的书信（含内容）']);
    expect((await admin.press('某个孩子的书信（含内容）')).at(-1)?.buttons).toEqual([['三年级一班']]);
    expect((await admin.press('三年级一班')).at(-1)?.buttons).toEqual([['王小明', '李小华（已归档）']]);
    const confirm = (await admin.press('王小明')).at(-1);
    expect(confirm?.text).toContain('您要导出王小明（三年级一班）的全部书信，共 2 封，包括书信内容。');
    expect(confirm?.text).toContain('这次导出会以您的名义记入审计日志。');
    expect(confirm?.buttons).toEqual([['确认导出', '取消']]);
    expect(await h.db.auditLog.count({ where: { action: 'export.letterContent' } })).toBe(0);

    const replies = await admin.press('确认导出');
    expect(replies.map((r) => [r.method, r.text])).toEqual([
      ['answerCallbackQuery', '正在生成文件……'],
      ['editMessageText', '已导出王小明的书信，并记入审计日志。'],
      ['sendDocument', '王小明的书信（含内容），共 2 封。'],
    ]);
    const upload = h.telegram.uploads.at(-1)!;
    expect(upload.filename).toBe(`letters-child-${childId}-2026-12-01.csv`);
    expect([...upload.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = lines(upload.content);
    expect(header).toBe('编号,方向,写信人,状态,写信时间,段,内容');
    const [first, second] = await h.db.letter.findMany({ where: { childId }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    expect(rows).toEqual([
      `${first!.id},家长→孩子,李芳,等待中,2026-11-30 10:00,1,妈妈想你了，秘密内容`,
      `${second!.id},孩子→家长,李芳,✓ 已发给家人,2026-11-30 16:00,1,"妈妈，我考了第一名，\n奶奶说""很好"""`,
      `${second!.id},孩子→家长,李芳,✓ 已发给家人,2026-11-30 16:00,2,[语音 voice-file-1]`,
      `${second!.id},孩子→家长,李芳,✓ 已发给家人,2026-11-30 16:00,3,[照片 photo-file-1] 奖状`,
    ]);
    expect(upload.content.toString('utf8')).not.toContain('别校的信');

    const audit = await h.db.auditLog.findMany({ where: { action: 'export.letterContent' } });
    expect(audit.map((a) => [a.actorId, a.entity, a.entityId, a.details])).toEqual([[adminId, 'Child', childId, '{"letters":2,"rows":4}']]);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/exports-letter-content.txt');
  });

  it('heads the columns in English for an English-speaking admin', async () => {
    const { admin, adminId, childId, motherId } = await school();
    await moreLetters(childId, motherId);
    await h.db.user.update({ where: { id: adminId }, data: { locale: 'en' } });
    await admin.send('/export');
    await admin.press("One child's letters (with content)");
    await admin.press('三年级一班');
    const confirm = (await admin.press('王小明')).at(-1);
    expect(confirm?.text?.split('\n')[0]).toBe('You are about to export all 2 letters of 王小明 (三年级一班), with their content.');
    expect((await admin.press('Export')).at(-1)?.text).toBe('Letters of 王小明 with content: 2 letters.');
    const [header, , , voice] = lines(h.telegram.uploads.at(-1)!.content);
    expect(header).toBe('ID,Direction,Author,Status,Written,Part,Content');
    expect(voice).toMatch(/,2,\[voice voice-file-1\]$/);
  });

  it('pages a long class 60 children at a time, archived children on the last pages, and says when a child has no letters', async () => {
    const { admin } = await school();
    const klass = await h.db.class.findFirstOrThrow({ where: { name: '三年级一班' } });
    const names = Array.from({ length: 70 }, (_, i) => `学生${String(i + 1).padStart(2, '0')}`);
    await h.db.child.createMany({ data: names.map((name, i) => ({ name, schoolId: klass.schoolId, classId: klass.id, archivedAt: i >= 65 ? new Date('2026-07-01T00:00:00Z') : null })) });
    await admin.send('/export');
    await admin.press('某个孩子的书信（含内容）');
    const first = (await admin.press('三年级一班')).at(-1)!;
    expect(first.buttons.flat()).toHaveLength(61);
    expect(first.buttons.at(-1)).toEqual(['下一页 ›']);
    expect(first.buttons[0]).toEqual(['学生01', '学生02', '学生03']);
    expect(first.buttons.at(-2)).toEqual(['学生58', '学生59', '学生60']);
    const second = (await admin.press('下一页 ›')).at(-1)!;
    expect(second.buttons).toEqual([
      ['学生61', '学生62', '学生63'],
      ['学生64', '学生65', '王小明'],
      ['学生66（已归档）', '学生67（已归档）', '学生68（已归档）'],
      ['学生69（已归档）', '学生70（已归档）'],
      ['‹ 上一页'],
    ]);
    expect((await admin.press('学生70（已归档）')).at(-1)?.text).toBe('学生70还没有书信，没有可导出的内容。');
    expect(h.callsOf('sendDocument')).toHaveLength(0);
  });

  it('exports nothing when the admin cancels', async () => {
    const { admin } = await school();
    await admin.send('/export');
    await admin.press('某个孩子的书信（含内容）');
    await admin.press('三年级一班');
    await admin.press('王小明');
    expect((await admin.press('取消')).map((r) => [r.method, r.text])).toEqual([
      ['answerCallbackQuery', undefined],
      ['editMessageText', '已取消，没有导出。'],
    ]);
    expect(h.callsOf('sendDocument')).toHaveLength(0);
    expect(await h.db.auditLog.count({ where: { action: 'export.letterContent' } })).toBe(0);
  });

  it("refuses an admin who forges another school's child or class with the usual refusal, and logs it", async () => {
    const { admin, adminId, childId, motherId } = await school();
    const { strangerId, otherClassId } = await moreLetters(childId, motherId);
    for (const data of [`exl:y:${strangerId}`, `exl:c:${strangerId}`, `exl:k:${otherClassId}`, 'exl:y:999999']) {
      expect((await admin.pressData(data)).map((r) => [r.method, r.text])).toEqual([['answerCallbackQuery', REFUSED]]);
    }
    expect(h.callsOf('sendDocument')).toHaveLength(0);
    const refused = await h.db.auditLog.findMany({ where: { actorId: adminId, action: 'access.refused' }, orderBy: { id: 'asc' } });
    expect(refused.map((a) => [a.entity, a.entityId])).toEqual([
      ['Child', strangerId],
      ['Child', strangerId],
      ['Class', otherClassId],
      ['Child', 999999],
    ]);
    expect(await h.db.auditLog.count({ where: { action: 'export.letterContent' } })).toBe(0);
  });

  it("refuses the child's class teacher and parent, who may read the child's file but are not admins", async () => {
    const { teacher, mother, childId } = await school();
    for (const user of [teacher, mother]) {
      expect((await user.pressData(`exl:y:${childId}`)).map((r) => [r.method, r.text])).toEqual([['answerCallbackQuery', REFUSED]]);
      expect((await user.pressData('exl:k')).map((r) => [r.method, r.text])).toEqual([['answerCallbackQuery', REFUSED]]);
    }
    expect(h.callsOf('sendDocument')).toHaveLength(0);
    expect(await h.db.auditLog.count({ where: { action: 'access.refused' } })).toBe(4);
    expect(await h.db.auditLog.count({ where: { action: 'export.letterContent' } })).toBe(0);
  });
});
