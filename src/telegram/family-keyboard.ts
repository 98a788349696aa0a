import { writeLetterData } from '../notifications/letters.js';
import { answerTeacherData } from '../notifications/weekly-note.js';
import type { ChatContext } from './context.js';
import { button, keyboard } from './keyboards.js';

/** Children shown with buttons under a family's reply, so the keyboard stays short. */
const MAX_CHILDREN = 6;

/** The linked children a family member gets buttons for (none for a user who follows no child). */
export async function familyButtonChildren(ctx: ChatContext): Promise<{ id: number; name: string }[]> {
  if (!ctx.user) return [];
  return (await ctx.domain.letters.familyChildren({ userId: ctx.user.id })).slice(0, MAX_CHILDREN);
}

/**
 * What a parent or guardian most likely came to do, as buttons: a letter to each linked
 * child and an answer to the child's teacher. Shown after joining, on /start and under the
 * fallback reply, so the way to their child is always one press away.
 */
export function familyKeyboard(t: ChatContext['t'], children: readonly { id: number; name: string }[]) {
  return keyboard(
    children.map((child) => [
      button(t('letters.writeTo', { child: child.name }), writeLetterData(child.id)),
      button(children.length === 1 ? t('weeklyNote.answer') : t('fallback.answerAbout', { child: child.name }), answerTeacherData(child.id)),
    ]),
  );
}
