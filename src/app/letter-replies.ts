import type { CampaignAudience, CampaignProgress, CampaignStarted, CampaignTarget, CampaignView } from '../domain/campaigns.js';
import type { LocalDate } from '../domain/call-slots.js';
import type { RefusalReason } from '../domain/errors.js';
import type { PrintableLetter } from '../domain/letters-print.js';
import {
  LETTER_LIMITS,
  letterTextLength,
  type ChildLetterChoice,
  type ChildLetterChoices,
  type ChildLetterTarget,
  type InboxChild,
  type InboxLetter,
  type LetterHandled,
  type LetterHeld,
  type LetterPartInput,
  type LetterView,
  type ReplyRecorded,
  type ThreadPage,
} from '../domain/letters.js';
import { dayWords } from '../i18n/call-time.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words, type WordsValue } from '../i18n/words.js';
import { authorWords } from '../notifications/letters.js';
import { refusalWords } from './refusals.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

const SNIPPET = 40;
/** The kinds of media a letter may hold, in the order a thread counts them. */
const MEDIA_KINDS = ['voice', 'photo', 'video', 'video_note'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET ? `${line.slice(0, SNIPPET)}…` : line;
}

/** One line per part: "✍ text…", "🎤 voice note", "🖼 photo: caption…". */
function partLines(parts: readonly LetterPartInput[]): Words[] {
  return parts.map((part) => {
    const label = words(`letters.kinds.${part.kind}`);
    if (part.kind === 'text') return joined([label, verbatim(snippet(part.text ?? ''))], ' ');
    return part.text ? words('letters.withCaption', { kind: label, caption: snippet(part.text) }) : label;
  });
}

/** A letter's parts in short, for a thread: each text and captioned photo on its line, the other media counted on one. */
function partsSummary(parts: readonly LetterPartInput[]): Words[] {
  const listed = parts.filter((part) => part.kind === 'text' || part.text);
  const counted = (kind: MediaKind) => parts.filter((part) => part.kind === kind && !part.text).length;
  const media = MEDIA_KINDS.flatMap((kind) => (counted(kind) > 0 ? [words('letters.mediaCount', { kind: words(`letters.kinds.${kind}`), count: counted(kind) })] : []));
  return [...partLines(listed), ...(media.length > 0 ? [joined(media, words('letters.nameSeparator'))] : [])];
}

/** The preview of a letter being written: the parts listed, numbered, with how much of the limits they use, and "Send" or "Discard". */
export function letterPreview(heading: Words, parts: readonly LetterPartInput[]): Reply {
  const usage = words('letters.usage', { parts: parts.length, maxParts: LETTER_LIMITS.parts, characters: letterTextLength(parts), maxCharacters: LETTER_LIMITS.characters });
  const lines = partLines(parts).map((line, index) => joined([verbatim(`${index + 1}.`), line], ' '));
  const said = joined([joined([heading, usage], ''), ...lines, verbatim(''), words('letters.sendOrMore')]);
  return reply(said, [[{ label: words('letters.send'), action: { name: 'letter.send' } }, { label: words('letters.discard'), action: { name: 'letter.discard' } }]]);
}

/** Why a part did not fit the letter being written, and (once something was collected) that nothing collected is lost. */
export function partRefused(reason: RefusalReason, kept: number): Words {
  return joined([letterRefusal(reason), ...(kept > 0 ? [words('letters.keptSoFar', { count: kept })] : [])]);
}

/** How a family member's letter to their child starts: what a letter may hold; and the preview's heading. */
export function letterToChild(child: string): { intro: Words; heading: Words } {
  return { intro: words('letters.intro', { child, maxParts: LETTER_LIMITS.parts, maxCharacters: LETTER_LIMITS.characters }), heading: words('letters.previewTo', { child }) };
}

