/** The longest caption a bot may send with a photo or voice note. */
export const CAPTION_LIMIT = 1024;

/** A caption placed where Telegram takes it: on the media, or whole in a text message after it. */
export interface FittedCaption {
  caption?: string;
  after?: string;
}

/**
 * Places a caption Telegram would refuse. A Premium user may write 2,048 characters under a
 * photo, a bot may send only 1,024: a longer one goes whole in a message after the media, so
 * a family's words are neither cut nor lost to a refused send.
 */
export function fitCaption(caption: string | undefined): FittedCaption {
  if (caption === undefined) return {};
  return caption.length <= CAPTION_LIMIT ? { caption } : { after: caption };
}
