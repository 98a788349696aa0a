// Types every translation key from the base locale: a key missing from locales/en.json
// fails to compile. The locale parity test keeps the other languages in step.
import type en from '../../locales/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}