/** "2026-12-01 10:00 · 陈静 (mother) → 李小明 · ✓ read": one letter of a thread or the letterbox. */
function letterLine(letter: LetterView): Words {
  const who = letter.direction === 'TO_CHILD'
    ? words('letters.toChildLine', { author: authorWords(letter), child: letter.childName })
    : words('letters.toFamilyLine', { child: letter.childName, keeper: letter.authorName });
  return joined([verbatim(wallClock(letter.createdAt, letter.timezone)), who, words(`letters.status.${letter.status}`)], ' · ');
}

/**
 * The confirmation a family reads after sending a letter: as usual while school is in
 * session; in a holiday, that the letter is read with the child when school restarts (and when).
 */
export function letterSent(child: string, schoolBreak: { restartsOn: LocalDate | null } | null): Reply {
  if (!schoolBreak) return reply(words('letters.sent', { child }));
  return reply(schoolBreak.restartsOn ? words('schoolYear.letterSent', { child, date: dayWords(schoolBreak.restartsOn) }) : words('schoolYear.letterSentNoDate', { child }));
}

/** A page of a child's thread: its letters in short, a "▶" choice per letter with media, and paging. */
export function threadPage(page: ThreadPage): Reply {
  if (page.letters.length === 0) return reply(words('letters.threadEmpty', { child: page.childName }));
  const entries = page.letters.map((letter) => joined([letterLine(letter), ...partsSummary(letter.parts).map((line) => joined([verbatim('  '), line], ''))]));
  const withMedia = page.letters.filter((letter) => letter.parts.some((part) => part.kind !== 'text'));
  const media: Choice[] = withMedia.map((letter) => ({ label: words('letters.play', { number: page.letters.indexOf(letter) + 1 }), action: { name: 'letter.show', letterId: letter.id } }));
  const paging: Choice[] = [
    ...(page.page > 0 ? [{ label: words('letters.earlier'), action: { name: 'letter.thread', childId: page.childId, page: page.page - 1 } } as const] : []),
    ...(page.page < page.pages - 1 ? [{ label: words('letters.later'), action: { name: 'letter.thread', childId: page.childId, page: page.page + 1 } } as const] : []),
  ];
  const title = words('letters.threadTitle', { child: page.childName, page: page.page + 1, pages: page.pages });
  return reply(joined([title, ...entries], '\n\n'), [...rows(media, 3), paging]);
}

/** The words that explain why a letter action was refused, with the letters' own wording where it differs. */
export function letterRefusal(reason: RefusalReason): Words {
  if (reason === 'invalid:required') return words('letters.refusals.empty');
  if (reason === 'invalid:tooLong') return words('letters.refusals.reasonTooLong');
  return refusalWords(reason);
}

/** Letters listed in one letterbox message: Telegram allows 100 buttons and 4,096 characters. */
const LETTERBOX_CHOICES = 40;

const recordChildLetterChoice: Choice = { label: words('letters.recordChildLetter'), action: { name: 'letter.recordChild' } };

/** "⏸ 李小明 · 陈静 (mother) · 12-01 10:00": a letter waiting (or held) in the letterbox. */
function letterboxLabel(child: InboxChild, letter: InboxLetter): Words {
  const name = `${letter.status === 'HELD' ? '⏸ ' : ''}${child.childName}`;
  return joined([verbatim(name), authorWords(letter), verbatim(wallClock(letter.createdAt, child.timezone).slice(5))], ' · ');
}

/**
 * The keeper's letterbox: the letters waiting by child, a choice per letter (the oldest
 * first, as many as one message holds) and "Record a child's letter"; for anyone who keeps
 * no letterbox (`box` null), that it is not theirs.
 */
