import { parse } from 'csv-parse/sync';
import type { Db } from '../db/client.js';
import { languageFacts } from '../i18n/language-facts.js';
import { supportedLocales, type Locale } from '../i18n/locales.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { childFieldOrder, childFieldSchemas, type ChildField, type NewChild } from './child-fields.js';
import { assertCanAddToClass } from './children.js';
import { systemClock, type Clock } from './clock.js';
import { DomainError } from './errors.js';
import { recordImportEnd, recordImportStart } from './import-runs.js';

/** The most data lines one file may hold; larger files are refused whole. */
export const IMPORT_LINE_LIMIT = 5000;

/** A column of the import file: a field of the child's file, or the class it goes to. */
export type ImportColumn = ChildField | 'class';

/** The columns in template order; their headings and the example line are in `locales/meta/<code>.json`. */
const columns: readonly ImportColumn[] = ['name', 'birthday', 'class', 'parentsAway', 'workCity', 'guardianName', 'guardianRelation', 'guardianPhone', 'boarding', 'notes'];
const optionalColumns: ReadonlySet<ImportColumn> = new Set(['workCity', 'notes']);

/** A column's heading in a language, or the column's own name when the language gives none. */
function headingIn(column: ImportColumn, locale: Locale): string {
  return languageFacts(locale)?.childImport.headings[column] ?? column;
}

/** Why a child's field was refused: the codes `child-fields.ts` gives, `invalid` for any other. */
const fieldReasons = ['required', 'tooLong', 'control', 'birthday', 'birthdayAge', 'parentsAway', 'relation', 'phone', 'yesNo', 'invalid'] as const;

/** Every reason a file or a line can be refused for; the chat layer words each one. */
export type ImportReason =
  | (typeof fieldReasons)[number]
  | 'unknownClass'
  | 'classForbidden'
  | 'ambiguousClass'
  | 'duplicate'
  | 'missingColumn'
  | 'duplicateColumn'
  | 'empty'
  | 'tooManyLines'
  | 'csvFormat';

/** One problem: the line of the file (1 is the heading row) and, when it is one cell, its column. */
export interface ImportError {
  line: number;
  field?: ImportColumn;
  reason: ImportReason;
}

/** What an import did: children written, or (when there are errors) nothing written. */
export interface ImportReport {
  imported: number;
  errors: ImportError[];
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** Folds the ways a class name may be typed: case, spaces, full-width forms. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Folds a heading like a class name, and also `parents_away` into `Parents Away`. */
const foldHeading = (text: string) => fold(text).replace(/[_-]+/g, '');

/** Every language's heading is accepted, whatever the teacher's own language. */
const columnByHeading = new Map(columns.flatMap((column) => supportedLocales.map((locale) => [foldHeading(headingIn(column, locale)), column] as const)));

/** The line a record starts on: csv-parse counts the line it ends on, after any line breaks in quoted cells. */
function startLine({ record, info }: CsvRecord): number {
  return info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/\n/g)?.length ?? 0), 0);
}

