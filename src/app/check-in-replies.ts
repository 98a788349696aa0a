import { joined, words, type Words } from '../i18n/words.js';
import { reply, type Reply } from './reply.js';

/** The thanks that closes a check-in, once nothing more is asked. */
export function checkInThanks(childName: string): Reply {
  return reply(words('checkIns.thanks', { child: childName }));
}

/** The thanks for the last answer, offering a text or voice note for the teacher, or "skip". */
export function offerMessage(checkInId: number, childName: string): Reply {
  return reply(joined([checkInThanks(childName).words, words('checkIns.askMessage')], '\n\n'), [[{ label: words('checkIns.skip'), action: { name: 'checkIn.skip', checkInId } }]]);
}

/** The parent's note for the teacher went on to the teachers. */
export function messageSent(childName: string): Reply {
  return reply(words('checkIns.messageSent', { child: childName }));
}

/** What the note for the teacher may be, after something else was sent. */
export function textOrVoice(): Reply {
  return reply(words('checkIns.textOrVoice'));
}

/** "Answer now" on a check-in that has no question left. */
export function alreadyAnswered(): Words {
  return words('checkIns.alreadyAnswered');
}