export function letterbox(box: readonly InboxChild[] | null): Reply {
  if (box === null) return reply(words('letters.notKeeper'));
  if (box.length === 0) return reply(words('letters.inboxEmpty'), [[recordChildLetterChoice]]);
  const total = box.reduce((sum, child) => sum + child.letters.length, 0);
  const lines = box.slice(0, LETTERBOX_CHOICES).map((child) => words('letters.digestChild', { child: child.childName, count: child.letters.length }));
  const hiddenChildren = box.length - lines.length;
  const more = [
    ...(hiddenChildren > 0 ? [words('letters.inboxMoreChildren', { count: hiddenChildren })] : []),
    ...(total > LETTERBOX_CHOICES ? [words('letters.inboxMoreLetters', { shown: LETTERBOX_CHOICES, count: total - LETTERBOX_CHOICES })] : []),
  ];
  const letters = box.flatMap((child) => child.letters.map((letter): Choice[] => [{ label: letterboxLabel(child, letter), action: { name: 'letter.open', letterId: letter.id } }]));
  const said = joined([words('letters.inboxTitle', { count: total }), ...lines, ...more, verbatim(''), words('letters.inboxOpen')]);
  return reply(said, [...letters.slice(0, LETTERBOX_CHOICES), [recordChildLetterChoice]]);
}

/** A letter shown again: its line, and its parts for the channel to send as they came. */
export interface LetterShown {
  heading: Reply;
  parts: LetterPartInput[];
}

const recordReplyChoice = (childId: number): Choice => ({ label: words('letters.recordReply'), action: { name: 'letter.replyFor', childId } });

/** A letter of a thread shown again with its media, for the family or the keeper. */
export function shownLetter(letter: LetterView): LetterShown {
  return { heading: reply(letterLine(letter)), parts: letter.parts };
}

/** A letter opened from the letterbox, with why it is held, and what may be done next: read it with the child or hold it (while waiting), print it, record a reply. */
export function openedLetter(letter: LetterView): LetterShown & { next: Reply } {
  const held = letter.holdReason && letter.status === 'HELD' ? [words('letters.heldBecause', { reason: letter.holdReason })] : [];
  const read: Choice = { label: words('letters.readWithChild'), action: { name: 'letter.read', letterId: letter.id } };
  const next = reply(words('letters.whatNow', { child: letter.childName }), [
    letter.status === 'WAITING' ? [read, { label: words('letters.hold'), action: { name: 'letter.hold', letterId: letter.id } }] : [],
    letter.status === 'HELD' ? [read] : [],
    [{ label: words('letters.print'), action: { name: 'letter.print', letterId: letter.id } }, recordReplyChoice(letter.childId)],
  ]);
  return { heading: reply(joined([letterLine(letter), ...held])), parts: letter.parts, next };
}

/** The keeper read a letter with the child: the author gets a receipt; the child may answer. */
export function markedRead(done: LetterHandled): Reply {
  return reply(words('letters.markedRead', { child: done.letter.childName, author: authorWords(done.letter) }), [[recordReplyChoice(done.letter.childId)]]);
}

/** The question the keeper answers to hold a letter: why (the admins see it, the family only hears of a delay). */
export function holdReasonQuestion(child: string): Reply {
  return reply(words('letters.askHoldReason', { child }));
}

/** A held letter: who was told. */
export function letterHeld(held: LetterHeld): Reply {
  return reply(words('letters.held', { child: held.letter.childName, author: authorWords(held.letter), admins: held.admins.length }));
}

/** What the keeper records: a reply to the child's letters or a letter the child writes first. */
export type ChildLetterKind = 'reply' | 'letter';

/**
 * How recording a child's letter starts (with a warning when no family member has joined,
 * so the letter will be kept), and the preview's heading.
 */
export function childLetterStart(target: ChildLetterTarget, kind: ChildLetterKind): { intro: Words; heading: Words } {
  const child = target.childName;
  const intro = words(kind === 'reply' ? 'letters.replyIntro' : 'letters.childLetterIntro', { child, maxParts: LETTER_LIMITS.parts, maxCharacters: LETTER_LIMITS.characters });
  const noFamily = target.family === 0 ? [words('letters.childLetterNoFamily', { child })] : [];
  return { intro: joined([intro, ...noFamily], '\n\n'), heading: words(kind === 'reply' ? 'letters.previewReply' : 'letters.previewChildLetter', { child }) };
}

