import type { Db } from '../../src/db/client.js';
import type { Prisma } from '../../src/db/generated/client.js';
import type { Relation } from '../../src/db/generated/enums.js';
import { onTelegram } from './accounts.js';

/** Which school and class to create, and where to keep the ids of what is seeded into it. */
export interface SeedOptions {
  name?: string;
  timezone?: string;
  className?: string;
  /** The record the seeded rows' ids are written into by key; a test file usually keeps it at module level. */
  ids?: Record<string, number>;
}

/** Where a staff member works: `classTeacher` puts them in the seeded class unless `classId` says otherwise. */
export interface MemberOptions {
  classId?: number;
  classTeacher?: boolean;
}

/** When the guardian consented, and as what; the role follows from the relation unless given. */
export interface LinkOptions {
  role?: 'PARENT' | 'GUARDIAN';
  consentedAt?: Date;
}

type UserExtra = Omit<Prisma.UserUncheckedCreateInput, 'accounts' | 'displayName' | 'languageCode'>;
type ChildExtra = Omit<Prisma.ChildUncheckedCreateInput, 'schoolId' | 'name'>;

/** A seeded school with one class; each method writes one row at once, so rows get their ids in call order. */
export interface SeededSchool {
  schoolId: number;
  classId: number;
  ids: Record<string, number>;
  /** Creates a user with a Telegram account and keeps their id under `key`. */
  user(key: string, telegramId: number | bigint, displayName: string, languageCode: string, extra?: UserExtra): Promise<number>;
  /** Makes the user under `key` staff of the school. */
  member(key: string, role: 'ADMIN' | 'KEEPER' | 'TEACHER', options?: MemberOptions): Promise<void>;
  /** Creates a child in the seeded class (or `extra.classId`) and keeps their id under `key`. */
  child(key: string, name: string, extra?: ChildExtra): Promise<number>;
  /** Makes the teacher under `teacherKey` the paired teacher of the child under `childKey`. */
  pair(teacherKey: string, childKey: string): Promise<void>;
  /** Links a parent (mother or father) or a guardian (anyone else) to a child, consenting on 1 November 2026 unless told. */
  link(userKey: string, childKey: string, relation: Relation, options?: LinkOptions): Promise<void>;
}

/** Seeds the school most chat tests start from ('希望中学' in Shanghai, class '七年级二班'), so each test lists only its people. */
export async function seedSchool(db: Db, options: SeedOptions = {}): Promise<SeededSchool> {
  const { name = '希望中学', timezone = 'Asia/Shanghai', className = '七年级二班', ids = {} } = options;
  const schoolId = (await db.school.create({ data: { name, timezone } })).id;
  const classId = (await db.class.create({ data: { schoolId, name: className } })).id;
  const idOf = (key: string): number => {
    const id = ids[key];
    if (id === undefined) throw new Error(`nothing seeded under "${key}"`);
    return id;
  };
  return {
    schoolId,
    classId,
    ids,
    async user(key, telegramId, displayName, languageCode, extra = {}) {
      return (ids[key] = (await db.user.create({ data: { accounts: onTelegram(telegramId), displayName, languageCode, ...extra } })).id);
    },
    async member(key, role, { classId: memberClassId, classTeacher } = {}) {
      const inClass = memberClassId ?? (classTeacher ? classId : undefined);
      await db.membership.create({ data: { userId: idOf(key), role, schoolId, classId: inClass, classTeacher } });
    },
    async child(key, childName, extra = {}) {
      return (ids[key] = (await db.child.create({ data: { schoolId, classId, name: childName, ...extra } })).id);
    },
    async pair(teacherKey, childKey) {
      await db.pairing.create({ data: { teacherId: idOf(teacherKey), childId: idOf(childKey) } });
    },
    async link(userKey, childKey, relation, options = {}) {
      const role = options.role ?? (relation === 'MOTHER' || relation === 'FATHER' ? 'PARENT' : 'GUARDIAN');
      const consentedAt = options.consentedAt ?? new Date('2026-11-01');
      await db.guardianLink.create({ data: { userId: idOf(userKey), childId: idOf(childKey), relation, role, consentedAt } });
    },
  };
}
