import { familyChoices, type FamilyChoiceChild } from '../app/family-message-replies.js';
import type { ChatContext } from './context.js';
import { choicesKeyboard } from './reply.js';

/** Children shown with choices under a family's reply, so the keyboard stays short. */
const MAX_CHILDREN = 6;

/** The linked children a family member gets buttons for (none for a user who follows no child). */
export async function familyButtonChildren(ctx: ChatContext): Promise<FamilyChoiceChild[]> {
  if (!ctx.actor) return [];
  const targets = await ctx.domain.keptMessages.targets(ctx.actor);
  return targets.slice(0, MAX_CHILDREN).map((target) => ({ id: target.childId, name: target.childName, writesLetters: target.toChild }));
}

/** The family's usual choices (see `familyChoices`) as buttons, for joining and /start. */
export function familyKeyboard(t: ChatContext['t'], children: readonly FamilyChoiceChild[]) {
  return choicesKeyboard(t, familyChoices(children));
}
