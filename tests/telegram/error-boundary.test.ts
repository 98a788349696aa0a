import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

/**
 * A fault after a button press was answered still reaches the user as a message (Telegram
 * refuses a second answer, which would swallow the apology), and an edit that changes
 * nothing is no fault at all.
 */
let h: Harness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('teacher', 8801, 'Ms Liu', 'en');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.child('child', 'Li Xiaoming');
  await h.db.growthUpdate.create({
    data: { authorId: ids.teacher!, schoolId: s.schoolId, category: 'STUDY', text: 'Full marks in maths', createdAt: new Date(h.now), children: { create: { childId: ids.child! } } },
  });
});
afterAll(() => h.close());

const teacher = () => h.user('Ms Liu', 8801, 'en');
const answersTo = (queryId: string) => h.callsOf('answerCallbackQuery').filter((call) => call.payload.callback_query_id === queryId);

describe('the error boundary after a button press', () => {
  it('answers a press once and sends the apology as a message when the handler fails after answering', async () => {
    const liu = teacher();
    await liu.send('/updates');
    await liu.press('Delete 1');
    h.telegram.failNext('editMessageText', 400, 'Bad Request: message to edit not found');
    const replies = await liu.press('Keep it');

    const queryId = String(h.callsOf('answerCallbackQuery').at(-1)!.payload.callback_query_id);
    expect(answersTo(queryId)).toHaveLength(1);
    expect(replies.map((reply) => [reply.method, reply.text])).toEqual([
      ['answerCallbackQuery', undefined],
      ['editMessageText', 'Kept; nothing changed.'],
      ['sendMessage', 'Sorry, something went wrong on my side. Please try again in a moment.'],
    ]);
    expect(h.logs.filter((line) => line.includes('update failed'))).toHaveLength(1);
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/error-boundary.txt');
  });

  it('passes over "message is not modified" quietly: no apology, no error in the log', async () => {
    const liu = teacher();
    await liu.send('/updates');
    await liu.press('Delete 1');
    const errorsBefore = h.logs.filter((line) => line.includes('"level":50')).length;
    h.telegram.failNext('editMessageText', 400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same');
    const replies = await liu.press('Keep it');

    expect(replies.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(h.logs.filter((line) => line.includes('"level":50')).length).toBe(errorsBefore);
  });
});
