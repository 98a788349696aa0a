import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import { ConfigError, isTimeZone, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { applyPendingMigrations } from '../db/migrations.js';
import { createDomain } from '../domain/index.js';
import { TELEGRAM } from '../domain/channel-accounts.js';
import { inviteLinksFor } from '../telegram/invite-link.js';

/**
 * `npm run school:create -- --name "<name>" --timezone Asia/Shanghai`: the operator's
 * bootstrap. Creates the school once (a second run finds it) and prints a one-time
 * invitation for its first admin.
 */
const usage = 'Usage: npm run school:create -- --name "<school name>" [--timezone Asia/Shanghai]';
const { values } = parseArgs({ options: { name: { type: 'string' }, timezone: { type: 'string' } } });
const name = values.name?.trim();
if (!name) {
  console.error(usage);
  process.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const timezone = values.timezone ?? config.DEFAULT_TIMEZONE;
if (!isTimeZone(timezone)) {
  console.error('--timezone: an IANA time zone such as Asia/Shanghai');
  process.exit(2);
}

await applyPendingMigrations(config.DATABASE_URL);
const db = await openDatabase(config.DATABASE_URL);
const domain = createDomain(db, { inviteTtlDays: config.INVITE_TTL_DAYS });
const school = await domain.schools.createSchool(name, timezone);
const invite = await domain.invites.issueAdminInvite(school.id);
const bot = await new Api(config.BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : undefined).getMe();
await db.$disconnect();

console.log(school.created ? `Created school "${school.name}" (${timezone}).` : `School "${school.name}" already exists; nothing created.`);
console.log(`One-time admin invitation, valid until ${invite.expiresAt.slice(0, 10)}:`);
console.log(inviteLinksFor({ channel: TELEGRAM, botUsername: bot.username }).link(invite.code));
