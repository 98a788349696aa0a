import { pack } from '../actions/index.js';
import type { OutgoingButton } from '../delivery/message.js';
import type { ChatContext } from './context.js';
import { button, keyboard } from './keyboards.js';

/** Children shown with buttons under a family's reply, so the keyboard stays short. */
const MAX_CHILDREN = 6;

/** A linked child with buttons; `writesLetters` is false for a guardian who lives with the child. */
export interface FamilyButtonChild {
  id: number;
  name: string;
  writesLetters: boolean;
}

/** The linked children a family member gets buttons for (none for a user who follows no child). */
export async function familyButtonChildren(ctx: ChatContext): Promise<FamilyButtonChild[]> {
  if (!ctx.actor) return [];
  const targets = await ctx.domain.keptMessages.targets(ctx.actor);
  return targets.slice(0, MAX_CHILDREN).map((target) => ({ id: target.childId, name: target.childName, writesLetters: target.toChild }));
}

/**
 * What a parent or guardian most likely came to do, as buttons: a letter to each linked
 * child (not for a grandparent who lives with the child) and an answer to the child's
 * teacher. Shown after joining, on /start and under the fallback reply, so the way to
 * their child is always one press away.
 */
export function familyKeyboard(t: ChatContext['t'], children: readonly FamilyButtonChild[]) {
  return keyboard(
    children.map((child) => [
      ...(child.writesLetters ? [button(t('letters.writeTo', { child: child.name }), pack({ name: 'letter.write', childId: child.id }))] : []),
      button(children.length === 1 ? t('weeklyNote.answer') : t('fallback.answerAbout', { child: child.name }), pack({ name: 'note.answer', childId: child.id })),
    ]),
  );
}

/** Buttons rendered for the outbox (kept messages' choices) as an inline keyboard of the chat. */
export function inlineKeyboardOf(rows: readonly OutgoingButton[][]) {
  return keyboard(rows.map((row) => row.map((choice) => button(choice.text, choice.data))));
}