/** A child's letter recorded: sent to the family (how many), or kept until a family member joins. */
export function childLetterRecorded(recorded: ReplyRecorded): Reply {
  const child = recorded.letter.childName;
  return reply(recorded.recipients.length === 0 ? words('letters.keptForFamily', { child }) : words('letters.replySent', { child, count: recorded.recipients.length }));
}

/** The children to pick from, two to a row, with the class when they come from several. */
function childLetterChoices(children: readonly ChildLetterChoice[]): Choice[][] {
  const severalClasses = new Set(children.map((child) => child.className)).size > 1;
  const label = (child: ChildLetterChoice) => verbatim(severalClasses && child.className ? `${child.name} · ${child.className}` : child.name);
  return rows(children.map((child) => ({ label: label(child), action: { name: 'letter.childFor', childId: child.id } })), 2);
}

/**
 * Whose letter the keeper records: a choice of children (a name may be typed to find one not
 * listed) to `pick` from; or, for someone who keeps no letterbox or has no child to record
 * for, a `reply` saying so.
 */
export function childLetterPicker(choices: ChildLetterChoices | null): { pick: Reply } | { reply: Reply } {
  if (choices === null) return { reply: reply(words('letters.notKeeper')) };
  if (choices.children.length === 0) return { reply: reply(words('letters.noChildLetterChildren')) };
  const more = choices.more > 0 ? [words('letters.childLetterMore', { count: choices.more })] : [];
  return { pick: reply(joined([words('letters.pickChildLetter'), ...more]), childLetterChoices(choices.children)) };
}

/** The children whose name holds what the keeper typed, to pick from; or that none does. */
export function childLetterSearch(found: ChildLetterChoices | null, query: string): Reply {
  if (found && found.children.length > 0) return reply(words('letters.childLetterFound'), childLetterChoices(found.children));
  return reply(words('letters.childLetterNotFound', { query: query.slice(0, 40) }));
}

/** How long a new campaign may run, in days. */
const CAMPAIGN_DAYS = [7, 14, 28] as const;

function campaignNames(campaign: CampaignView): { title: string; where: WordsValue; closes: string } {
  return { title: campaign.title, where: campaign.className ?? words('campaigns.wholeSchool'), closes: wallClock(campaign.closesAt, campaign.timezone).slice(0, 10) };
}

/**
 * `/campaign`: who has written in each open campaign, a line per child, with "Record a
 * child's letter" for whoever records children's letters and "Start a campaign" for admins;
 * for anyone else (`progress` null), that campaigns are the staff's. A line per entry, so a
 * channel may split a long list between lines.
 */
export function campaignProgress(progress: readonly CampaignProgress[] | null, offers: { recording: boolean; starting: boolean }): Reply {
  if (progress === null) return reply(words('campaigns.staffOnly'));
  const choices: Choice[][] = [
    offers.recording ? [recordChildLetterChoice] : [],
    offers.starting ? [{ label: words('campaigns.start'), action: { name: 'campaign.start' } }] : [],
  ];
  if (progress.length === 0) return reply(words('campaigns.noneOpen'), choices);
  const lines = progress.flatMap(({ campaign, children }, index) => {
    const byChildren = campaign.audience === 'CHILDREN';
    const values = { ...campaignNames(campaign), written: children.filter((child) => child.written).length, count: children.length };
    const heading = words(byChildren ? 'campaigns.progressTitleChildren' : 'campaigns.progressTitle', values);
    const notYet = byChildren ? 'campaigns.notYetChildren' : 'campaigns.notYet';
    return [...(index > 0 ? [verbatim('')] : []), heading, ...children.map((child) => words(child.written ? 'campaigns.written' : notYet, { child: child.childName }))];
  });
  return reply(joined(lines), choices);
}

