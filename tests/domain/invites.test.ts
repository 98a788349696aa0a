import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Relation } from '../../src/db/generated/enums.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import { hashInviteCode, newInviteCode, normalizeInviteCode } from '../../src/domain/invite-codes.js';
import { WRONG_CODES_PER_HOUR } from '../../src/domain/invites.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The unambiguous alphabet: no 0/O, 1/I/L. */
const CODE_SHAPE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/;

let db: Db;
let domain: Domain;
/** The domain's clock; tests only ever move it forward. */
let now = Date.parse('2026-12-01T02:00:00Z');
const clock = () => new Date(now);

let ids: Awaited<ReturnType<typeof seed>>;

/** Two schools: 希望中学 with two classes, an admin, two teachers and four children; 光明中学 with its own admin and a child. */
async function seed() {
  const school = await db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const other = await db.school.create({ data: { name: '光明中学', timezone: 'Asia/Shanghai' } });
  const classA = await db.class.create({ data: { schoolId: school.id, name: '七年级一班' } });
  const classB = await db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  const otherClass = await db.class.create({ data: { schoolId: other.id, name: '八年级一班' } });

  const admin = await db.user.create({ data: { accounts: onTelegram(9001n), displayName: '张校长' } });
  const otherAdmin = await db.user.create({ data: { accounts: onTelegram(9002n), displayName: '王校长' } });
  const teacher = await db.user.create({ data: { accounts: onTelegram(9003n), displayName: '刘老师' } });
  const teacherB = await db.user.create({ data: { accounts: onTelegram(9004n), displayName: '陈老师' } });
  await db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: school.id } });
  await db.membership.create({ data: { userId: otherAdmin.id, role: 'ADMIN', schoolId: other.id } });
  await db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: classA.id } });
  await db.membership.create({ data: { userId: teacherB.id, role: 'TEACHER', schoolId: school.id, classId: classB.id, classTeacher: true } });

  const inClass = await db.child.create({ data: { schoolId: school.id, classId: classA.id, name: '李小明' } });
  const paired = await db.child.create({ data: { schoolId: school.id, classId: classB.id, name: '赵小红' } });
  await db.pairing.create({ data: { teacherId: teacher.id, childId: paired.id } });
  const outside = await db.child.create({ data: { schoolId: school.id, classId: classB.id, name: '王芳' } });
  const archived = await db.child.create({ data: { schoolId: school.id, classId: classA.id, name: '孙小军', archivedAt: new Date('2026-11-01T00:00:00Z') } });
  const otherChild = await db.child.create({ data: { schoolId: other.id, classId: otherClass.id, name: '周小刚' } });

  return {
    school: school.id,
    other: other.id,
    classA: classA.id,
    classB: classB.id,
    otherClass: otherClass.id,
    admin: { userId: admin.id },
    otherAdmin: { userId: otherAdmin.id },
    teacher: { userId: teacher.id },
    teacherB: { userId: teacherB.id },
    inClass: inClass.id,
    paired: paired.id,
    outside: outside.id,
    archived: archived.id,
    otherChild: otherChild.id,
  };
}

let nextTelegramId = 20_000;
/** Someone who opened the bot to join: a fresh user with their own Telegram id. */
async function newcomer(name = 'newcomer') {
  const user = await db.user.create({ data: { accounts: onTelegram(nextTelegramId++), displayName: name } });
  return { userId: user.id };
}

