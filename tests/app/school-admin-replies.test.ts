import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 赵校长 runs the school; 李老师 teaches 七年级二班 and is paired with 王小明; 王芳 has joined but is linked to no child. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school } = world;
const english = () => translations.translatorFor('en');

beforeAll(async () => {
  await school.user('admin', 9201, '赵校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('teacher', 9202, '李老师', 'zh-hans');
  await school.member('teacher', 'TEACHER', { classTeacher: true });
  await school.user('mother', 9203, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.pair('teacher', 'ming');
});
afterAll(world.close);

describe('school setup answers in words and choices', () => {
  it('dates added are counted, listed with a remove choice each, and removed with a notice and the list as it is now', async () => {
    const { added, reply } = await app.schoolAdmin.addSchoolDates(as('admin'), school.schoolId, [{ date: '2026-12-20', title: '家长会' }]);
    expect(added).toBe(1);
    expect(reply).toEqual({ words: { key: 'calendar.dates.saved', values: { count: 1, days: 3 } }, choices: [] });
    const [dates] = await app.schoolAdmin.schoolDates(as('admin'));
    const dateId = (await db.schoolDate.findFirstOrThrow()).id;
    expect(dates!.choices).toEqual([
      [{ label: { key: 'calendar.dates.add' }, action: { name: 'dates.add', schoolId: school.schoolId } }],
      [{ label: { key: 'schoolYear.open' }, action: { name: 'dates.year', schoolId: school.schoolId } }],
      [{ label: expect.objectContaining({ key: 'calendar.dates.remove' }), action: { name: 'dates.remove', dateId } }],
    ]);
    expect(say(english(), dates!.words)).toContain('家长会');
    const removed = await app.schoolAdmin.removeSchoolDate(as('admin'), dateId);
    expect(removed.notice).toEqual({ key: 'calendar.dates.removed' });
    expect(say(english(), removed.reply!.words)).not.toContain('家长会');
  });

  it('a term is asked for with an example from a week ahead, and once added the year lists it with a remove choice', async () => {
    const asked = await app.schoolAdmin.askPeriod(as('admin'), school.schoolId, 'TERM');
    expect(asked.example).toBe('2026-12-09 2027-01-05');
    expect(asked.reply.words).toEqual({ key: 'schoolYear.askTerm', values: { example: '2026-12-09 2027-01-05' } });
    const added = await app.schoolAdmin.addPeriod(as('admin'), school.schoolId, { kind: 'TERM', title: '冬季学期', startsOn: '2026-12-09', endsOn: '2027-01-05' });
    expect(added.reply.words).toMatchObject({ key: 'schoolYear.saved', values: { title: '冬季学期' } });
    expect(added.year.choices).toContainEqual([{ label: { key: 'schoolYear.remove', values: { title: '冬季学期' } }, action: { name: 'dates.removePeriod', periodId: added.period.id } }]);
  });

  it('another school\'s dates are refused as a reason, not text', async () => {
    await expect(app.schoolAdmin.year(as('teacher'), school.schoolId)).rejects.toMatchObject({ reason: 'forbidden' });
    await expect(app.schoolAdmin.datesOf(as('admin'), school.schoolId + 1000)).rejects.toMatchObject({ reason: 'forbidden' });
  });

  it('a class is created with its name said back; /classes offers each class and "add"', async () => {
    const { class: created, reply } = await app.schoolAdmin.createClass(as('admin'), school.schoolId, '八年级一班');
    expect(reply.words).toEqual({ key: 'classes.created', values: { name: '八年级一班' } });
    const menu = await app.schoolAdmin.classes(as('admin'));
    expect(menu.choices).toEqual([
      [
        { label: { text: '七年级二班' }, action: { name: 'class.view', classId: school.classId } },
        { label: { text: '八年级一班' }, action: { name: 'class.view', classId: created.id } },
      ],
      [{ label: { key: 'classes.add' }, action: { name: 'class.add', schoolId: school.schoolId } }],
    ]);
  });

  it('taking the teacher role away says which pairing ends, and removing it ends the pairing', async () => {
    const question = await app.schoolAdmin.removalPreview(as('admin'), school.schoolId, ids.teacher!, 'TEACHER');
    expect(question.choices).toEqual([
      [
        { label: { key: 'staff.confirm.yes' }, action: { name: 'staff.removeYes', schoolId: school.schoolId, userId: ids.teacher, role: 'TEACHER' } },
        { label: { key: 'staff.confirm.no' }, action: { name: 'staff.removeNo' } },
      ],
    ]);
    expect(say(english(), question.words)).toContain('王小明');
    const { reply } = await app.schoolAdmin.removeStaffRole(as('admin'), school.schoolId, ids.teacher!, 'TEACHER');
    expect(reply.words).toMatchObject({ join: [{ key: 'staff.removed' }, { key: 'staff.pairingsEnded' }] });
    expect(await db.pairing.count({ where: { teacherId: ids.teacher! } })).toBe(0);
  });

  it('an admin\'s own roles offer no remove choice, and removing them is refused', async () => {
    const own = await app.schoolAdmin.staffMember(as('admin'), school.schoolId, ids.admin!);
    expect(own.choices).toEqual([]);
    await expect(app.schoolAdmin.removalPreview(as('admin'), school.schoolId, ids.admin!, 'ADMIN')).rejects.toMatchObject({ reason: 'staff:self' });
  });
});

describe('children and invitations answer in words and choices', () => {
  it('a child added offers to invite the family or open the file; the file offers what the admin may do', async () => {
    const { child, reply } = await app.children.add(as('admin'), school.classId, {
      name: '陈小红',
      birthday: new Date('2015-03-05'),
      parentsAway: 'MOTHER',
      workCity: null,
      guardianName: '陈奶奶',
      guardianRelation: 'GRANDPARENT',
      guardianPhone: '13800138000',
      boarding: true,
      notes: null,
    });
    expect(reply).toEqual({
      words: { key: 'childForm.saved', values: { name: '陈小红' } },
      choices: [
        [
          { label: { key: 'childFile.inviteFamily' }, action: { name: 'invite.familyChild', childId: child.id } },
          { label: { key: 'childFile.open' }, action: { name: 'child.view', childId: child.id } },
        ],
      ],
    });
    const file = await app.children.file(as('admin'), child.id);
    expect(file.choices.flat().map((choice) => choice.action.name)).toEqual(['child.edit', 'child.history', 'invite.familyChild', 'child.pair', 'child.archive']);
    const card = say(translations.translatorFor('zh-CN'), file.blocks[0]!);
    expect(card).toContain('陈小红');
    expect(card).toContain('13800138000');
  });

  it('a changed field shows in the history, and a bad answer is refused by reason', async () => {
    const { reply } = await app.children.updateField(as('admin'), ids.ming!, 'workCity', '深圳');
    expect(reply.choices).toEqual([[{ label: { key: 'childFile.open' }, action: { name: 'child.view', childId: ids.ming } }]]);
    const history = await app.children.history(as('admin'), ids.ming!);
    expect(history.lines).toHaveLength(1);
    expect(say(english(), history.lines[0]!)).toContain('深圳');
    await expect(app.children.updateField(as('admin'), ids.ming!, 'birthday', 'tomorrow')).rejects.toMatchObject({ reason: 'invalid:birthday' });
  });

  it('an invitation\'s reply holds the link the channel built; the invitee sees who invites whom, and joining welcomes the family', async () => {
    const issued = await app.invites.issue(as('admin'), { role: 'FAMILY', childId: ids.ming!, relation: 'MOTHER' }, (code) => `https://example.test/join/${code}`);
    expect(issued.link).toBe(`https://example.test/join/${issued.invite.code}`);
    expect(issued.reply.words).toMatchObject({ key: 'invites.ready', values: { link: issued.link } });
    const preview = await app.invites.preview(as('mother'), issued.invite.code);
    expect(preview.choices).toEqual([
      [
        { label: { key: 'join.agree' }, action: { name: 'join.agree', code: issued.invite.code } },
        { label: { key: 'join.decline' }, action: { name: 'join.decline' } },
      ],
    ]);
    expect(say(english(), preview.words)).toContain('王小明');
    const { reply } = await app.invites.join(as('mother'), issued.invite.code);
    expect(reply.words).toEqual({ key: 'join.joinedFamily', values: { child: '王小明' } });
    expect(await db.guardianLink.count({ where: { userId: ids.mother!, childId: ids.ming! } })).toBe(1);
  });

  it('the issuer\'s list offers "withdraw" only for pending invitations', async () => {
    await app.invites.issue(as('admin'), { role: 'KEEPER', schoolId: school.schoolId }, (code) => code);
    const issued = await app.invites.issued(as('admin'));
    if ('reply' in issued) throw new Error('expected invitations');
    expect(issued.entries.map((entry) => entry.revoke?.action.name)).toEqual(['invite.revoke', undefined]);
    expect(await app.invites.issued(as('mother'))).toEqual({ reply: { words: { key: 'invites.noneIssued' }, choices: [] } });
  });
});

describe('what a channel needs around roles and forms', () => {
  it('joining says which roles the person now holds, for their menu', async () => {
    await school.user('keeper', 9204, '张阿姨', 'zh-hans');
    const issued = await app.invites.issue(as('admin'), { role: 'KEEPER', schoolId: school.schoolId }, (code) => code);
    const joined = await app.invites.join(as('keeper'), issued.invite.code);
    expect(joined.roles).toEqual(['KEEPER']);
  });

  it('a person\'s command menu is read with their address, roles and language; nobody on the channel has none', async () => {
    expect(await app.schoolAdmin.commandMenuOf(as('admin'), 'telegram')).toEqual({ address: '9201', roles: ['ADMIN'], locale: null, languageCode: 'zh-hans' });
    const offline = await db.user.create({ data: { displayName: '没有账号' } });
    expect(await app.schoolAdmin.commandMenuOf({ userId: offline.id }, 'telegram')).toBeNull();
  });

  it('/addchild offers the admin\'s classes, and tells someone with none', async () => {
    const classes = await db.class.findMany({ where: { schoolId: school.schoolId }, select: { id: true } });
    const addable = await app.children.classesToAddTo(as('admin'));
    if ('reply' in addable) throw new Error('an admin may add a child');
    expect(addable.classes.map((each) => each.id).sort()).toEqual(classes.map((each) => each.id).sort());
    expect(await app.children.classesToAddTo(as('mother'))).toEqual({ reply: { words: { key: 'childForm.noClass' }, choices: [] } });
  });
});
