import type { FamilyMessageView } from '../domain/family-messages.js';
import { familiarName } from '../domain/given-name.js';
import type { KeptTarget, KeptWaiting } from '../domain/kept-messages.js';
import { distinctList, joined, verbatim, words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** A linked child with choices under a family's reply; `writesLetters` is false for a guardian who lives with the child. */
export interface FamilyChoiceChild {
  id: number;
  name: string;
  writesLetters: boolean;
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

/**
 * Where kept messages can go, one tap each: the children the family member may write to
 * ("给小明", three to a row), then each teacher who would read them ("给老师（王老师）"), once.
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
 * The question under messages a family member sent outside any flow: who they are for, one
 * tap each; or, when nobody at the school can read them, that they are kept.
 */
export function keptOffer(waiting: KeptWaiting): Reply {
  const values = { what: distinctList(waiting.kinds.map((kind) => words(`kept.kinds.${kind}`)), words('letters.nameSeparator')), count: waiting.kinds.length };
  const several = waiting.kinds.length > 1;
  const choices = keptChoices(waiting.targets);
  if (choices.length === 0) return reply(words(several ? 'kept.nobodySeveral' : 'kept.nobody', values));
  const toChild = waiting.targets.some((target) => target.toChild);
  const key = toChild ? (several ? 'kept.received.askSeveral' : 'kept.received.ask') : several ? 'kept.received.askTeacherSeveral' : 'kept.received.askTeacher';
  return reply(words(key, values), choices);
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
