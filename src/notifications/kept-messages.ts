import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingButton } from '../delivery/message.js';
import { queueMessages } from '../delivery/outbox.js';
import { familiarName } from '../domain/given-name.js';
import type { KeptKind, KeptReminder, KeptTarget } from '../domain/kept-messages.js';
import type { Translate } from '../i18n/translator.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * The one-tap choices for kept messages: a button per child the family member may write to
 * ("给小明"), then one per teacher who would read them ("给老师（王老师）"), each teacher once.
 * A guardian who lives with the child gets only the teacher.
 */
export function keptButtons(t: Translate, targets: readonly KeptTarget[]): OutgoingButton[][] {
  const children = targets.filter((target) => target.toChild).map((target) => ({ text: t('kept.toChild', { child: familiarName(target.childName) }), data: pack({ name: 'kept.toChild', childId: target.childId }) }));
  const teachers = new Map<string, OutgoingButton>();
  for (const target of targets) {
    if (target.teacher && !teachers.has(target.teacher.name)) teachers.set(target.teacher.name, { text: t('kept.toTeacher', { teacher: target.teacher.name }), data: pack({ name: 'kept.toTeacher', childId: target.childId }) });
  }
  const rows: OutgoingButton[][] = [];
  for (let i = 0; i < children.length; i += 3) rows.push(children.slice(i, i + 3));
  return [...rows, ...[...teachers.values()].map((button) => [button])].filter((row) => row.length > 0);
}

/** The kinds of the waiting messages in words: "语音", or "语音、照片" for several. */
function kindsText(t: Translate, kinds: readonly KeptKind[]): string {
  return [...new Set(kinds.map((kind) => t(`kept.kinds.${kind}`)))].join(t('letters.nameSeparator'));
}

/**
 * The question under kept messages (on arrival, and in the reminder): where they should go,
 * or, when nobody at the school can read them, that they are kept.
 */
export function keptQuestion(t: Translate, kinds: readonly KeptKind[], targets: readonly KeptTarget[], reminder = false): string {
  const values = { what: kindsText(t, kinds), count: kinds.length };
  const several = kinds.length > 1 ? 'Several' : '';
  if (keptButtons(t, targets).length === 0) return t(`kept.nobody${several}`, values);
  const choice = targets.some((target) => target.toChild) ? 'ask' : 'askTeacher';
  return t(`kept.${reminder ? 'reminder' : 'received'}.${choice}${several}`, values);
}

/**
 * Queues the one reminder of each batch of kept messages nobody tapped for, with the same
 * buttons, keyed by the batch's newest message so it is sent once (quiet hours respected).
 */
export async function queueKeptReminders(deps: RenderDeps & { db: Db }, reminders: readonly KeptReminder[], now: Date): Promise<number> {
  const messages = reminders.flatMap((reminder) => {
    const t = translatorForRecipient(deps, reminder.recipient);
    const buttons = keptButtons(t, reminder.targets);
    if (buttons.length === 0) return [];
    const text = keptQuestion(t, reminder.kinds, reminder.targets, true);
    return [{ idempotencyKey: `kept-reminder:${reminder.newestId}`, recipientId: reminder.recipient.userId, message: { kind: 'text' as const, text, buttons } }];
  });
  return queueMessages(deps.db, messages, now);
}
