import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
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
 * Runs `work` with the schema engine opened on a SQLite database through the
 * better-sqlite3 driver adapter, then frees the engine and closes every connection it
 * opened (freeing the engine alone leaves the file open and locked). `work` also gets the
 * connection the engine uses, to wrap what the engine does in a transaction.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: SchemaFile,
  work: (engine: SchemaEngine, connection: SqlDriverAdapter) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const factory = new PrismaBetterSqlite3({ url: databaseUrl });
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(await factory.connectToShadowDb()),
  };
  function remember(adapter: SqlDriverAdapter): SqlDriverAdapter {
    opened.push(adapter);
    return adapter;
  }
  const ignoreEngineLog = () => undefined;
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    ignoreEngineLog,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  try {
    const connection = opened[0];
    if (!connection) throw new Error('the schema engine opened no connection to the database');
    return await work(engine, connection);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}
