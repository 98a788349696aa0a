import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../../src/domain/errors.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { supportedLocales } from '../../src/i18n/locales.js';
import { refusalText } from '../../src/telegram/refusals.js';

describe('refusal messages', () => {
  it.each(supportedLocales)('every reason the domain refuses with has its own message in %s', async (locale) => {
    const t = (await loadTranslations()).translatorFor(locale);
    const forbidden = refusalText(t, 'forbidden');
    for (const reason of REFUSAL_REASONS) {
      const text = refusalText(t, reason);
      expect(text, reason).not.toMatch(/^[\w.]+$|\{\{/);
      if (reason !== 'forbidden') expect(text, reason).not.toBe(forbidden);
    }
  });

  it('a limit in the message is filled in', async () => {
    const t = (await loadTranslations()).translatorFor('en');
    expect(refusalText(t, 'letters:tooManyParts')).toMatch(/at most \d+ parts/);
  });
});
