/**
 * A process that applies the migrations in MIGRATIONS_DIR to DATABASE_URL, as a start would,
 * and is killed (SIGKILL, nothing cleaned up) in the middle of the migration script that holds
 * the line `-- crash here`: what comes before that line has run, the rest never does.
 */
import Database from 'better-sqlite3';
import { applyPendingMigrations } from '../../src/db/migrations.js';

const CRASH_MARK = '-- crash here';
const exec = Database.prototype.exec;
Database.prototype.exec = function execUntilTheCrash(this: Database.Database, sql: string) {
  if (!sql.includes(CRASH_MARK)) return exec.call(this, sql);
  exec.call(this, sql.slice(0, sql.indexOf(CRASH_MARK)));
  process.kill(process.pid, 'SIGKILL');
  return this;
};

await applyPendingMigrations(process.env.DATABASE_URL!, process.env.MIGRATIONS_DIR!);
console.log('the migrations finished without a crash');
