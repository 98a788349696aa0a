import type { FamilyMessageView } from '../domain/family-messages.js';
import type { KeptTarget } from '../domain/kept-messages.js';
import { joined, verbatim, words } from '../i18n/words.js';
import { reply, type Choice, type Reply } from './reply.js';

/** Children shown with choices under a family's reply, so the choices stay few. */
const MAX_CHILDREN = 6;

/** A linked child with choices under a family's reply; `writesLetters` is false for a guardian who lives with the child. */
export interface FamilyChoiceChild {
  id: number;
  name: string;
  writesLetters: boolean;
}

/** The linked children a family member gets choices for, from the places their kept messages could go (none for someone who follows no child). */
export function choiceChildren(targets: readonly KeptTarget[]): FamilyChoiceChild[] {
  return targets.slice(0, MAX_CHILDREN).map((target) => ({ id: target.childId, name: target.childName, writesLetters: target.toChild }));
}

/**
 * What a parent or guardian most likely came to do: a letter to each linked child (not for
 * a grandparent who lives with the child) and an answer to the child's teacher. Offered
 * after joining, on /start and when a message was not understood, so the way to their
 * child is always one choice away.
 */
export function familyChoices(children: readonly FamilyChoiceChild[]): Choice[][] {
  return children.map((child) => [
    ...(child.writesLetters ? [{ label: words('letters.writeTo', { child: child.name }), action: { name: 'letter.write', childId: child.id } } as const] : []),
    {
      label: children.length === 1 ? words('weeklyNote.answer') : words('fallback.answerAbout', { child: child.name }),
      action: { name: 'note.answer', childId: child.id },
    } as const,
  ]);
}

/** The answer to a message nothing else understood: the family's usual choices, or (for someone who follows no child) a pointer to /help. */
export function notUnderstood(children: readonly FamilyChoiceChild[]): Reply {
  if (children.length === 0) return reply(words('fallback.unknown'));
  const names = joined(children.map((child) => verbatim(child.name)), words('letters.nameSeparator'));
  return reply(words('fallback.family', { child: names }), familyChoices(children));
}

/** Kept messages sent to the child's teacher, who answers here; or that nobody at the school can read them. */
export function keptSentToTeacher(sent: readonly FamilyMessageView[]): Reply {
  const teacher = sent[0]?.toName;
  return reply(teacher ? words('kept.sentToTeacher', { teacher, count: sent.length }) : words('weeklyNote.nobodyToTell'));
}

/** A family member's answer sent to the teachers; or that nobody at the school can read it yet. */
export function answerSent(message: FamilyMessageView): Reply {
  return reply(words(message.recipients.length > 0 ? 'weeklyNote.answerSent' : 'weeklyNote.nobodyToTell'));
}

/** A teacher's reply sent to the family. */
export function replySent(): Reply {
  return reply(words('weeklyNote.replySent'));
}
