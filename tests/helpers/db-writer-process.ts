/**
 * A bot-like second process for the backup test: opens DATABASE_URL as the bot does (WAL)
 * and, until it is sent SIGTERM, commits transactions that each add two AuditLog rows with
 * the same entityId, so a consistent copy always holds whole pairs. Prints `ready` once the
 * first pair is in, and the number of pairs when it stops.
 */
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { openDatabase } from '../../src/db/client.js';

const db = await openDatabase(process.env.DATABASE_URL!);
let stopping = false;
process.once('SIGTERM', () => (stopping = true));
let pairs = 0;
while (!stopping) {
  const entityId = pairs + 1;
  await db.$transaction([
    db.auditLog.create({ data: { action: 'writer.first', entity: 'Pair', entityId } }),
    db.auditLog.create({ data: { action: 'writer.second', entity: 'Pair', entityId } }),
  ]);
  pairs += 1;
  if (pairs === 1) console.log('ready');
  // Lets the SIGTERM handler run: Prisma's promises settle without returning to the event loop.
  await yieldToEvents();
}
await db.$disconnect();
console.log(`pairs ${pairs}`);
process.exit(0);