/** The reason a domain call was refused with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { reason?: string }).reason ?? `not a refusal: ${String(error)}`;
  }
  return 'not refused';
}

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db, { clock, inviteTtlDays: 14 });
  ids = await seed();
});
afterAll(() => db.$disconnect());

describe('invitation codes', () => {
  it('are 12 characters from the unambiguous alphabet and differ each time', async () => {
    const codes = await Promise.all(
      Array.from({ length: 20 }, () => domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school })),
    );
    for (const { code } of codes) {
      expect(code).toMatch(CODE_SHAPE);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(new Set(codes.map((each) => each.code)).size).toBe(codes.length);

    const many = Array.from({ length: 2000 }, () => newInviteCode());
    expect(many.every((code) => CODE_SHAPE.test(code))).toBe(true);
    expect(new Set(many).size).toBe(many.length);
    expect(new Set(many.join('')).size).toBe(31);
  });

  it('are stored only as their sha256 hash', async () => {
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.school, classId: ids.classA, classTeacher: true });
    const row = await db.invite.findUniqueOrThrow({ where: { id: issued.id } });
    const expected = createHash('sha256').update(issued.code).digest('hex');
    expect(row.codeHash).toBe(expected);
    expect(row.codeHash).toBe(hashInviteCode(issued.code));
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const [raw] = await db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Invite" WHERE id = ?', issued.id);
    expect(raw).toBeDefined();
    const columns = Object.values(raw!).map((value) => String(value).toUpperCase());
    expect(columns.length).toBeGreaterThan(5);
    for (const value of columns) expect(value).not.toContain(issued.code);

    const audit = await db.auditLog.findMany({ where: { entity: 'Invite', entityId: issued.id } });
    expect(audit.map((entry) => entry.action)).toEqual(['invite.created']);
    for (const entry of audit) expect(JSON.stringify(entry).toUpperCase()).not.toContain(issued.code);
  });

  it('are accepted in lower case and with spaces or dashes, as people type them', async () => {
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    const { code } = issued;
    const grouped = `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`;
    const dashed = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
    expect(normalizeInviteCode(` ${grouped.toLowerCase()} `)).toBe(code);
    expect(hashInviteCode(dashed.toLowerCase())).toBe(hashInviteCode(code));

    const keeper = await newcomer();
    for (const typed of [code.toLowerCase(), grouped, dashed, ` ${dashed.toLowerCase()}\n`]) {
      const preview = await domain.invites.previewInvite(keeper, typed);
      expect(preview).toMatchObject({ role: 'KEEPER', schoolName: '希望中学', inviterName: '张校长' });
    }
    await domain.invites.acceptInvite(keeper, grouped.toLowerCase().replace(' ', '-'));
    expect(await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ usedById: keeper.userId });
    expect(await db.inviteFailure.count({ where: { userId: keeper.userId } })).toBe(0);
  });
});

describe('expiry', () => {
  it('is valid until the TTL has passed, and refused as expired after', async () => {
    const issuedAt = now;
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.school, classId: ids.classA });
    expect(issued.expiresAt).toBe(new Date(issuedAt + 14 * DAY).toISOString());

    const early = await newcomer();
    now = issuedAt + 14 * DAY - MINUTE;
    expect(await domain.invites.previewInvite(early, issued.code)).toMatchObject({ role: 'TEACHER', className: '七年级一班' });

    const late = await newcomer();
    now = issuedAt + 14 * DAY + MINUTE;
    expect(await refusal(domain.invites.previewInvite(late, issued.code))).toBe('invite:expired');
    expect(await refusal(domain.invites.acceptInvite(late, issued.code))).toBe('invite:expired');
    expect(await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ usedAt: null, usedById: null });
    expect(await db.membership.count({ where: { userId: late.userId } })).toBe(0);

    const [listed] = await domain.invites.invitesIssuedBy(ids.admin);
    expect(listed).toMatchObject({ id: issued.id, status: 'expired' });
  });

  it('has a configurable time to live', async () => {
    const shortLived = createDomain(db, { clock, inviteTtlDays: 3 });
    const issuedAt = now;
    const issued = await shortLived.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    expect(issued.expiresAt).toBe(new Date(issuedAt + 3 * DAY).toISOString());
    const row = await db.invite.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.expiresAt.getTime()).toBe(issuedAt + 3 * DAY);

    const keeper = await newcomer();
    now = issuedAt + 3 * DAY - MINUTE;
    expect(await shortLived.invites.previewInvite(keeper, issued.code)).toMatchObject({ role: 'KEEPER' });
    now = issuedAt + 3 * DAY + MINUTE;
    expect(await refusal(shortLived.invites.acceptInvite(keeper, issued.code))).toBe('invite:expired');
    expect(await refusal(domain.invites.acceptInvite(keeper, issued.code))).toBe('invite:expired');
  });
});

describe('single use', () => {
  it('works once: the same person or another one is then told it was used', async () => {
    const issued = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'FATHER' });
    const father = await newcomer('李爸爸');
    await domain.invites.acceptInvite(father, issued.code);
    const row = await db.invite.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row).toMatchObject({ usedById: father.userId, usedAt: new Date(now), revokedAt: null });

    expect(await refusal(domain.invites.acceptInvite(father, issued.code))).toBe('invite:used');
    const stranger = await newcomer('someone else');
    expect(await refusal(domain.invites.previewInvite(stranger, issued.code))).toBe('invite:used');
    expect(await refusal(domain.invites.acceptInvite(stranger, issued.code))).toBe('invite:used');

    expect(await db.guardianLink.findMany({ where: { childId: ids.inClass }, select: { userId: true } })).toEqual([{ userId: father.userId }]);
    expect(await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ usedById: father.userId });
  });

  it('goes to only one of two people accepting at the same moment', async () => {
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    const [first, second] = [await newcomer('A'), await newcomer('B')];
    const results = await Promise.allSettled([domain.invites.acceptInvite(first, issued.code), domain.invites.acceptInvite(second, issued.code)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.map((result) => (result.reason as { reason?: string }).reason)).toEqual(['invite:used']);
    expect(await db.membership.count({ where: { role: 'KEEPER', userId: { in: [first.userId, second.userId] } } })).toBe(1);
  });

  it('is not used up when the person is already linked to the child', async () => {
    const mother = await newcomer('李妈妈');
    const first = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'MOTHER' });
    await domain.invites.acceptInvite(mother, first.code);
    const second = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'GRANDPARENT' });
    expect(await refusal(domain.invites.acceptInvite(mother, second.code))).toBe('invite:alreadyLinked');
    expect(await db.invite.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ usedAt: null, usedById: null });
    expect(await db.guardianLink.count({ where: { userId: mother.userId } })).toBe(1);
  });
});

describe('revocation', () => {
  it('by the issuer: the link is then refused as withdrawn, and it cannot be withdrawn twice', async () => {
    const issued = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'GRANDPARENT' });
    await domain.invites.revokeInvite(ids.teacher, issued.id);
    expect((await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).revokedAt).toEqual(new Date(now));
    expect(await db.auditLog.findFirst({ where: { action: 'invite.revoked', entityId: issued.id } })).toMatchObject({ actorId: ids.teacher.userId });

    const grandma = await newcomer('李奶奶');
    expect(await refusal(domain.invites.previewInvite(grandma, issued.code))).toBe('invite:revoked');
    expect(await refusal(domain.invites.acceptInvite(grandma, issued.code))).toBe('invite:revoked');
    expect(await db.guardianLink.count({ where: { userId: grandma.userId } })).toBe(0);

    expect(await refusal(domain.invites.revokeInvite(ids.teacher, issued.id))).toBe('invite:notPending');
    const listed = (await domain.invites.invitesIssuedBy(ids.teacher)).find((item) => item.id === issued.id);
    expect(listed?.status).toBe('revoked');
  });

  it('by an admin of the school, but not by another teacher or another school’s admin', async () => {
    const issued = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'MOTHER' });
    expect(await refusal(domain.invites.revokeInvite(ids.teacherB, issued.id))).toBe('forbidden');
    expect(await refusal(domain.invites.revokeInvite(ids.otherAdmin, issued.id))).toBe('forbidden');
    expect((await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).revokedAt).toBeNull();

    await domain.invites.revokeInvite(ids.admin, issued.id);
    expect((await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).revokedAt).toEqual(new Date(now));
    expect(await refusal(domain.invites.revokeInvite(ids.admin, issued.id))).toBe('invite:notPending');
  });

  it('is refused for a used invitation and for one that does not exist', async () => {
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    await domain.invites.acceptInvite(await newcomer(), issued.code);
    expect(await refusal(domain.invites.revokeInvite(ids.admin, issued.id))).toBe('invite:notPending');
    expect(await refusal(domain.invites.revokeInvite(ids.admin, 999_999))).toBe('forbidden');
    expect(await refusal(domain.invites.revokeInvite(ids.admin, Number.NaN))).toBe('forbidden');
  });
});

describe('the hourly limit on wrong codes', () => {
  it(`answers ${WRONG_CODES_PER_HOUR} wrong codes as unknown, refuses the next even when right, and lets it through after the hour`, async () => {
    expect(WRONG_CODES_PER_HOUR).toBe(5);
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.school, classId: ids.classB });
    const guesser = await newcomer('guesser');
    const wrong = ['ABCDEFGHJKMN', 'abcd-efgh-jkmp', '2345 6789 ABCD', 'not a code!', 'ZZZZZZZZZZZZ'];
    for (const code of wrong) {
      expect(await refusal(domain.invites.previewInvite(guesser, code))).toBe('invite:unknown');
    }
    expect(await db.inviteFailure.count({ where: { userId: guesser.userId } })).toBe(5);

    expect(await refusal(domain.invites.previewInvite(guesser, issued.code))).toBe('rateLimited');
    expect(await refusal(domain.invites.acceptInvite(guesser, issued.code))).toBe('rateLimited');
    expect(await db.membership.count({ where: { userId: guesser.userId } })).toBe(0);

    const neighbour = await newcomer('neighbour');
    expect(await domain.invites.previewInvite(neighbour, issued.code)).toMatchObject({ role: 'TEACHER', className: '七年级二班' });

    now += 59 * MINUTE;
    expect(await refusal(domain.invites.acceptInvite(guesser, issued.code))).toBe('rateLimited');
    now += 2 * MINUTE;
    expect(await domain.invites.previewInvite(guesser, issued.code)).toMatchObject({ role: 'TEACHER' });
    await domain.invites.acceptInvite(guesser, issued.code);
    expect(await db.membership.findMany({ where: { userId: guesser.userId }, select: { role: true, classId: true } })).toEqual([
      { role: 'TEACHER', classId: ids.classB },
    ]);
  });

  it('counts used, withdrawn and expired codes as wrong too, per person', async () => {
    const used = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    await domain.invites.acceptInvite(await newcomer(), used.code);
    const withdrawn = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    await domain.invites.revokeInvite(ids.admin, withdrawn.id);
    const fresh = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });

    const prober = await newcomer('prober');
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await refusal(domain.invites.previewInvite(prober, used.code))).toBe('invite:used');
    }
    expect(await refusal(domain.invites.previewInvite(prober, withdrawn.code))).toBe('invite:revoked');
    expect(await refusal(domain.invites.previewInvite(prober, 'WRONGCODE234'))).toBe('invite:unknown');
    expect(await refusal(domain.invites.previewInvite(prober, fresh.code))).toBe('rateLimited');

    const failures = await db.inviteFailure.findMany({ where: { userId: prober.userId } });
    expect(failures).toHaveLength(5);
    expect(failures.every((failure) => failure.createdAt.getTime() === now)).toBe(true);
    expect(await domain.invites.previewInvite(await newcomer('next door'), fresh.code)).toMatchObject({ role: 'KEEPER' });
  });
});

describe('who may invite whom', () => {
  it('an admin invites teachers and keepers of their own school only', async () => {
    const teacherInvite = await domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.school, classId: ids.classA, classTeacher: true });
    expect(await db.invite.findUniqueOrThrow({ where: { id: teacherInvite.id } })).toMatchObject({
      role: 'TEACHER',
      schoolId: ids.school,
      classId: ids.classA,
      classTeacher: true,
      createdById: ids.admin.userId,
      childId: null,
      relation: null,
    });
    const keeperInvite = await domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.school });
    expect(await db.invite.findUniqueOrThrow({ where: { id: keeperInvite.id } })).toMatchObject({ role: 'KEEPER', schoolId: ids.school, classId: null });

    const before = await db.invite.count();
    expect(await refusal(domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.other }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.admin, { role: 'KEEPER', schoolId: ids.other }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.admin, { role: 'TEACHER', schoolId: ids.school, classId: ids.otherClass }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.otherAdmin, { role: 'TEACHER', schoolId: ids.school, classId: ids.classA }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.teacher, { role: 'TEACHER', schoolId: ids.school }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.teacherB, { role: 'KEEPER', schoolId: ids.school }))).toBe('forbidden');
    expect(await db.invite.count()).toBe(before);
  });

  it('a teacher invites the family of a child in their class or paired with them, and no other', async () => {
    const own = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.inClass, relation: 'MOTHER' });
    expect(await db.invite.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({
      role: 'PARENT',
      relation: 'MOTHER',
      childId: ids.inClass,
      schoolId: ids.school,
      createdById: ids.teacher.userId,
    });
    const paired = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.paired, relation: 'GRANDPARENT' });
    expect(await db.invite.findUniqueOrThrow({ where: { id: paired.id } })).toMatchObject({ role: 'GUARDIAN', relation: 'GRANDPARENT', childId: ids.paired });

    const before = await db.invite.count();
    await db.auditLog.deleteMany({ where: { action: 'access.refused' } });
    for (const childId of [ids.outside, ids.otherChild]) {
      expect(await refusal(domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId, relation: 'MOTHER' }))).toBe('forbidden');
    }
    expect(await refusal(domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: 999_999, relation: 'FATHER' }))).toBe('forbidden');
    expect(await db.invite.count()).toBe(before);

    const refused = await db.auditLog.findMany({ where: { action: 'access.refused' }, orderBy: { id: 'asc' } });
    expect(refused.map(({ actorId, entity, entityId, details }) => ({ actorId, entity, entityId, details }))).toEqual([
      { actorId: ids.teacher.userId, entity: 'Child', entityId: ids.outside, details: JSON.stringify({ attempted: 'inviteFamily' }) },
      { actorId: ids.teacher.userId, entity: 'Child', entityId: ids.otherChild, details: JSON.stringify({ attempted: 'inviteFamily' }) },
      { actorId: ids.teacher.userId, entity: 'Child', entityId: 999_999, details: JSON.stringify({ attempted: 'inviteFamily' }) },
    ]);
  });

  it('an admin invites any family of their school; nobody invites for an archived child', async () => {
    const issued = await domain.invites.issueInvite(ids.admin, { role: 'FAMILY', childId: ids.outside, relation: 'FATHER' });
    expect(await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ role: 'PARENT', childId: ids.outside });
    expect(await refusal(domain.invites.issueInvite(ids.admin, { role: 'FAMILY', childId: ids.otherChild, relation: 'FATHER' }))).toBe('forbidden');
    expect(await refusal(domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.archived, relation: 'MOTHER' }))).toBe('archived');
  });
});

describe('accepting', () => {
  it.each<[Relation, 'PARENT' | 'GUARDIAN']>([
    ['MOTHER', 'PARENT'],
    ['FATHER', 'PARENT'],
    ['GRANDPARENT', 'GUARDIAN'],
    ['OTHER_GUARDIAN', 'GUARDIAN'],
  ])('a family invitation as %s links the person as %s with the time of consent', async (relation, role) => {
    now += MINUTE;
    const issued = await domain.invites.issueInvite(ids.teacher, { role: 'FAMILY', childId: ids.paired, relation });
    now += 5 * MINUTE;
    const person = await newcomer();
    const joined = await domain.invites.acceptInvite(person, issued.code);
    expect(joined).toMatchObject({ role, relation, childName: '赵小红', schoolName: '希望中学', inviterName: '刘老师' });

    const link = await db.guardianLink.findUniqueOrThrow({ where: { userId_childId: { userId: person.userId, childId: ids.paired } } });
    expect(link).toMatchObject({ role, relation, consentedAt: new Date(now) });
    expect(await db.invite.findUniqueOrThrow({ where: { id: issued.id } })).toMatchObject({ usedAt: new Date(now), usedById: person.userId });
    expect(await db.membership.count({ where: { userId: person.userId } })).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: 'invite.accepted', entityId: issued.id } })).toMatchObject({
      actorId: person.userId,
      details: JSON.stringify({ role }),
    });
  });

  it('a staff invitation makes the membership as invited', async () => {
    const cases = [
      { spec: { role: 'TEACHER', schoolId: ids.school, classId: ids.classA, classTeacher: true }, expected: { role: 'TEACHER', classId: ids.classA, classTeacher: true } },
      { spec: { role: 'TEACHER', schoolId: ids.school, classId: ids.classB, classTeacher: false }, expected: { role: 'TEACHER', classId: ids.classB, classTeacher: false } },
      { spec: { role: 'TEACHER', schoolId: ids.school }, expected: { role: 'TEACHER', classId: null, classTeacher: false } },
      { spec: { role: 'KEEPER', schoolId: ids.school }, expected: { role: 'KEEPER', classId: null, classTeacher: false } },
    ] as const;
    for (const { spec, expected } of cases) {
      const issued = await domain.invites.issueInvite(ids.admin, spec);
      const person = await newcomer();
      const joined = await domain.invites.acceptInvite(person, issued.code);
      expect(joined).toMatchObject({ role: expected.role, schoolName: '希望中学', childName: null, relation: null });
      const memberships = await db.membership.findMany({ where: { userId: person.userId }, select: { role: true, schoolId: true, classId: true, classTeacher: true } });
      expect(memberships).toEqual([{ ...expected, schoolId: ids.school }]);
      expect(await db.guardianLink.count({ where: { userId: person.userId } })).toBe(0);
    }
  });

  it('the operator’s first admin invitation makes a school admin', async () => {
    const issued = await domain.invites.issueAdminInvite(ids.other);
    const principal = await newcomer('周校长');
    expect(await domain.invites.previewInvite(principal, issued.code)).toMatchObject({ role: 'ADMIN', schoolName: '光明中学', inviterName: null });
    await domain.invites.acceptInvite(principal, issued.code);
    expect(await db.membership.findMany({ where: { userId: principal.userId }, select: { role: true, schoolId: true, classId: true } })).toEqual([
      { role: 'ADMIN', schoolId: ids.other, classId: null },
    ]);
  });
});
