import { loadDatabaseUrl } from '../config.js';
import { applyPendingMigrations } from './migrations.js';

const applied = await applyPendingMigrations(loadDatabaseUrl());
console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
