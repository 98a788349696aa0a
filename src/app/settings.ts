import type { Actor } from '../domain/actor.js';
import type { ChannelAddress } from '../domain/channel-accounts.js';
import type { FreeHoursChoice } from '../domain/family-phones.js';
import type { QuietHours } from '../domain/users.js';
import type { Locale } from '../i18n/locales.js';
import type { InTransaction } from './unit.js';

/** A person's own settings: their language, phone number, usual free time and quiet hours. */
export function createSettingsUseCases(inTransaction: InTransaction) {
  return {
    /** The language the bot speaks to the person. */
    chooseLocale: (actor: Actor, locale: Locale) => inTransaction(({ domain }) => domain.users.chooseLocale(actor, locale)),

    /** Saves the number a family member shared (only their own); returns it as stored. */
    savePhone: (actor: Actor, shared: { phoneNumber: string; owner?: ChannelAddress }) => inTransaction(({ domain }) => domain.familyPhones.savePhone(actor, shared)),

    /** Forgets the family member's number. */
    forgetPhone: (actor: Actor) => inTransaction(({ domain }) => domain.familyPhones.forgetPhone(actor)),

    /** The family member's usual free time for calls (null: it varies). */
    setFreeHours: (actor: Actor, choice: FreeHoursChoice | null) => inTransaction(({ domain }) => domain.familyPhones.setFreeHours(actor, choice)),

    /** The hours no message may wake the person (null: none). */
    setQuietHours: (actor: Actor, hours: QuietHours | null) => inTransaction(({ domain }) => domain.users.setQuietHours(actor, hours)),
  };
}
