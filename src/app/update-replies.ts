import type { UpdateCategory } from '../db/generated/enums.js';
import type { ConcernNotified } from '../notifications/concern.js';
import {
  updateCategories,
  type CheckedTarget,
  type ChildChoice,
  type FollowUpKind,
  type GrowthRecord,
  type UpdateMediaItem,
  type UpdateView,
} from '../domain/updates.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

const NAMES_SHOWN = 3;
/** How much of an update's text a line of `/updates` or of an edit question shows. */
const LIST_SNIPPET = 40;
/** How much of an update's text a line of the growth record shows. */
const RECORD_SNIPPET = 100;
/** Updates on one window of `/updates`, each with its Edit and Delete choices. */
const LIST_WINDOW = 10;

/**
 * A titled list that may outgrow one message: the app gives its entries as words and the
 * channel cuts them into pages of its own size. A list read a window of entries at a time
 * (so the database never hands over the whole list) says which window this is.
 */
export interface TitledList {
  readonly title: Words;
  readonly entries: readonly Words[];
  readonly window: number;
  readonly windows: number;
  /** Choices shown with the list on every page of this window (edit, delete…). */
  readonly choices: readonly (readonly Choice[])[];
}

/** Whom an update is about: up to three names, else the first two and how many in all. */
export function childrenWords(children: readonly { name: string }[]): Words {
  const names = (list: readonly { name: string }[]) => joined(list.map((child) => verbatim(child.name)), words('updates.nameSeparator'));
  if (children.length <= NAMES_SHOWN) return names(children);
  return words('updates.manyChildren', { names: names(children.slice(0, 2)), number: children.length });
}

/** The mark of each kind of media; videos and round video notes count together. */
const MEDIA_MARKS = { photo: '📷', voice: '🎤', video: '🎬', video_note: '🎬' } as const;

/** An update's photos, voice notes and videos as marks, such as `📷×2 🎤×1 🎬×1`; empty without media. */
function mediaMarks(media: readonly UpdateMediaItem[]): string {
  const counts = new Map<string, number>();
  for (const item of media) counts.set(MEDIA_MARKS[item.kind], (counts.get(MEDIA_MARKS[item.kind]) ?? 0) + 1);
  return [...new Set(Object.values(MEDIA_MARKS))].flatMap((mark) => (counts.has(mark) ? [`${mark}×${counts.get(mark)}`] : [])).join(' ');
}

/** An update in one line, the same in every language: ⚠ for a concern, its text cut to `length` characters, its media marks. */
function snippet(update: { text: string | null; media: readonly UpdateMediaItem[]; concern: boolean }, length: number): Words {
  const text = update.text && update.text.length > length ? `${update.text.slice(0, length)}…` : update.text;
  return verbatim([update.concern ? '⚠' : '', text ?? '', mediaMarks(update.media)].filter(Boolean).join(' '));
}

/** `MM-DD HH:MM` as the school's clocks show an instant. */
function shortTime(iso: string, timezone: string): Words {
  return verbatim(wallClock(new Date(iso), timezone).slice(5));
}

/** A category's name, for any language. */
export function categoryWords(category: UpdateCategory): Words {
  return words(`categories.${category}`);
}

/** The six categories as choices, three to a row; each stands for `actionFor` of its category. */
function categoryChoices(actionFor: (category: UpdateCategory) => Choice['action']): Choice[][] {
  return rows(updateCategories.map((category) => ({ label: categoryWords(category), action: actionFor(category) })), 3);
}

/** Whom a checked target names: a whole class, or its children. */
export function targetWords(target: CheckedTarget): Words {
  return target.className ? words('updates.wholeClassTarget', { className: target.className }) : childrenWords(target.children);
}

/** The children to choose, two to a row (with their class when they come from several), then each whole class on its row. */
function targetChoices(children: readonly ChildChoice[], classes: readonly { id: number; name: string }[]): Choice[][] {
  const severalClasses = new Set(children.map((child) => child.className)).size > 1;
  const label = (child: ChildChoice) => verbatim(severalClasses && child.className ? `${child.name} · ${child.className}` : child.name);
  return [
    ...rows(children.map((child) => ({ label: label(child), action: { name: 'update.child', childId: child.id } })), 2),
    ...classes.map((each) => [{ label: words('updates.wholeClass', { className: each.name }), action: { name: 'update.class', classId: each.id } } as const]),
  ];
}

/** Tap 1 of a quick update: whom it is about, with "don't save" last; or that there is nobody to write about yet. */
export function targetPicker(children: readonly ChildChoice[], classes: readonly { id: number; name: string }[]): Reply {
  if (children.length === 0 && classes.length === 0) return reply(words('updates.noChildren'));
  return reply(words('updates.askChild'), [...targetChoices(children, classes), [{ label: words('updates.dontSave'), action: { name: 'update.dontSave' } }]]);
}

/** The children whose names hold a typed query, to press; or that none does. */
export function searchResult(query: string, found: readonly ChildChoice[]): Reply {
  if (found.length === 0) return reply(words('updates.notFound', { query: query.slice(0, 40) }));
  return reply(words('updates.found'), targetChoices(found, []));
}

/** Tap 2 of a quick update: what it is about, the categories to press. */
export function categoryQuestion(target: Words): Reply {
  return reply(words('updates.askCategory', { target }), categoryChoices((category) => ({ name: 'update.category', category })));
}

/** Tap 3 of a quick update: save, save as concern or save as urgent concern, each on its row. */
export function saveQuestion(target: Words, category: UpdateCategory): Reply {
  const save = (label: Words, mode: 'n' | 'c' | 'u'): Choice[] => [{ label, action: { name: 'update.save', mode } }];
  return reply(words('updates.askSave', { target, category: categoryWords(category) }), [
    save(words('updates.save'), 'n'),
    save(words('updates.saveConcern'), 'c'),
    save(words('updates.saveUrgent'), 'u'),
  ]);
}