function readRecords(csvText: string): CsvRecord[] | ImportError {
  try {
    return parse(csvText.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return { line: typeof line === 'number' ? line : 1, reason: 'csvFormat' };
  }
}

/** Maps each column to its index in the file, or lists what is wrong with the heading row. */
function readHeading(header: CsvRecord): Map<ImportColumn, number> | ImportError[] {
  const line = startLine(header);
  const indexes = new Map<ImportColumn, number>();
  const errors: ImportError[] = [];
  header.record.forEach((heading, index) => {
    const column = columnByHeading.get(foldHeading(heading));
    if (!column) return;
    if (indexes.has(column)) errors.push({ line, field: column, reason: 'duplicateColumn' });
    indexes.set(column, index);
  });
  for (const column of columns) {
    if (!indexes.has(column) && !optionalColumns.has(column)) errors.push({ line, field: column, reason: 'missingColumn' });
  }
  return errors.length > 0 ? errors : indexes;
}

function fieldReason(message: string | undefined): ImportError['reason'] {
  return fieldReasons.find((reason) => reason === message) ?? 'invalid';
}

type ClassMatch = { id: number; schoolId: number } | ImportReason;

/**
 * Resolves class names to the classes the actor may add children to. Names are looked up
 * in every school the actor works in, so a class they may not fill is told apart from one
 * that does not exist.
 */
async function classResolver(db: Db, actor: Actor, names: Set<string>): Promise<Map<string, ClassMatch>> {
  const scope = await loadScope(db, actor);
  const schoolIds = [...new Set([...scope.adminOf, ...scope.teacherOf])];
  const candidates = await db.class.findMany({ where: { schoolId: { in: schoolIds } }, select: { id: true, name: true } });
  const resolved = new Map<string, ClassMatch>();
  for (const name of names) {
    const matches = candidates.filter((candidate) => fold(candidate.name) === name);
    const allowed: { id: number; schoolId: number }[] = [];
    for (const match of matches) {
      try {
        allowed.push(await assertCanAddToClass(db, actor, match.id));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (matches.length === 0) resolved.set(name, 'unknownClass');
    else if (allowed.length === 0) resolved.set(name, 'classForbidden');
    else if (allowed.length > 1) resolved.set(name, 'ambiguousClass');
    else resolved.set(name, allowed[0]!);
  }
  return resolved;
}

type ChildRow = NewChild & { schoolId: number; classId: number };

const identity = (row: { schoolId: number; name: string; birthday: Date | null }) =>
  `${row.schoolId}|${row.name}|${row.birthday?.toISOString() ?? ''}`;

/** Marks lines whose child (same school, name and birthday) is already on file or earlier in the file. */
async function findDuplicates(db: Db, rows: { line: number; child: ChildRow }[]): Promise<ImportError[]> {
  const existing = await db.child.findMany({
    where: { schoolId: { in: [...new Set(rows.map((row) => row.child.schoolId))] }, archivedAt: null },
    select: { schoolId: true, name: true, birthday: true },
  });
  const seen = new Set(existing.map(identity));
  const errors: ImportError[] = [];
  for (const { line, child } of rows) {
    const key = identity(child);
    if (seen.has(key)) errors.push({ line, field: 'name', reason: 'duplicate' });
    seen.add(key);
  }
  return errors;
}

/** Checks every data line against the form's rules and the actor's classes. */
async function checkLines(db: Db, actor: Actor, records: CsvRecord[], indexes: Map<ImportColumn, number>, clock: Clock) {
  const schemas = childFieldSchemas(clock);
  const cell = (record: string[], column: ImportColumn) => {
    const index = indexes.get(column);
    return index === undefined ? '' : (record[index] ?? '');
  };
  const classNames = new Set(records.map(({ record }) => fold(cell(record, 'class'))));
  const classes = await classResolver(db, actor, classNames);
  const errors: ImportError[] = [];
  const rows: { line: number; child: ChildRow }[] = [];
  for (const entry of records) {
    const line = startLine(entry);
    const before = errors.length;
    const child: Partial<Record<ChildField, unknown>> = {};
    for (const field of childFieldOrder) {
      const parsed = schemas[field].safeParse(cell(entry.record, field));
      if (parsed.success) child[field] = parsed.data;
      else errors.push({ line, field, reason: fieldReason(parsed.error.issues[0]?.message) });
    }
    const className = cell(entry.record, 'class');
    const target = className.trim() === '' ? 'required' : classes.get(fold(className))!;
    if (typeof target === 'string') errors.push({ line, field: 'class', reason: target });
    else if (errors.length === before) rows.push({ line, child: { ...(child as NewChild), schoolId: target.schoolId, classId: target.id } });
  }
  return { errors: [...errors, ...(await findDuplicates(db, rows))].sort((a, b) => a.line - b.line), rows };
}

/**
 * The CSV template teachers fill in: a heading row in their language and one example
 * line. It starts with a byte order mark, because Excel reads a CSV without one in the
 * local code page and shows Chinese as garbage.
 */
export function templateCsv(locale: Locale): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const example = languageFacts(locale)?.childImport.example ?? {};
  const lines = [columns.map((column) => headingIn(column, locale)), columns.map((column) => example[column] ?? '')];
  return `\uFEFF${lines.map((values) => values.map(quote).join(',')).join('\r\n')}\r\n`;
}

/** The heading of each column in a language, for messages that name a column. */
export function columnHeading(column: ImportColumn, locale: Locale): string {
  return headingIn(column, locale);
}

/** Why a file was refused before its lines were read; the chat layer reads the file and says which. */
export type UploadRefusal = 'tooBig' | 'notUtf8';

/** What importing a sent file did: the report, or why the file could not be read at all. */
export type ImportOutcome = ImportReport | { refused: UploadRefusal };

/**
 * Bulk import of children's files from a CSV, all lines or none. Every import is recorded
 * when it starts and when it ends (see `import-runs.ts`), so one cut short by a crash is
 * found at the next start and its teacher told.
 */
export function createChildImport(db: Db, clock: Clock = systemClock) {
  /** Checks the text and writes every child with the import's closing entry in one transaction, or closes it as refused. */
  async function importText(actor: Actor, importId: number, csvText: string): Promise<ImportReport> {
    const report = await checkFile(actor, csvText);
    if ('errors' in report) {
      await db.$transaction((tx) =>
        recordImportEnd(tx, actor, importId, { action: 'children.import.refused', at: clock(), details: { errors: report.errors.length } }),
      );
      return report;
    }
    const count = await db.$transaction(async (tx) => {
      const created = await tx.child.createMany({ data: report.rows });
      await recordImportEnd(tx, actor, importId, { action: 'children.imported', at: clock(), details: { count: created.count } });
      return created.count;
    });
    return { imported: count, errors: [] };
  }

  /** The checked lines of a file, or the report of what is wrong with it. */
  async function checkFile(actor: Actor, csvText: string): Promise<{ rows: ChildRow[] } | ImportReport> {
    const refuse = (errors: ImportError[]): ImportReport => ({ imported: 0, errors });
    const records = readRecords(csvText);
    if (!Array.isArray(records)) return refuse([records]);
    const [header, ...lines] = records;
    if (!header || lines.length === 0) return refuse([{ line: header ? startLine(header) : 1, reason: 'empty' }]);
    if (lines.length > IMPORT_LINE_LIMIT) return refuse([{ line: startLine(lines[IMPORT_LINE_LIMIT]!), reason: 'tooManyLines' }]);
    const indexes = readHeading(header);
    if (Array.isArray(indexes)) return refuse(indexes);
    const { errors, rows } = await checkLines(db, actor, lines, indexes, clock);
    return errors.length > 0 ? refuse(errors) : { rows: rows.map((row) => row.child) };
  }

  /** Runs an import between its start and end records; one that throws is closed as failed before the error goes on. */
  async function tracked<T>(actor: Actor, fileName: string, work: (importId: number) => Promise<T>): Promise<T> {
    const importId = await recordImportStart(db, actor, fileName, clock());
    try {
      return await work(importId);
    } catch (error) {
      await db.$transaction((tx) => recordImportEnd(tx, actor, importId, { action: 'children.import.failed', at: clock() }));
      throw error;
    }
  }

  return {
    /**
     * Imports a file a teacher sent: records the start before `read` fetches it, so a crash
     * while fetching or writing is told at the next start. `read` gives the file's text or
     * why it cannot be read; then every line is imported as in `importChildren`.
     */
    importFile(actor: Actor, fileName: string, read: () => Promise<string | UploadRefusal>): Promise<ImportOutcome> {
      return tracked(actor, fileName, async (importId) => {
        const text = await read();
        if (text === 'tooBig' || text === 'notUtf8') {
          await db.$transaction((tx) => recordImportEnd(tx, actor, importId, { action: 'children.import.refused', at: clock(), details: { reason: text } }));
          return { refused: text };
        }
        return importText(actor, importId, text);
      });
    },

    /**
     * Imports every line of a CSV file (UTF-8, with or without a BOM, English or Chinese
     * headings) as a child's file in one transaction. If any line is wrong, nothing is
     * written and the report lists each problem by line and column.
     */
    importChildren(actor: Actor, csvText: string, fileName = 'import.csv'): Promise<ImportReport> {
      return tracked(actor, fileName, (importId) => importText(actor, importId, csvText));
    },
  };
}

export type ChildImport = ReturnType<typeof createChildImport>;
