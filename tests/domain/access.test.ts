import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { ChildAction } from '../../src/domain/access.js';
import { DomainError } from '../../src/domain/errors.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let domain: Domain;
const people: Record<string, number> = {};
const children: Record<string, number> = {};

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db);
  const schoolA = await db.school.create({ data: { name: 'A', timezone: 'Asia/Shanghai' } });
  const schoolB = await db.school.create({ data: { name: 'B', timezone: 'Asia/Shanghai' } });
  const a1 = await db.class.create({ data: { schoolId: schoolA.id, name: 'A1' } });
  const a2 = await db.class.create({ data: { schoolId: schoolA.id, name: 'A2' } });
  const b1 = await db.class.create({ data: { schoolId: schoolB.id, name: 'B1' } });
  const child = (name: string, schoolId: number, classId: number, parentsAway: 'BOTH' | 'NONE') =>
    db.child.create({ data: { name, schoolId, classId, parentsAway, guardianName: 'G', guardianRelation: 'GRANDPARENT', guardianPhone: '13800138000' } });
  children.X = (await child('X', schoolA.id, a1.id, 'BOTH')).id;
  children.Z = (await child('Z', schoolA.id, a2.id, 'NONE')).id;
  children.W = (await child('W', schoolB.id, b1.id, 'BOTH')).id;
  let telegramId = 100;
  const person = async (name: string) => (people[name] = (await db.user.create({ data: { accounts: onTelegram(telegramId++), displayName: name } })).id);
  await person('adminA');
  await db.membership.create({ data: { userId: people.adminA!, role: 'ADMIN', schoolId: schoolA.id } });
  await person('classTeacherA1');
  await db.membership.create({ data: { userId: people.classTeacherA1!, role: 'TEACHER', schoolId: schoolA.id, classId: a1.id, classTeacher: true } });
  await person('subjectTeacherA1');
  await db.membership.create({ data: { userId: people.subjectTeacherA1!, role: 'TEACHER', schoolId: schoolA.id, classId: a1.id } });
  await person('pairedTeacherOfZ');
  await db.membership.create({ data: { userId: people.pairedTeacherOfZ!, role: 'TEACHER', schoolId: schoolA.id } });
  await db.pairing.create({ data: { teacherId: people.pairedTeacherOfZ!, childId: children.Z! } });
  await person('keeperA');
  await db.membership.create({ data: { userId: people.keeperA!, role: 'KEEPER', schoolId: schoolA.id } });
  await person('parentOfX');
  await db.guardianLink.create({ data: { userId: people.parentOfX!, childId: children.X!, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date() } });
  await person('adminB');
  await db.membership.create({ data: { userId: people.adminB!, role: 'ADMIN', schoolId: schoolB.id } });
  await person('stranger');
  for (const [name, schoolId] of [['spareTeacherA', schoolA.id], ['spareTeacherB', schoolB.id]] as const) {
    await person(name);
    await db.membership.create({ data: { userId: people[name]!, role: 'TEACHER', schoolId } });
  }
});
afterAll(() => db.$disconnect());

const ALL: ChildAction[] = ['read', 'readContact', 'edit', 'archive', 'pair', 'inviteFamily'];
const TEACHING: ChildAction[] = ['read', 'readContact', 'edit', 'inviteFamily'];
const LOOKING: ChildAction[] = ['read', 'readContact'];

/** Who may do what with which child: rule 7 of the school setup issue. */
const matrix: Record<string, Record<string, ChildAction[]>> = {
  adminA: { X: ALL, Z: ALL, W: [] },
  classTeacherA1: { X: ALL, Z: [], W: [] },
  subjectTeacherA1: { X: TEACHING, Z: [], W: [] },
  pairedTeacherOfZ: { X: [], Z: TEACHING, W: [] },
  keeperA: { X: LOOKING, Z: [], W: [] },
  parentOfX: { X: LOOKING, Z: [], W: [] },
  adminB: { X: [], Z: [], W: ALL },
  stranger: { X: [], Z: [], W: [] },
};

