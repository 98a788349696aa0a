import type { OutgoingButton, OutgoingMessage } from '../delivery/message.js';
import type { UpdateMediaItem } from '../domain/updates.js';

/** The kinds of media people send and the school keeps (letters' parts, updates' media, family messages). */
export type StoredMediaKind = 'photo' | 'voice' | 'video' | 'video_note';

/** The channel's kind of message for each kind of stored media (a round video note is `videoNote`). */
const CHANNEL_KIND = { photo: 'photo', voice: 'voice', video: 'video', video_note: 'videoNote' } as const;

/**
 * One stored piece of media as an outgoing message, by its file id, with a caption and
 * buttons if given. Stored kinds and channel kinds differ in one name (video_note), so
 * every notification maps them here rather than each in its own way.
 */
export function mediaMessage(kind: StoredMediaKind, fileId: string, caption?: string, buttons?: OutgoingButton[][]): OutgoingMessage {
  return { kind: CHANNEL_KIND[kind], fileId, ...(caption ? { caption } : {}), ...(buttons ? { buttons } : {}) };
}

/** An update's videos and round video notes, in the order they were sent: each goes as a message of its own. */
export function videosOf(media: readonly UpdateMediaItem[]): (UpdateMediaItem & { kind: 'video' | 'video_note' })[] {
  return media.filter((item): item is UpdateMediaItem & { kind: 'video' | 'video_note' } => item.kind === 'video' || item.kind === 'video_note');
}
