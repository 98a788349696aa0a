import { z } from 'zod';
import { isSupportedLocale, supportedLocales } from './i18n/locales.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const botModes = ['polling', 'webhook'] as const;

/** Whether the runtime knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A TCP port with a default; the problem line names the variable, so the message says only what is expected. */
function port(fallback: number, description: string) {
  return z.coerce
    .number('a port number from 1 to 65535')
    .int('a port number from 1 to 65535')
    .min(1, 'a port number from 1 to 65535')
    .max(65535, 'a port number from 1 to 65535')
    .default(fallback)
    .describe(description);
}

const databaseUrl = z
  .string()
  .regex(/^file:.+/, 'a SQLite URL such as file:./data/jiashu.db')
  .default('file:./data/jiashu.db')
  .describe('SQLite database file; its folder is created at start-up.');

/** Every environment variable Jiashu reads; each description also goes into `.env.example`. */
export const configSchema = z.object({
  BOT_TOKEN: z
    .string({ error: 'required: the bot token from @BotFather' })
    .regex(/^\d+:[\w-]{20,}$/, 'a bot token from @BotFather, like 123456:ABC-DEF…')
    .describe('Required. The bot token from @BotFather.'),
  DATABASE_URL: databaseUrl,
  TELEGRAM_API_ROOT: z
    .url('an http(s) URL such as http://127.0.0.1:8081')
    .optional()
    .describe('Optional. A self-hosted Bot API server or a local emulator; Telegram itself when empty.'),
  DEFAULT_LOCALE: z
    .string()
    .refine(isSupportedLocale, `one of ${supportedLocales.join(', ')}`)
    .default('zh-CN')
    .describe('Language for users whose Telegram language Jiashu does not speak.'),
  DEFAULT_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai')
    .describe('Time zone for schools and users that have not set one.'),
  INVITE_TTL_DAYS: z.coerce
    .number('a whole number of days from 1 to 90')
    .int('a whole number of days from 1 to 90')
    .min(1, 'a whole number of days from 1 to 90')
    .max(90, 'a whole number of days from 1 to 90')
    .default(14)
    .describe('Days an invitation link stays valid.'),
  RETENTION_DAYS_AFTER_LEAVING: z.coerce
    .number('a whole number of days from 30 to 3650')
    .int('a whole number of days from 30 to 3650')
    .min(30, 'a whole number of days from 30 to 3650')
    .max(3650, 'a whole number of days from 30 to 3650')
    .default(730)
    .describe('Days after a child leaves the school before their letters, messages and contact records are deleted.'),
  DELIVERY_RATE_PER_SECOND: z.coerce
    .number('a whole number of messages per second from 1 to 1000')
    .int('a whole number of messages per second from 1 to 1000')
    .min(1, 'a whole number of messages per second from 1 to 1000')
    .max(1000, 'a whole number of messages per second from 1 to 1000')
    .default(25)
    .describe('Messages per second the outbox sends over all chats (Telegram allows about 30).'),
  LOG_LEVEL: z
    .enum(logLevels, `one of ${logLevels.join(', ')}`)
    .default('info')
    .describe('Log level of the JSON log lines on standard output.'),
  BOT_MODE: z
    .enum(botModes, `one of ${botModes.join(', ')}`)
    .default('polling')
    .describe('How updates arrive: polling (the bot asks Telegram) or webhook (Telegram posts to WEBHOOK_URL).'),
  WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'an https URL such as https://bot.example.org/telegram' })
    .optional()
    .describe('Webhook mode only, required there. The public https URL Telegram posts updates to; it must reach WEBHOOK_PORT.'),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[\w-]{16,256}$/, '16 to 256 characters of A-Z, a-z, 0-9, _ and -')
    .optional()
    .describe('Webhook mode only, required there. Telegram sends it with every update; requests without it are refused.'),
  WEBHOOK_PORT: port(8080, 'Webhook mode only. The port the webhook server listens on.'),
  HEALTH_PORT: port(8081, 'The port of GET /healthz; in webhook mode it may equal WEBHOOK_PORT to share that server.'),
}).superRefine(
  (env, ctx) => {
    if (env.BOT_MODE !== 'webhook') return;
    for (const name of ['WEBHOOK_URL', 'WEBHOOK_SECRET'] as const) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'required when BOT_MODE=webhook' });
    }
  },
  // Also when another variable is wrong, so every problem is told at once.
  { when: () => true },
);

export type Config = z.infer<typeof configSchema>;

/** Where and how Telegram posts updates in webhook mode. */
export interface WebhookSettings {
  url: string;
  secret: string;
  port: number;
}

/**
 * The webhook settings of a checked configuration, or undefined in polling mode; the schema
 * has already refused webhook mode without a URL or secret, so callers need not check again.
 */
export function webhookSettings(config: Config): WebhookSettings | undefined {
  if (config.BOT_MODE !== 'webhook' || !config.WEBHOOK_URL || !config.WEBHOOK_SECRET) return undefined;
  return { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, port: config.WEBHOOK_PORT };
}

/** Thrown with one line per bad variable, naming it and what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.join('\n')}`);
  }
}

function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** Reads and checks the environment once at start-up, so a mistake stops the bot before it runs. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(withoutEmptyValues(env));
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues));
  return result.data;
}

/** Only the database URL, for the migration commands, which need no bot token. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const result = databaseUrl.safeParse(env.DATABASE_URL || undefined);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues).map((line) => `DATABASE_URL${line}`));
  return result.data;
}

/** The text of `.env.example`: each variable with its description and default. */
export function renderEnvExample(): string {
  const lines = ['# Jiashu configuration. Generated from src/config.ts by `npm run env:example`.', ''];
  for (const [name, field] of Object.entries(configSchema.shape)) {
    const parsed = field.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '';
    lines.push(`# ${field.description}`, `${name}=${fallback}`, '');
  }
  return lines.join('\n');
}
