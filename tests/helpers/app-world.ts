import { createApp, type App } from '../../src/app/index.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Locale } from '../../src/i18n/locales.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { say, type Words } from '../../src/i18n/words.js';
import { freshDatabaseUrl } from './database.js';
import { seedSchool, type SeededSchool, type SeedOptions } from './seed.js';

/** What a use-case test chooses about its world: when "now" is, and how the seeded school is named. */
export interface AppWorldOptions {
  /** The instant (epoch milliseconds) the use cases see as now; read on every call, so a test can move it. */
  clock: () => number;
  /** The seeded school's name, timezone or class name, when a test needs other than the defaults. */
  school?: Omit<SeedOptions, 'ids'>;
}

/** One test file's world: its own database, the app over it in Chinese by default, and a seeded school to add people to. */
export interface AppWorld {
  db: Db;
  /** Where the database lives, for a test that opens a second connection to it. */
  url: string;
  app: App;
  translations: Translations;
  /** The test's clock as the domain reads it. */
  clock: Clock;
  /** The ids of everything seeded, by the key the test gave it. */
  ids: Record<string, number>;
  school: SeededSchool;
  /** The actor for the user seeded under `key`, as a channel would pass them to a use case. */
  as(key: string): Actor;
  /** The outbox rows queued for the user seeded under `key`, oldest first. */
  outboxTo(key: string): ReturnType<Db['outboxMessage']['findMany']>;
  /** `words` put into one language, to assert wording where it matters. */
  say(locale: Locale, words: Words): string;
  /** Closes the database; for `afterAll`. */
  close(): Promise<void>;
}

/**
 * Opens a fresh database with a seeded school and the app over it, so each use-case test
 * starts from one line and lists only its people and its tests.
 */
export async function appWorld(options: AppWorldOptions): Promise<AppWorld> {
  const url = await freshDatabaseUrl();
  const db = await openDatabase(url);
  const translations = await loadTranslations();
  const clock: Clock = () => new Date(options.clock());
  const app = createApp({ db, domainOptions: { clock }, translations, defaultLocale: 'zh-CN' });
  const ids: Record<string, number> = {};
  const school = await seedSchool(db, { ...options.school, ids });
  return {
    db,
    url,
    app,
    translations,
    clock,
    ids,
    school,
    as: (key) => ({ userId: ids[key]! }),
    outboxTo: (key) => db.outboxMessage.findMany({ where: { recipientId: ids[key]! }, orderBy: { id: 'asc' } }),
    say: (locale, words) => say(translations.translatorFor(locale), words),
    close: () => db.$disconnect(),
  };
}
