import type { Db } from '../db/client.js';
import { queueMessages } from '../delivery/outbox.js';
import { familiarName } from '../domain/given-name.js';
import type { KeptKind, KeptReminder, KeptTarget } from '../domain/kept-messages.js';
import { reply, rows, type Choice, type Reply } from '../i18n/reply.js';
import { distinctList, say, words } from '../i18n/words.js';
import { outgoingButtons } from './outgoing-buttons.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * Where kept messages can go, one tap each: the children the family member may write to
 * ("给小明", three to a row), then each teacher who would read them ("给老师（王老师）"), once.
 * A guardian who lives with the child gets only the teacher.
 */
function keptChoices(targets: readonly KeptTarget[]): Choice[][] {
  const children = targets.filter((target) => target.toChild).map((target): Choice => ({ label: words('kept.toChild', { child: familiarName(target.childName) }), action: { name: 'kept.toChild', childId: target.childId } }));
  const teachers = new Map<string, Choice>();
  for (const target of targets) {
    if (target.teacher && !teachers.has(target.teacher.name)) teachers.set(target.teacher.name, { label: words('kept.toTeacher', { teacher: target.teacher.name }), action: { name: 'kept.toTeacher', childId: target.childId } });
  }
  return [...rows(children, 3), ...[...teachers.values()].map((choice) => [choice])];
}

/**
 * The question under messages a family member sent outside any flow (on arrival, and in
 * the reminder): who they are for, one tap each; or, when nobody at the school can read
 * them, that they are kept.
 */
export function keptOffer(waiting: { kinds: readonly KeptKind[]; targets: readonly KeptTarget[] }, reminder = false): Reply {
  const values = { what: distinctList(waiting.kinds.map((kind) => words(`kept.kinds.${kind}`)), words('letters.nameSeparator')), count: waiting.kinds.length };
  const several = waiting.kinds.length > 1 ? 'Several' : '';
  const choices = keptChoices(waiting.targets);
  if (choices.length === 0) return reply(words(`kept.nobody${several}`, values));
  const choice = waiting.targets.some((target) => target.toChild) ? 'ask' : 'askTeacher';
  return reply(words(`kept.${reminder ? 'reminder' : 'received'}.${choice}${several}`, values), choices);
}

/**
 * Queues the one reminder of each batch of kept messages nobody tapped for, with the same
 * buttons, keyed by the batch's newest message so it is sent once (quiet hours respected).
 */
export async function queueKeptReminders(deps: RenderDeps & { db: Db }, reminders: readonly KeptReminder[], now: Date): Promise<number> {
  const messages = reminders.flatMap((reminder) => {
    const offer = keptOffer(reminder, true);
    if (offer.choices.length === 0) return [];
    const t = translatorForRecipient(deps, reminder.recipient);
    return [{ idempotencyKey: `kept-reminder:${reminder.newestId}`, recipientId: reminder.recipient.userId, message: { kind: 'text' as const, text: say(t, offer.words), buttons: outgoingButtons(t, offer.choices) } }];
  });
  return queueMessages(deps.db, messages, now);
}
