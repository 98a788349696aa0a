import { writeFile } from 'node:fs/promises';
import { renderEnvExample } from '../src/config.js';

await writeFile(new URL('../.env.example', import.meta.url), renderEnvExample());
console.log('Wrote .env.example');
