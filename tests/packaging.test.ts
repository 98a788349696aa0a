import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

/** The words of `npm start` after `exec`: node, its flags and the entry point. */
function npmStartCommand(): string[] {
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
  return start.replace(/^exec /, '').split(' ');
}

/** The Dockerfile's CMD, written in its JSON form. */
function dockerCommand(): string[] {
  const line = read('Dockerfile')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  return JSON.parse(line!.slice('CMD '.length)) as string[];
}

describe('the way the bot is started', () => {
  it('is the same in the Docker image as with npm start: same Node flags, same entry point', () => {
    expect(dockerCommand()).toEqual(npmStartCommand());
    expect(npmStartCommand()).toEqual(['node', '--liftoff-only', '--max-old-space-size=256', 'dist/main.js']);
  });
});
