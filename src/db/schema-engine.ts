import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let loaded: Promise<SchemaEngineModule> | undefined;

/**
 * Instantiates Prisma's schema engine compiled to WebAssembly, once per process.
 * Node 20 cannot import a `.wasm` file, so the module is read and wired by hand;
 * this is what lets migrations run without downloading Prisma's native engine.
 */
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const bindings: SchemaEngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const module = new WebAssembly.Module(await readFile(wasmPath));
    const imports: WebAssembly.Imports = {};
    for (const { module: name } of WebAssembly.Module.imports(module)) {
      imports[name] = bindings as unknown as WebAssembly.ModuleImports;
    }
    const instance = new WebAssembly.Instance(module, imports);
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bindings;
  })();
  return loaded;
}

/** A Prisma schema file as the engine wants it: its path and its text. */
export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Opens the schema engine on a SQLite database through the better-sqlite3 driver adapter.
 * Call `free()` on the result when done so the database file is closed.
 */
export async function openSchemaEngine(databaseUrl: string, schema: SchemaFile): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: databaseUrl }));
  const ignoreEngineLog = () => undefined;
  return SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, ignoreEngineLog, adapter);
}