/**
 * The confirmation of a saved update: where it was recorded; for a concern, how many parents
 * were told (as urgent or not) and who was asked to follow up; and that /updates changes it.
 */
export function updatePosted(target: Words, category: UpdateCategory, told: ConcernNotified | null, urgent: boolean): Reply {
  const saved = words('updates.saved', { target, category: categoryWords(category) });
  const concern = told
    ? [
        told.parents === 0 ? words('updates.noParents') : words(urgent ? 'updates.parentsToldUrgent' : 'updates.parentsTold', { number: told.parents }),
        told.followUpBy.length > 0
          ? words('updates.followUpAsked', { teachers: joined(told.followUpBy.map(verbatim), words('updates.nameSeparator')) })
          : words('updates.noFollowUpTeacher'),
      ]
    : [];
  return reply(joined([saved, ...concern, words('updates.changeHint')]));
}

/** An update as its author is asked about it: when, whom, what category, then its line. */
function updateSummary(update: UpdateView): Words {
  return joined([joined([shortTime(update.createdAt, update.timezone), childrenWords(update.children), categoryWords(update.category)], ' · '), snippet(update, LIST_SNIPPET)]);
}

/**
 * Window `requested` (from 0; untrusted, so held to a real one) of `/updates`: ten of the
 * author's updates of the last 24 hours, numbered through the whole list, each with Edit and Delete.
 */
export function recentUpdatesList(all: readonly UpdateView[], requested: number): TitledList {
  const windows = Math.max(Math.ceil(all.length / LIST_WINDOW), 1);
  const window = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 0), windows - 1) : 0;
  const first = window * LIST_WINDOW;
  const updates = all.slice(first, first + LIST_WINDOW);
  const entries = updates.map((update, index) =>
    words('updates.list.line', {
      n: first + index + 1,
      time: shortTime(update.createdAt, update.timezone),
      target: childrenWords(update.children),
      category: categoryWords(update.category),
      summary: snippet(update, LIST_SNIPPET),
    }),
  );
  const choices = updates.map((update, index): Choice[] => [
    { label: words('updates.list.edit', { n: first + index + 1 }), action: { name: 'update.edit', updateId: update.id } },
    { label: words('updates.list.delete', { n: first + index + 1 }), action: { name: 'update.delete', updateId: update.id } },
  ]);
  return { title: words('updates.list.title'), entries, window, windows, choices };
}

/** Updates are posted by teachers and admins: anyone else is told so. */
export function staffOnly(): Reply {
  return reply(words('updates.staffOnly'));
}

/** That the author posted nothing in the last 24 hours, and how to post. */
export function noRecentUpdates(): Reply {
  return reply(words('updates.list.none'));
}

/** What to change of an update: its text or its category. */
export function editQuestion(update: UpdateView): Reply {
  return reply(words('updates.edit.which', { summary: updateSummary(update) }), [
    [
      { label: words('updates.edit.text'), action: { name: 'update.editText', updateId: update.id } },
      { label: words('updates.edit.category'), action: { name: 'update.editCategory', updateId: update.id } },
    ],
  ]);
}

/** The new category of an update, to press. */
export function newCategoryQuestion(updateId: number): Reply {
  return reply(words('updates.edit.askCategory'), categoryChoices((category) => ({ name: 'update.setCategory', updateId, category })));
}

/** "Changed", and when the families already have the old words, that their copy stays as it was. */
export function updateEdited(familiesHaveOld: boolean): Reply {
  return reply(words(familiesHaveOld ? 'updates.edit.savedAlreadySent' : 'updates.edit.saved'));
}

/** Whether to delete an update from the growth record, shown in short. */
export function deleteQuestion(update: UpdateView): Reply {
  return reply(words('updates.delete.confirm', { summary: updateSummary(update) }), [
    [
      { label: words('updates.delete.yes'), action: { name: 'update.deleteYes', updateId: update.id } },
      { label: words('updates.delete.no'), action: { name: 'update.deleteNo' } },
    ],
  ]);
}

/** A follow-up's kind ("called the parents"…), for any language. */
function followUpKindWords(kind: FollowUpKind): Words {
  return words(`updates.followUp.kinds.${kind}`);
}

/** A logged follow-up thanked for, with the offer of a short note or "no note" to press. */
export function followUpLogged(kind: FollowUpKind): Reply {
  return reply(words('updates.followUp.logged', { kind: followUpKindWords(kind) }), [[{ label: words('updates.followUp.skipNote'), action: { name: 'update.followUpNoNote' } }]]);
}

/** A window of a child's growth record: each update's time, category and author, its line, and the follow-ups logged. */
export function growthRecordList(record: GrowthRecord): TitledList {
  const entries = record.entries.map((entry) => {
    const heading = joined([shortTime(entry.createdAt, record.timezone), categoryWords(entry.category), verbatim(entry.authorName)], ' · ');
    const followUps = entry.followUps.map((followUp) =>
      joined([verbatim('  ↳ '), joined([followUpKindWords(followUp.kind), verbatim(followUp.by), shortTime(followUp.at, record.timezone)], ' · ')], ''),
    );
    return joined([heading, joined([verbatim('  '), snippet(entry, RECORD_SNIPPET)], ''), ...followUps]);
  });
  const title = words('updates.record.title', { name: record.childName });
  return { title, entries: entries.length > 0 ? entries : [words('updates.record.empty')], window: record.page, windows: record.pages, choices: [] };
}
