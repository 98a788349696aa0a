import type { UpdateCategory } from '../db/generated/enums.js';
import { updateCategories, type UpdateMediaItem } from '../domain/updates.js';
import type { Translate } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { button, grid, keyboard } from './keyboards.js';

const NAMES_SHOWN = 3;

/** Whom an update is about, in words: up to three names, else the first two and how many in all. */
export function childrenLabel(t: Translate, children: readonly { name: string }[]): string {
  const names = (list: readonly { name: string }[]) => list.map((child) => child.name).join(t('updates.nameSeparator'));
  if (children.length <= NAMES_SHOWN) return names(children);
  return t('updates.manyChildren', { names: names(children.slice(0, 2)), number: children.length });
}

/** The mark of each kind of media; videos and round video notes count together. */
const MEDIA_MARKS = { photo: '📷', voice: '🎤', video: '🎬', video_note: '🎬' } as const;

/** An update's photos, voice notes and videos as marks, such as `📷×2 🎤×1 🎬×1`; empty without media. */
function mediaMarks(media: readonly UpdateMediaItem[]): string {
  const counts = new Map<string, number>();
  for (const item of media) counts.set(MEDIA_MARKS[item.kind], (counts.get(MEDIA_MARKS[item.kind]) ?? 0) + 1);
  return [...new Set(Object.values(MEDIA_MARKS))].flatMap((mark) => (counts.has(mark) ? [`${mark}×${counts.get(mark)}`] : [])).join(' ');
}

/** An update in one line: ⚠ for a concern, its text cut to `length` characters, its media marks. */
export function snippet(update: { text: string | null; media: readonly UpdateMediaItem[]; concern: boolean }, length: number): string {
  const text = update.text && update.text.length > length ? `${update.text.slice(0, length)}…` : update.text;
  return [update.concern ? '⚠' : '', text ?? '', mediaMarks(update.media)].filter(Boolean).join(' ');
}

/** `MM-DD HH:MM` as the school's clocks show an instant. */
export function shortTime(iso: string, timezone: string): string {
  return wallClock(new Date(iso), timezone).slice(5);
}

/** A category's name in the reader's language. */
export function categoryName(t: Translate, category: UpdateCategory): string {
  return t(`categories.${category}`);
}

/** The six categories as buttons, three to a row; each sends `dataFor` of its category. */
export function categoryKeyboard(t: Translate, dataFor: (category: UpdateCategory) => string) {
  return keyboard(grid(updateCategories.map((category) => button(categoryName(t, category), dataFor(category))), 3));
}
