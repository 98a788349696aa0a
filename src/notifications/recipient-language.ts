import { resolveLocale, type Locale } from '../i18n/locales.js';
import type { Translate, Translations } from '../i18n/translator.js';

/** What rendering a message for someone needs: the translations and the deployment's default language. */
export interface RenderDeps {
  translations: Translations;
  defaultLocale: Locale;
}

/** The translator for a recipient: their chosen language, else their Telegram language, else the default. */
export function translatorForRecipient(deps: RenderDeps, recipient: { locale: string | null; languageCode: string | null }): Translate {
  return deps.translations.translatorFor(resolveLocale(recipient.locale, recipient.languageCode, deps.defaultLocale));
}