/** Tries one action through the domain; true when allowed, false when refused as forbidden. */
async function attempt(who: string, childName: string, action: ChildAction): Promise<boolean> {
  const actor = { userId: people[who]! };
  const childId = children[childName]!;
  const run: Record<ChildAction, () => Promise<unknown>> = {
    read: () => domain.children.childFile(actor, childId),
    readContact: async () => {
      if ((await domain.children.childFile(actor, childId)).contact === null) throw new DomainError('forbidden');
    },
    edit: () => domain.children.updateChildField(actor, childId, 'notes', `note by ${who}`),
    archive: async () => {
      await domain.children.archiveChild(actor, childId);
      await db.child.update({ where: { id: childId }, data: { archivedAt: null } });
    },
    pair: async () => {
      const before = await db.pairing.findUnique({ where: { childId } });
      const spare = people[childName === 'W' ? 'spareTeacherB' : 'spareTeacherA']!;
      await domain.children.pairTeacher(actor, childId, spare);
      if (before) await db.pairing.update({ where: { childId }, data: { teacherId: before.teacherId } });
      else await db.pairing.delete({ where: { childId } });
    },
    inviteFamily: () => domain.invites.issueInvite(actor, { role: 'FAMILY', childId, relation: 'FATHER' }),
  };
  try {
    await run[action]();
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.reason === 'forbidden') return false;
    throw error;
  }
}

describe('the authorization matrix', () => {
  for (const [who, row] of Object.entries(matrix)) {
    for (const [childName, allowed] of Object.entries(row)) {
      it(`${who} on child ${childName}: may ${allowed.join(', ') || 'nothing'}`, async () => {
        const outcome: ChildAction[] = [];
        for (const action of ALL) if (await attempt(who, childName, action)) outcome.push(action);
        expect(outcome).toEqual(allowed);
      });
    }
  }

  it('lists to each person exactly the children they may read', async () => {
    const visible = async (who: string) => (await domain.children.listChildren({ userId: people[who]! })).map((c) => c.name).sort();
    expect(await visible('adminA')).toEqual(['X', 'Z']);
    expect(await visible('classTeacherA1')).toEqual(['X']);
    expect(await visible('pairedTeacherOfZ')).toEqual(['Z']);
    expect(await visible('keeperA')).toEqual(['X']);
    expect(await visible('parentOfX')).toEqual(['X']);
    expect(await visible('adminB')).toEqual(['W']);
    expect(await visible('stranger')).toEqual([]);
  });

  it('writes every refusal to the audit log, and a child id that does not exist is refused the same way', async () => {
    const before = await db.auditLog.count({ where: { action: 'access.refused' } });
    await expect(domain.children.childFile({ userId: people.parentOfX! }, children.W!)).rejects.toThrow('forbidden');
    await expect(domain.children.childFile({ userId: people.parentOfX! }, 999_999)).rejects.toThrow('forbidden');
    const refusals = await db.auditLog.findMany({ where: { action: 'access.refused' }, orderBy: { id: 'asc' }, skip: before });
    expect(refusals.map((r) => [r.actorId, r.entityId, r.details])).toEqual([
      [people.parentOfX, children.W, '{"attempted":"read"}'],
      [people.parentOfX, 999_999, '{"attempted":"read"}'],
    ]);
  });

  it('writes reading a contact card to the audit log', async () => {
    await domain.children.childFile({ userId: people.keeperA! }, children.X!);
    const entry = await db.auditLog.findFirst({ where: { action: 'child.contact.read', actorId: people.keeperA! } });
    expect(entry?.entityId).toBe(children.X);
  });
});

describe('a pairing without a current role', () => {
  it('gives a former teacher nothing: the file, the list and a concern follow-up are refused', async () => {
    const former = (await db.user.create({ data: { accounts: onTelegram(190n), displayName: 'formerTeacher' } })).id;
    const concern = await domain.updates.createUpdate({ userId: people.classTeacherA1! }, {
      target: { childIds: [children.X!] },
      category: 'HEALTH',
      text: 'fever',
      media: [],
      concern: true,
      urgent: false,
    });
    await db.pairing.create({ data: { teacherId: former, childId: children.X! } });
    const actor = { userId: former };
    await expect(domain.children.childFile(actor, children.X!)).rejects.toThrow('forbidden');
    expect(await domain.children.listChildren(actor)).toEqual([]);
    await expect(domain.updates.logFollowUp(actor, concern.id, children.X!, 'CALL')).rejects.toThrow('forbidden');
    await db.pairing.delete({ where: { childId: children.X! } });
  });
});
