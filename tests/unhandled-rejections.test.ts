import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * A process that installs the guard as main.ts does, then lets a promise reject with nobody
 * to catch it (its message quoting a family's words) and checks in a moment later.
 */
const script = `
import { createLogger } from './src/logger.ts';
import { surviveUnhandledRejections } from './src/health/unhandled-rejections.ts';
surviveUnhandledRejections(createLogger('info'));
Promise.reject(new TypeError('Mother Liu wrote: please call me'));
setTimeout(() => console.log('still running'), 200);
`;

function run(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('a promise rejection nobody handles', () => {
  it('is logged at error level without its message, and the process runs on', async () => {
    const { code, output } = await run();
    expect(output).toContain('still running');
    expect(code).toBe(0);
    const logged = output.split('\n').filter((line) => line.includes('unhandled promise rejection')).map((line) => JSON.parse(line));
    expect(logged).toEqual([expect.objectContaining({ level: 50, rejection: expect.objectContaining({ kind: 'TypeError', stack: expect.stringContaining('at ') }) })]);
    expect(output).not.toContain('Mother Liu');
  });
});
