import type { ChildAction } from '../domain/access.js';
import { childFieldOrder, type ChildField } from '../domain/child-fields.js';
import type { ChildFileView, ChildListItem } from '../domain/children.js';
import type { ClassView, StaffView } from '../domain/schools.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** A child's fields as stored or as answered: text, dates as YYYY-MM-DD, enum codes, booleans. */
export type ChildFieldValues = Partial<Record<ChildField, string | boolean | Date | null>>;

/** A child's file in blocks (the card, then its calls and contacts), for a channel to send in as many messages as it needs, the choices under the last. */
export interface ChildFileReply {
  blocks: Words[];
  choices: Reply['choices'];
}

/** A list that may run longer than one message: a title and its lines, for the channel to page. */
export interface LongList {
  title: Words;
  lines: Words[];
}

/** One change of a child's file, as the history keeps it. */
export interface ChildChange {
  at: string;
  by: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** The answers a question offers as choices; optional fields also offer "skip". */
const offered: Partial<Record<ChildField, readonly string[]>> = {
  parentsAway: ['FATHER', 'MOTHER', 'BOTH', 'NONE'],
  guardianRelation: ['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'],
  boarding: ['YES', 'NO'],
};
const optional: readonly ChildField[] = ['workCity', 'notes'];

/** Children offered as choices at once (a Telegram message holds 100 buttons). */
const PICKER_SIZE = 50;
/** Long values (notes) are cut in the history, so a page holds many changes. */
const HISTORY_VALUE = 60;

/** An enum code of the file in words: who is away, the guardian's relation. */
function codeWords(field: ChildField, value: string): Words | undefined {
  if (field === 'parentsAway') return words(`parentsAway.${value as 'BOTH'}`);
  if (field === 'guardianRelation') return words(`relations.${value as 'MOTHER'}`);
  return undefined;
}

/** One field's value in words: enum codes and yes/no in words, dates as YYYY-MM-DD, "—" for empty. */
export function fieldValueWords(field: ChildField, value: string | boolean | Date | null | undefined): Words {
  if (value === null || value === undefined || value === '') return verbatim('—');
  if (value instanceof Date) return verbatim(value.toISOString().slice(0, 10));
  if (typeof value === 'boolean') return words(value ? 'childFile.yes' : 'childFile.no');
  return codeWords(field, value) ?? verbatim(value);
}

/** The lines "label: value" of a child's file, in the order given. */
export function childFieldLines(fields: readonly ChildField[], values: ChildFieldValues): Words[] {
  return fields.map((field) => words('childFile.fieldLine', { label: words(`childFile.fields.${field}`), value: fieldValueWords(field, values[field]) }));
}

function answerLabel(field: ChildField, value: string): Words {
  return codeWords(field, value) ?? words(value === 'YES' ? 'childFile.yes' : 'childFile.no');
}

/** The choices offered with a question: the field's answers, or "skip" for an optional field; all in one row. */
export function answerChoices(field: ChildField): Choice[][] {
  const choices: Choice[] = (offered[field] ?? []).map((value) => ({ label: answerLabel(field, value), action: { name: 'form.choice', value } }));
  if (optional.includes(field)) choices.push({ label: words('childForm.skip'), action: { name: 'form.choice', value: '' } });
  return [choices];
}

/** Asks for one field of a child's file, with its choices. */
export function fieldQuestion(field: ChildField): Reply {
  return reply(words(`childForm.ask.${field}`), answerChoices(field));
}

/** An answer turned down: why, then the question again with its choices. */
export function answerAgain(field: ChildField, why: Words): Reply {
  return reply(joined([why, words(`childForm.ask.${field}`)]), answerChoices(field));
}

/** Something other than text or a choice came while a field was asked. */
export function textPlease(field: ChildField): Reply {
  return reply(words('childForm.textPlease'), answerChoices(field));
}

/** `/addchild` for someone with no class to add a child to. */
export function noClassToAddTo(): Reply {
  return reply(words('childForm.noClass'));
}

/** Which class the new child is in, three classes to a row. */
export function classQuestion(classes: readonly ClassView[]): Reply {
  return reply(words('childForm.askClass'), rows(classes.map((each) => ({ label: verbatim(each.name), action: { name: 'form.class', classId: each.id } })), 3));
}

/** Something other than a class's choice came while the class was asked. */
export function pickClassPlease(): Reply {
  return reply(words('childForm.pickClass'));
}

/** The filled-in form to check before it is saved, with "save" and "discard". */
export function formSummary(className: string, child: ChildFieldValues): Reply {
  return reply(joined([words('childForm.summary', { className }), ...childFieldLines(childFieldOrder, child)]), [
    [
      { label: words('childForm.save'), action: { name: 'form.save' } },
      { label: words('childForm.discard'), action: { name: 'form.discard' } },
    ],
  ]);
}

/** Something other than "save" or "discard" came under the form's summary. */
export function saveOrDiscardPlease(): Reply {
  return reply(words('childForm.saveOrDiscard'));
}

/** The form was thrown away, nothing saved. */
export function formDiscarded(): Reply {
  return reply(words('childForm.discarded'));
}

/** A child added, with "invite the family" and "open the file". */
export function childSaved(name: string, childId: number): Reply {
  return reply(words('childForm.saved', { name }), [
    [
      { label: words('childFile.inviteFamily'), action: { name: 'invite.familyChild', childId } },
      { label: words('childFile.open'), action: { name: 'child.view', childId } },
    ],
  ]);
}

/**
 * A choice per child (the first 50, with their class), two to a row; when there are more, a
 * line saying how many and that `/<command> <part of a name>` finds them.
 */
export function childPickerReply(prompt: Words, command: string, children: readonly ChildListItem[], actionFor: (childId: number) => Choice['action']): Reply {
  const shown = children.slice(0, PICKER_SIZE);
  const more = children.length - shown.length;
  const choices = shown.map((child) => ({ label: verbatim(child.className ? `${child.name} · ${child.className}` : child.name), action: actionFor(child.id) }));
  return reply(more > 0 ? joined([prompt, words('childFile.more', { count: more, command })]) : prompt, rows(choices, 2));
}

/** `/children`: the files the reader may open, or that there are none. */
export function childrenReply(children: readonly ChildListItem[]): Reply {
  if (children.length === 0) return reply(words('childFile.noneVisible'));
  return childPickerReply(words('childFile.list'), 'children', children, (childId) => ({ name: 'child.view', childId }));
}

function cardWords(file: ChildFileView): Words {
  return joined([
    words('childFile.title', { name: file.name, className: file.className ?? '—' }),
    ...childFieldLines(['birthday', 'parentsAway', 'workCity', 'boarding', 'notes'], file),
    ...(file.contact ? childFieldLines(['guardianName', 'guardianRelation', 'guardianPhone'], file.contact) : []),
    words('childFile.fieldLine', { label: words('childFile.pairedTeacher'), value: file.pairedTeacher ?? '—' }),
    ...(file.archived ? [words('childFile.archivedNote')] : []),
  ]);
}

/** What the reader may do with the file: edit, history, invite the family; pair a teacher, archive. */
function cardChoices(file: ChildFileView): Choice[][] {
  const may = (action: ChildAction, choice: Choice): Choice[] => (file.allowed.includes(action) ? [choice] : []);
  const childId = file.id;
  return [
    [
      ...may('edit', { label: words('childFile.edit'), action: { name: 'child.edit', childId } }),
      ...may('edit', { label: words('childFile.history'), action: { name: 'child.history', childId } }),
      ...may('inviteFamily', { label: words('childFile.inviteFamily'), action: { name: 'invite.familyChild', childId } }),
    ],
    [...may('pair', { label: words('childFile.pair'), action: { name: 'child.pair', childId } }), ...may('archive', { label: words('childFile.archive'), action: { name: 'child.archive', childId } })],
  ];
}

/** A child's file: the card, then `more` blocks (its calls, its contacts), with the reader's choices. */
export function childFileReply(file: ChildFileView, more: readonly Words[]): ChildFileReply {
  return { blocks: [cardWords(file), ...more], choices: cardChoices(file).filter((row) => row.length > 0) };
}

/** Which field to change, three to a row. */
export function fieldPicker(file: Pick<ChildFileView, 'id' | 'name'>): Reply {
  return reply(
    words('childFile.whichField', { name: file.name }),
    rows(childFieldOrder.map((field) => ({ label: words(`childFile.fields.${field}`), action: { name: 'child.editField', childId: file.id, field } })), 3),
  );
}

/** A field changed, with "open the file". */
export function fieldUpdated(childId: number): Reply {
  return reply(words('childFile.updated'), [[{ label: words('childFile.open'), action: { name: 'child.view', childId } }]]);
}

function changedValue(field: ChildField, value: string | null): Words {
  const said = fieldValueWords(field, value);
  return 'text' in said && said.text.length > HISTORY_VALUE ? verbatim(`${said.text.slice(0, HISTORY_VALUE)}…`) : said;
}

/** The file's edit history, newest first: when, who, which field, from what to what. */
export function historyList(changes: readonly ChildChange[]): LongList {
  const lines = changes.map((change) => {
    const field = change.field as ChildField;
    return words('childFile.change', {
      at: change.at.slice(0, 16).replace('T', ' '),
      by: change.by ?? '—',
      field: words(`childFile.fields.${field}`),
      from: changedValue(field, change.oldValue),
      to: changedValue(field, change.newValue),
    });
  });
  return { title: words('childFile.historyTitle'), lines: lines.length > 0 ? lines : [words('childFile.noChanges')] };
}

/** Asks whether to archive a child who left. */
export function archiveQuestion(childId: number): Reply {
  return reply(words('childFile.archiveConfirm'), [
    [
      { label: words('childFile.archiveYes'), action: { name: 'child.archiveYes', childId } },
      { label: words('childFile.archiveNo'), action: { name: 'child.archiveNo' } },
    ],
  ]);
}

/** The child's file archived. */
export function childArchived(): Reply {
  return reply(words('childFile.archived'));
}

/** The child's file kept as it was. */
export function childNotArchived(): Reply {
  return reply(words('childFile.notArchived'));
}

/** The school's teachers to pair with the child, one a row. */
export function pairPicker(file: Pick<ChildFileView, 'id' | 'name'>, teachers: readonly StaffView[]): Reply {
  return reply(
    words('childFile.pickTeacher', { name: file.name }),
    teachers.map((teacher) => [{ label: verbatim(teacher.displayName), action: { name: 'child.pairWith', childId: file.id, teacherId: teacher.userId } }]),
  );
}

/** A teacher paired with the child. */
export function teacherPaired(): Reply {
  return reply(words('childFile.paired'));
}
