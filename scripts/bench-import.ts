import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrations.js';
import { createChildImport } from '../src/domain/child-import.js';
import { onTelegram } from '../tests/helpers/accounts.js';

const LINES = 2000;
const HEADER = 'name,birthday,class,parents_away,work_city,guardian_name,guardian_relation,guardian_phone,boarding,notes';

/** A CSV of `count` distinct, valid children of one class, as a teacher would send it. */
function generateCsv(count: number, className: string): string {
  const birthYear = new Date().getUTCFullYear() - 12;
  const lines = Array.from({ length: count }, (_, i) => {
    const birthday = `${birthYear}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const phone = `138${String(i).padStart(8, '0')}`;
    return `Pupil ${i},${birthday},${className},both,Dongguan,Guardian ${i},grandmother,${phone},${i % 2 ? 'yes' : 'no'},"note ${i}, line"`;
  });
  return `\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`;
}

/** Times the import of a 2,000-line file into a fresh migrated database; the acceptance bar is 10 s. */
async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-bench-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  try {
    await applyPendingMigrations(databaseUrl);
    const db = await openDatabase(databaseUrl);
    const school = await db.school.create({ data: { name: 'Bench Middle School', timezone: 'Asia/Shanghai' } });
    const cls = await db.class.create({ data: { schoolId: school.id, name: 'Class 7-1' } });
    const teacher = await db.user.create({ data: { accounts: onTelegram(1), displayName: 'Bench Teacher' } });
    await db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: cls.id } });
    const csv = generateCsv(LINES, cls.name);

    const started = performance.now();
    const report = await createChildImport(db).importChildren({ userId: teacher.id }, csv);
    const ms = performance.now() - started;

    await db.$disconnect();
    if (report.errors.length > 0 || report.imported !== LINES) {
      throw new Error(`expected ${LINES} children imported, got ${report.imported} with ${report.errors.length} errors`);
    }
    console.log(`imported ${report.imported} lines in ${ms.toFixed(0)} ms (${Math.round(report.imported / (ms / 1000))} lines/s)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