/** The first question of a new campaign: who writes, the families or the children. */
export function campaignAudienceQuestion(): Reply {
  return reply(words('campaigns.askAudience'), [
    [{ label: words('campaigns.forFamilies'), action: { name: 'campaign.audience', audience: 'FAMILIES' } }],
    [{ label: words('campaigns.forChildren'), action: { name: 'campaign.audience', audience: 'CHILDREN' } }],
  ]);
}

/** A new campaign's title, in the language of the admin who starts it. */
export function campaignTitle(audience: CampaignAudience): Words {
  return words(audience === 'CHILDREN' ? 'campaigns.defaultTitle' : 'campaigns.familiesTitle');
}

/** Which families (or children) a new campaign is for: a whole school, or one of its classes. */
export function campaignScopeQuestion(audience: CampaignAudience, targets: readonly CampaignTarget[]): Reply {
  const choices = targets.flatMap((target): Choice[][] => [
    [{ label: words('campaigns.forSchool', { school: target.schoolName }), action: { name: 'campaign.scope', schoolId: target.schoolId, classId: 'school' } }],
    ...target.classes.map((klass): Choice[] => [{ label: words('campaigns.forClass', { className: klass.name }), action: { name: 'campaign.scope', schoolId: target.schoolId, classId: klass.id } }]),
  ]);
  return reply(words(audience === 'CHILDREN' ? 'campaigns.askScopeChildren' : 'campaigns.askScope', { title: campaignTitle(audience) }), choices);
}

/** When a new campaign closes: in one, two or four weeks. */
export function campaignClosingQuestion(): Reply {
  return reply(words('campaigns.askClosing'), [CAMPAIGN_DAYS.map((days): Choice => ({ label: words('campaigns.inDays', { count: days }), action: { name: 'campaign.days', days } }))]);
}

/** A campaign started: where, until when, and how many were told (the families, or the keepers and class teachers). */
export function campaignStarted(started: CampaignStarted): Reply {
  const names = campaignNames(started.campaign);
  if (started.campaign.audience === 'CHILDREN') return reply(words('campaigns.startedChildren', { ...names, children: started.children, count: started.staff.length }));
  return reply(words('campaigns.started', { ...names, count: started.families.length }));
}

/** Letters to print, with the document's file name and its caption. */
export interface LettersToPrint {
  letters: PrintableLetter[];
  fileName: string;
  caption: Words;
  /** When they are printed, as the printout says. */
  printedAt: Date;
}

/** A name as a file name keeps its letters and digits (Chinese included); anything else becomes a dash. */
function fileNamePart(name: string): string {
  return name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'child';
}

/** One letter opened from the letterbox, to print: named after the child and the day it was written. */
export function letterToPrint(letter: PrintableLetter, printedAt: Date): LettersToPrint {
  const day = wallClock(letter.writtenAt, letter.timezone).slice(0, 10);
  return { letters: [letter], fileName: `letter-${fileNamePart(letter.childName)}-${day}.pdf`, caption: words('printing.letterCaption', { name: letter.childName }), printedAt };
}

/** Printing is the keeper's and the admins' (the letters may be private). */
export const printingRefused: Reply = reply(words('printing.notKeeper'));

/**
 * The letters waiting in the letterbox (of the day typed, if one was), to print, named after
 * that day or the day they are printed; or that there are none.
 */
export function waitingToPrint(letters: readonly PrintableLetter[], typedDay: string, printedAt: Date): LettersToPrint | { reply: Reply } {
  if (letters.length === 0) return { reply: reply(typedDay ? words('printing.noneOnDay', { date: typedDay }) : words('printing.noneWaiting')) };
  const day = typedDay || wallClock(printedAt, letters[0]!.timezone).slice(0, 10);
  return { letters: [...letters], fileName: `letters-${day}.pdf`, caption: words('printing.batchCaption', { count: letters.length }), printedAt };
}
