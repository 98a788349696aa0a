const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (value && typeof value === 'object') {
      for (const [inner, text] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) entries.set(inner, text);
    } else {
      entries.set(`${prefix}${key}`, String(value));
    }
  }
  return entries;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!))].sort();
}

/**
 * Compares every locale with the first one: the same keys (plural suffixes folded), exactly
 * the plural forms the language's rules use (`Intl.PluralRules`: one/other in English, one/
 * few/many/other in Russian, only other in Chinese), and the same `{{placeholders}}` in each string.
 */
export function localeProblems(files: Record<string, Record<string, unknown>>): string[] {
  const [base, ...others] = Object.keys(files);
  const flat = Object.fromEntries(Object.entries(files).map(([locale, tree]) => [locale, flatten(tree)]));
  const stems = (locale: string) => new Set([...flat[locale]!.keys()].map((key) => key.replace(PLURAL_SUFFIX, '')));
  const pluralStems = new Set(
    Object.values(flat).flatMap((entries) => [...entries.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, ''))),
  );
  const placeholdersOf = (locale: string, stem: string) =>
    placeholders([...flat[locale]!].filter(([key]) => key.replace(PLURAL_SUFFIX, '') === stem).map(([, text]) => text).join(' '));

  const problems: string[] = [];
  for (const locale of Object.keys(files)) {
    const own = stems(locale);
    for (const other of Object.keys(files)) {
      for (const stem of stems(other)) {
        if (!own.has(stem) && !problems.includes(`${locale} lacks ${stem}`)) problems.push(`${locale} lacks ${stem}`);
      }
    }
    const categories: readonly string[] = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const stem of pluralStems) {
      if (!own.has(stem)) continue;
      for (const category of categories) {
        if (!flat[locale]!.has(`${stem}_${category}`)) problems.push(`${locale} lacks ${stem}_${category} (plural form ${category})`);
      }
    }
    for (const key of flat[locale]!.keys()) {
      const form = PLURAL_SUFFIX.exec(key)?.[1];
      if (form && !categories.includes(form)) problems.push(`${locale} has ${key}, a plural form its language never uses`);
    }
  }
  for (const locale of others) {
    for (const stem of stems(base!)) {
      if (!stems(locale).has(stem)) continue;
      const expected = placeholdersOf(base!, stem);
      const actual = placeholdersOf(locale, stem);
      if (expected.join() !== actual.join()) {
        problems.push(`${locale} ${stem} has placeholders [${actual.join(', ')}] where ${base} has [${expected.join(', ')}]`);
      }
    }
  }
  return problems;
}
