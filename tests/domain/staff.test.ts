import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { seedSchool } from '../helpers/seed.js';

let db: Db;
let domain: Domain;
let schoolId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db);
  const s = await seedSchool(db, { ids });
  schoolId = s.schoolId;
  await s.user('a', 301, 'Admin A', 'en');
  await s.user('b', 302, 'Admin B', 'en');
  await s.user('teacher', 303, 'Teacher', 'en');
  await s.member('a', 'ADMIN');
  await s.member('b', 'ADMIN');
  await s.member('teacher', 'TEACHER');
});
afterAll(() => db.$disconnect());

const reason = (promise: Promise<unknown>) => promise.then(() => 'done', (error: unknown) => (error instanceof DomainError ? error.reason : 'fault'));

describe('removing staff roles', () => {
  it('only an admin of the school may list or remove, and callback data naming no role is refused', async () => {
    expect(await reason(domain.staff.staffOf({ userId: ids.teacher! }, schoolId))).toBe('forbidden');
    expect(await reason(domain.staff.removeRole({ userId: ids.teacher! }, schoolId, ids.a!, 'ADMIN'))).toBe('forbidden');
    expect(await reason(domain.staff.removeRole({ userId: ids.a! }, Number.NaN, ids.teacher!, 'TEACHER'))).toBe('forbidden');
    expect(await reason(domain.staff.removeRole({ userId: ids.a! }, schoolId, ids.teacher!, 'PARENT' as 'TEACHER'))).toBe('forbidden');
    expect(await db.membership.count({ where: { schoolId } })).toBe(3);
  });

  it('two admins removing each other at once leave the school one admin', async () => {
    const outcomes = await Promise.all([
      reason(domain.staff.removeRole({ userId: ids.a! }, schoolId, ids.b!, 'ADMIN')),
      reason(domain.staff.removeRole({ userId: ids.b! }, schoolId, ids.a!, 'ADMIN')),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'staff:lastAdmin' || outcome === 'forbidden')).toHaveLength(1);
    expect(await db.membership.count({ where: { schoolId, role: 'ADMIN' } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: 'membership.removed' } })).toBe(1);
  });
});
