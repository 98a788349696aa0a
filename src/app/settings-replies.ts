import type { CustomTypeOptions } from 'i18next';
import type { Role } from '../db/generated/enums.js';
import { DEFAULT_QUIET_HOURS } from '../delivery/quiet-hours.js';
import { FREE_HOURS_CHOICES, type FreeHoursChoice, type MyPhone } from '../domain/family-phones.js';
import { formatTimeOfDay, type MinuteOfDay } from '../domain/time-of-day.js';
import type { QuietHours } from '../domain/users.js';
import { supportedLocales } from '../i18n/locales.js';
import { displayPhone, freeHoursWords } from '../notifications/call-back.js';
import { familyChoices, type FamilyChoiceChild } from './family-message-replies.js';
import { joined, reply, rows, verbatim, words, type Choice, type Reply, type Words } from './reply.js';

/** A command's name; each has a description under `commands` in the locale files. */
export type CommandName = keyof CustomTypeOptions['resources']['translation']['commands'];

/** Hours offered to press, six to a row, so nobody has to type a time. */
const HOURS_PER_ROW = 6;

/** What a command is for, as the command menu and /help describe it. */
export function commandWords(command: CommandName): Words {
  return words(`commands.${command}`);
}

/** /help: the commands the person may use, which roles they hold (or how to join), and that voice notes are welcome. */
export function helpReply(roles: readonly Role[], commands: readonly CommandName[]): Reply {
  const roleNames = joined(roles.map((role) => words(`roles.${role}`)), words('help.roleSeparator'));
  return reply(
    joined([
      words('help.title'),
      ...commands.map((command) => joined([verbatim(`/${command}`), commandWords(command)], ' — ')),
      verbatim(''),
      roles.length > 0 ? words('help.roles', { roles: roleNames }) : words('help.noRoles'),
      words('help.footer'),
    ]),
  );
}

/**
 * /start: a parent or guardian who already follows a child is greeted with what they came
 * for (a letter to the child, an answer to the teacher); everyone else gets the introduction.
 */
export function welcome(name: string, children: readonly FamilyChoiceChild[]): Reply {
  if (children.length === 0) return reply(words('start.welcome', { name }));
  return reply(words('start.welcomeBack', { name }), familyChoices(children));
}

/** /cancel: the open questions were left, or there were none. */
export function cancelled(anyOpen: boolean): Reply {
  return reply(words(anyOpen ? 'cancel.done' : 'cancel.nothing'));
}

/** /language: each language offered by its own name, as its speakers read it. */
export function languageMenu(): Reply {
  return reply(words('language.prompt'), [supportedLocales.map((locale): Choice => ({ label: words('language.name', { lng: locale }), action: { name: 'language.choose', locale } }))]);
}

/** The language changed: to be said in the new language. */
export function languageChanged(): Reply {
  return reply(words('language.changed'));
}

/** The quiet hours as they are: the person's own, none by choice, or the usual night hours until they choose. */
function quietHoursNow(hours: QuietHours | null, chosen: boolean): Words {
  if (hours) return words('quiet.current', { from: formatTimeOfDay(hours.start), to: formatTimeOfDay(hours.end) });
  if (chosen) return words('quiet.none');
  return words('quiet.default', { from: formatTimeOfDay(DEFAULT_QUIET_HOURS.start), to: formatTimeOfDay(DEFAULT_QUIET_HOURS.end) });
}

/** Every hour of the day to press, and (for the start) "no quiet hours". */
function hourChoices(withOff: boolean): Choice[][] {
  const hours = Array.from({ length: 24 }, (_, hour): Choice => ({ label: verbatim(formatTimeOfDay(hour * 60)), action: { name: 'quiet.at', hour } }));
  return [...rows(hours, HOURS_PER_ROW), withOff ? [{ label: words('quiet.off'), action: { name: 'quiet.off' } }] : []];
}

/** When the quiet hours start (any hour, or typed), or none; after the current hours in /quiet. */
export function askQuietStart(current?: { hours: QuietHours | null; chosen: boolean }): Reply {
  const ask = words('quiet.askStart');
  return reply(current ? joined([quietHoursNow(current.hours, current.chosen), ask], '\n\n') : ask, hourChoices(true));
}

/** When the quiet hours end (any hour, or typed). */
export function askQuietEnd(): Reply {
  return reply(words('quiet.askEnd'), hourChoices(false));
}

/** Why an answer to "what time" was not taken: a press elsewhere, an unreadable time, or the end the same as the start. */
export function quietTimeNudge(typed: string | undefined, sameAs?: MinuteOfDay): Reply {
  if (sameAs !== undefined) return reply(words('quiet.sameTime', { time: formatTimeOfDay(sameAs) }));
  return reply(typed === undefined ? words('quiet.pressOrType') : words('quiet.invalidTime', { input: typed.slice(0, 40) }));
}

/** The quiet hours saved, or that there are none now. */
export function quietHoursSaved(hours: QuietHours | null): Reply {
  return reply(hours ? words('quiet.saved', { from: formatTimeOfDay(hours.start), to: formatTimeOfDay(hours.end) }) : words('quiet.cleared'));
}

/** At joining: quiet from 23:00 to 07:00 with one tap, other times, or none. */
export function joiningQuietOffer(): Reply {
  return reply(words('join.quietAsk'), [
    [{ label: words('join.quietYes'), action: { name: 'join.quiet', choice: 'yes' } }],
    [{ label: words('join.quietOther'), action: { name: 'join.quiet', choice: 'other' } }, { label: words('join.quietNone'), action: { name: 'join.quiet', choice: 'none' } }],
  ]);
}

/** Asks for the person's own number, after the number and free time they left before, if any. */
export function phoneQuestion(current: MyPhone): Words {
  if (!current.phone) return words('phone.ask');
  const now = [words('phone.current', { phone: displayPhone(current.phone) }), ...(current.free ? [words('phone.currentFree', { free: freeHoursWords(current.free) })] : [])];
  return joined([joined(now), words('phone.ask')], '\n\n');
}

/** The number as it was saved. */
export function phoneSaved(phone: string): Reply {
  return reply(words('phone.saved', { phone: displayPhone(phone) }));
}

/** No new number: the one kept, or where to leave one later. */
export function phoneSkipped(current: MyPhone): Reply {
  return reply(current.phone ? words('phone.kept', { phone: displayPhone(current.phone) }) : words('phone.skipped'));
}

/** The number is forgotten. */
export function phoneForgotten(): Reply {
  return reply(words('phone.forgotten'));
}

/** When the person is usually free for a call: one tap, or "it varies". */
export function freeHoursQuestion(): Reply {
  const choices = [...(Object.keys(FREE_HOURS_CHOICES) as FreeHoursChoice[]), 'varies' as const].map((choice): Choice => ({ label: words(`phone.free.${choice}`), action: { name: 'phone.free', choice } }));
  return reply(words('phone.askFree'), rows(choices, 2));
}

/** The free time saved, or that teachers will ask first. */
export function freeHoursSaved(choice: FreeHoursChoice | null): Reply {
  return reply(choice ? words('phone.freeSaved', { free: freeHoursWords(FREE_HOURS_CHOICES[choice]) }) : words('phone.freeVaries'));
}
