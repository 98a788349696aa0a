import { atHomeAnswers, homeMonths, talkFrequencies, UNSURE, worryKinds, type CheckInStep, type CheckInView } from '../domain/check-ins.js';
import { joined, words, type Words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** "December 2026", "2026年12月": a YYYY-MM month, for any language. */
export function monthWords(month: string): Words {
  const [year, number] = month.split('-');
  return words('checkIns.monthLabel', { year: year!, name: words(`checkIns.monthNames.${String(Number(number)) as '1'}`) });
}

/** The worries to tick, each choice flipping its bit of `mask`, then "no worries" or "done" with what is ticked. */
function worryChoices(checkInId: number, mask: number): Choice[][] {
  const toggles = worryKinds.map((worry, bit): Choice => {
    const label = words(`checkIns.worries.${worry}`);
    const ticked = (mask & (1 << bit)) !== 0;
    return { label: ticked ? words('checkIns.worries.ticked', { worry: label }) : label, action: { name: 'checkIn.worry', checkInId, mask: mask ^ (1 << bit) } };
  });
  const finish: Choice = { label: words(mask === 0 ? 'checkIns.worries.none' : 'checkIns.worries.done'), action: { name: 'checkIn.worriesDone', checkInId, mask } };
  return [...rows(toggles, 2), [finish]];
}

/** This month and the five after it, three to a row, then "not sure yet". */
function homeChoices(view: CheckInView): Choice[][] {
  const months = homeMonths(view.month).map((month): Choice => ({ label: monthWords(month), action: { name: 'checkIn.home', checkInId: view.id, month } }));
  return [...rows(months, 3), [{ label: words('checkIns.home.UNSURE'), action: { name: 'checkIn.home', checkInId: view.id, month: UNSURE } }]];
}

/** Each step's question and its one-tap answers. */
function question(view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask: number): Reply {
  const child = { child: view.childName };
  const checkInId = view.id;
  switch (step) {
    case 'talk':
      return reply(words('checkIns.talk.question', child), rows(talkFrequencies.map((often): Choice => ({ label: words(`checkIns.talk.${often}`), action: { name: 'checkIn.talk', checkInId, often } })), 2));
    case 'worries':
      return reply(words('checkIns.worries.question', child), worryChoices(checkInId, mask));
    case 'home':
      return reply(words('checkIns.home.question'), homeChoices(view));
    case 'call':
      return reply(words('checkIns.call.question', child), [[{ label: words('checkIns.call.yes'), action: { name: 'checkIn.call', checkInId, answer: 'YES' } }, { label: words('checkIns.call.no'), action: { name: 'checkIn.call', checkInId, answer: 'NO' } }]]);
    case 'atHome':
      return reply(words('checkIns.atHome.question', child), [atHomeAnswers.map((answer): Choice => ({ label: words(`checkIns.atHome.${answer}`), action: { name: 'checkIn.atHome', checkInId, answer } }))]);
  }
}

/**
 * A question of the check-in under its heading, with its answers as choices: each answer's
 * reply is the next question, so the parent goes through the check-in one tap at a time.
 * `mask` holds the worries ticked so far.
 */
export function checkInQuestion(view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask = 0): Reply {
  const asked = question(view, step, mask);
  const heading = words('checkIns.heading', { child: view.childName, month: monthWords(view.month) });
  return reply(joined([heading, asked.words], '\n\n'), asked.choices);
}

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
