import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Every module specifier a layer's TypeScript files import, with the file that imports it. */
async function importsOf(layer: string): Promise<{ file: string; from: string }[]> {
  const dir = path.join(SRC, layer);
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.startsWith('generated'));
  const found: { file: string; from: string }[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const from = match[1]!.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(path.join(dir, file)), match[1]!)) : match[1]!;
      found.push({ file: `${layer}/${file}`, from });
    }
  }
  return found;
}

const isChat = (from: string) => from === 'grammy' || from.startsWith('grammy/') || from.startsWith('@grammyjs/') || from.startsWith('telegram/');

describe('the layers of ARCHITECTURE.md: imports point down only', () => {
  it.each(['app', 'domain', 'notifications', 'delivery', 'i18n', 'actions', 'jobs'])('src/%s imports neither grammY nor the Telegram layer', async (layer) => {
    const imports = await importsOf(layer);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter(({ from }) => isChat(from))).toEqual([]);
  });

  it.each(['domain', 'notifications', 'delivery', 'i18n', 'actions'])('src/%s does not reach up into the use cases of src/app', async (layer) => {
    expect((await importsOf(layer)).filter(({ from }) => from.startsWith('app/'))).toEqual([]);
  });
});
