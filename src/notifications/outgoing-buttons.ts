import { pack } from '../actions/index.js';
import type { OutgoingButton } from '../delivery/message.js';
import type { Choice } from '../i18n/reply.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';

/** Choices as the outbox stores buttons: each label in the reader's language, each action packed as callback data. */
export function outgoingButtons(t: Translate, choices: readonly (readonly Choice[])[]): OutgoingButton[][] {
  return choices.map((row) => row.map((choice) => ({ text: say(t, choice.label), data: pack(choice.action) })));
}
