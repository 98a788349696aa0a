import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nextMigrationFolder, pendingSchemaChanges } from './migrations.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lower case letters, digits and _)');
  process.exit(2);
}
const sql = await pendingSchemaChanges();
if (sql === null) {
  console.log('schema.prisma has no change that the migrations do not already cover.');
} else {
  const folder = nextMigrationFolder(name, new Date());
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  console.log(`Wrote ${path.relative(process.cwd(), path.join(folder, 'migration.sql'))}`);
}
