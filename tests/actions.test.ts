import { describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACK_DATA_LIMIT, pack, unpack, type Action, type ActionName } from '../src/actions/index.js';
import { MAX_ID } from '../src/actions/fields.js';

/** One example of every action, with the largest values its fields take. */
const largest: { [N in ActionName]: Action<N> } = {
  'letter.write': { name: 'letter.write', childId: MAX_ID },
  'letter.inbox': { name: 'letter.inbox' },
  'letter.recordChild': { name: 'letter.recordChild' },
  'letter.childFor': { name: 'letter.childFor', childId: MAX_ID },
  'letter.replyFor': { name: 'letter.replyFor', childId: MAX_ID },
  'letter.open': { name: 'letter.open', letterId: MAX_ID },
  'letter.read': { name: 'letter.read', letterId: MAX_ID },
  'letter.hold': { name: 'letter.hold', letterId: MAX_ID },
  'letter.print': { name: 'letter.print', letterId: MAX_ID },
  'letter.thread': { name: 'letter.thread', childId: MAX_ID, page: MAX_ID },
  'letter.show': { name: 'letter.show', letterId: MAX_ID },
  'letter.send': { name: 'letter.send' },
  'letter.discard': { name: 'letter.discard' },
  'call.child': { name: 'call.child', childId: MAX_ID },
  'call.book': { name: 'call.book', childId: MAX_ID },
  'call.move': { name: 'call.move', bookingId: MAX_ID },
  'call.day': { name: 'call.day', childId: MAX_ID, moveId: MAX_ID, date: '20261231' },
  'call.slot': { name: 'call.slot', childId: MAX_ID, moveId: MAX_ID, minute: MAX_ID },
  'call.cancel': { name: 'call.cancel', bookingId: MAX_ID },
  'call.cancelYes': { name: 'call.cancelYes', bookingId: MAX_ID },
  'call.cancelNo': { name: 'call.cancelNo' },
  'schedule.page': { name: 'schedule.page', schoolId: MAX_ID, date: '2026-12-31', page: MAX_ID, part: MAX_ID },
  'schedule.held': { name: 'schedule.held', callId: MAX_ID },
  'schedule.missed': { name: 'schedule.missed', callId: MAX_ID },
  'callHours.school': { name: 'callHours.school', schoolId: MAX_ID },
  'callHours.keep': { name: 'callHours.keep' },
  'callHours.cap': { name: 'callHours.cap', cap: 9 },
  'schedule.minutes': { name: 'schedule.minutes', minutes: 999 },
  'alert.step': { name: 'alert.step', step: 'resolved', alertId: MAX_ID },
  'alert.notifyParents': { name: 'alert.notifyParents', alertId: MAX_ID },
  'alert.status': { name: 'alert.status', alertId: MAX_ID },
  'alert.child': { name: 'alert.child', childId: MAX_ID },
  'alert.kind': { name: 'alert.kind', kind: 'UNSUPERVISED' },
  'alert.noNote': { name: 'alert.noNote' },
  'note.received': { name: 'note.received', noteId: MAX_ID },
  'note.seeAll': { name: 'note.seeAll', noteId: MAX_ID },
  'note.answer': { name: 'note.answer', childId: MAX_ID },
  'note.edit': { name: 'note.edit', noteId: MAX_ID },
  'note.hold': { name: 'note.hold', noteId: MAX_ID },
  'note.receipts': { name: 'note.receipts', page: MAX_ID },
  'familyMessage.answer': { name: 'familyMessage.answer', messageId: MAX_ID },
  'familyMessage.reply': { name: 'familyMessage.reply', messageId: MAX_ID },
  'kept.toChild': { name: 'kept.toChild', childId: MAX_ID },
  'kept.toTeacher': { name: 'kept.toTeacher', childId: MAX_ID },
  'checkIn.talk': { name: 'checkIn.talk', checkInId: MAX_ID, often: 'MONTHLY' },
  'checkIn.worry': { name: 'checkIn.worry', checkInId: MAX_ID, mask: 99 },
  'checkIn.worriesDone': { name: 'checkIn.worriesDone', checkInId: MAX_ID, mask: 99 },
  'checkIn.home': { name: 'checkIn.home', checkInId: MAX_ID, month: 'UNSURE' },
  'checkIn.call': { name: 'checkIn.call', checkInId: MAX_ID, answer: 'YES' },
  'checkIn.atHome': { name: 'checkIn.atHome', checkInId: MAX_ID, answer: 'WORRIED' },
  'checkIn.skip': { name: 'checkIn.skip', checkInId: MAX_ID },
  'checkIn.open': { name: 'checkIn.open', checkInId: MAX_ID },
  'staff.school': { name: 'staff.school', schoolId: MAX_ID },
  'staff.person': { name: 'staff.person', schoolId: MAX_ID, userId: MAX_ID },
  'staff.remove': { name: 'staff.remove', schoolId: MAX_ID, userId: MAX_ID, role: 'TEACHER' },
  'staff.removeYes': { name: 'staff.removeYes', schoolId: MAX_ID, userId: MAX_ID, role: 'TEACHER' },
  'staff.removeNo': { name: 'staff.removeNo' },
  'class.add': { name: 'class.add', schoolId: MAX_ID },
  'class.view': { name: 'class.view', classId: MAX_ID },
  'class.addTeacher': { name: 'class.addTeacher', classId: MAX_ID, classTeacher: true },
  'class.assign': { name: 'class.assign', classId: MAX_ID, userId: MAX_ID, classTeacher: false },
  'invite.teacher': { name: 'invite.teacher', schoolId: MAX_ID },
  'invite.teacherClass': { name: 'invite.teacherClass', schoolId: MAX_ID, classId: MAX_ID },
  'invite.teacherKind': { name: 'invite.teacherKind', schoolId: MAX_ID, classId: MAX_ID, classTeacher: true },
  'invite.keeper': { name: 'invite.keeper', schoolId: MAX_ID },
  'invite.family': { name: 'invite.family' },
  'invite.familyChild': { name: 'invite.familyChild', childId: MAX_ID },
  'invite.familyRelation': { name: 'invite.familyRelation', childId: MAX_ID, relation: 'OTHER_GUARDIAN' },
  'invite.page': { name: 'invite.page', page: MAX_ID, part: MAX_ID },
  'invite.revoke': { name: 'invite.revoke', inviteId: MAX_ID },
  'invite.revokeYes': { name: 'invite.revokeYes', inviteId: MAX_ID },
  'invite.revokeNo': { name: 'invite.revokeNo' },
  'child.view': { name: 'child.view', childId: MAX_ID },
  'child.edit': { name: 'child.edit', childId: MAX_ID },
  'child.editField': { name: 'child.editField', childId: MAX_ID, field: 'guardianPhone' },
  'child.history': { name: 'child.history', childId: MAX_ID },
  'child.historyPage': { name: 'child.historyPage', childId: MAX_ID, page: MAX_ID },
  'child.archive': { name: 'child.archive', childId: MAX_ID },
  'child.archiveYes': { name: 'child.archiveYes', childId: MAX_ID },
  'child.archiveNo': { name: 'child.archiveNo' },
  'child.pair': { name: 'child.pair', childId: MAX_ID },
  'child.pairWith': { name: 'child.pairWith', childId: MAX_ID, teacherId: MAX_ID },
  'update.listPage': { name: 'update.listPage', page: MAX_ID, part: MAX_ID },
  'update.edit': { name: 'update.edit', updateId: MAX_ID },
  'update.editText': { name: 'update.editText', updateId: MAX_ID },
  'update.editCategory': { name: 'update.editCategory', updateId: MAX_ID },
  'update.setCategory': { name: 'update.setCategory', updateId: MAX_ID, category: 'HEALTH' },
  'update.delete': { name: 'update.delete', updateId: MAX_ID },
  'update.deleteYes': { name: 'update.deleteYes', updateId: MAX_ID },
  'update.deleteNo': { name: 'update.deleteNo' },
  'record.child': { name: 'record.child', childId: MAX_ID },
  'record.page': { name: 'record.page', childId: MAX_ID, page: MAX_ID, part: MAX_ID },
  'update.followUp': { name: 'update.followUp', updateId: MAX_ID, childId: MAX_ID, kind: 'VISIT' },
  'update.followUpNoNote': { name: 'update.followUpNoNote' },
  'update.child': { name: 'update.child', childId: MAX_ID },
  'update.class': { name: 'update.class', classId: MAX_ID },
  'update.dontSave': { name: 'update.dontSave' },
  'update.category': { name: 'update.category', category: 'STUDY' },
  'update.save': { name: 'update.save', mode: 'u' },
  'dates.add': { name: 'dates.add', schoolId: MAX_ID },
  'dates.year': { name: 'dates.year', schoolId: MAX_ID },
  'dates.remove': { name: 'dates.remove', dateId: MAX_ID },
  'dates.removeYes': { name: 'dates.removeYes', dateId: MAX_ID },
  'dates.removeNo': { name: 'dates.removeNo', schoolId: MAX_ID },
  'dates.addPeriod': { name: 'dates.addPeriod', schoolId: MAX_ID, kind: 'H' },
  'dates.removePeriod': { name: 'dates.removePeriod', periodId: MAX_ID },
  'dates.removePeriodYes': { name: 'dates.removePeriodYes', periodId: MAX_ID },
  'export.kind': { name: 'export.kind', kind: 'contacts' },
  'export.pickClass': { name: 'export.pickClass' },
  'export.class': { name: 'export.class', classId: MAX_ID, page: MAX_ID },
  'export.child': { name: 'export.child', childId: MAX_ID },
  'export.childYes': { name: 'export.childYes', childId: MAX_ID },
  'export.cancel': { name: 'export.cancel' },
  'contact.start': { name: 'contact.start', childId: MAX_ID, kind: 'LETTER' },
  'contact.familyNote': { name: 'contact.familyNote', contactId: MAX_ID },
  'contact.child': { name: 'contact.child', childId: MAX_ID },
  'contact.kind': { name: 'contact.kind', kind: 'PLAN' },
  'contact.day': { name: 'contact.day', date: '2026-12-31' },
  'contact.noNote': { name: 'contact.noNote' },
  'contact.visitDay': { name: 'contact.visitDay', date: '2026-12-31' },
  'contact.visitSlot': { name: 'contact.visitSlot', slot: 'AFTERNOON' },
  'visit.answer': { name: 'visit.answer', answer: 'mv', visitId: MAX_ID },
  'phone.share': { name: 'phone.share' },
  'phone.askCallBack': { name: 'phone.askCallBack', parentId: MAX_ID },
  'phone.free': { name: 'phone.free', choice: 'evening' },
  'join.quiet': { name: 'join.quiet', choice: 'other' },
  'quiet.at': { name: 'quiet.at', hour: 23 },
  'quiet.off': { name: 'quiet.off' },
  'weekly.mode': { name: 'weekly.mode', schoolId: MAX_ID, mode: 'REVIEW' },
  'join.agree': { name: 'join.agree', code: 'ABCD EFGH 2345 6789' },
  'join.decline': { name: 'join.decline' },
  'language.choose': { name: 'language.choose', locale: 'zh-CN' },
  'myData.download': { name: 'myData.download', format: 'csv' },
  'myData.delete': { name: 'myData.delete' },
  'myData.deleteYes': { name: 'myData.deleteYes' },
  'myData.deleteNo': { name: 'myData.deleteNo' },
  'campaign.start': { name: 'campaign.start' },
  'campaign.audience': { name: 'campaign.audience', audience: 'CHILDREN' },
  'campaign.scope': { name: 'campaign.scope', schoolId: MAX_ID, classId: MAX_ID },
  'campaign.days': { name: 'campaign.days', days: MAX_ID },
  'form.class': { name: 'form.class', classId: MAX_ID },
  'form.choice': { name: 'form.choice', value: 'OTHER_GUARDIAN' },
  'form.save': { name: 'form.save' },
  'form.discard': { name: 'form.discard' },
};

describe('button actions', () => {
  it.each(Object.values(largest))('$name reads back what it packs, within 64 bytes with the largest ids', (action) => {
    const data = pack(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(unpack(data)).toEqual(action);
  });

  it('covers every action of the table', () => {
    expect(Object.keys(largest).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it('keeps the callback data of buttons already in people’s chats', () => {
    expect(pack({ name: 'letter.open', letterId: 12 })).toBe('letter:open:12');
    expect(pack({ name: 'letter.thread', childId: 3, page: 'last' })).toBe('letter:thread:3:last');
    expect(pack({ name: 'letter.recordChild' })).toBe('letter:child');
    expect(unpack('letter:thread:3:0')).toEqual({ name: 'letter.thread', childId: 3, page: 0 });
    expect(unpack('letter:child:7')).toEqual({ name: 'letter.childFor', childId: 7 });
    expect(unpack('letter:inbox')).toEqual({ name: 'letter.inbox' });
    expect(pack({ name: 'call.day', childId: 4, moveId: 0, date: '20261203' })).toBe('cbk:d:4:0:20261203');
    expect(unpack('cbk:xn')).toEqual({ name: 'call.cancelNo' });
    expect(pack({ name: 'schedule.page', schoolId: 2, date: '2026-3-9', page: 1, part: 999 })).toBe('csk:p:2:2026-3-9:1:999');
    expect(unpack('sg:parents:5')).toEqual({ name: 'alert.step', step: 'parents', alertId: 5 });
    expect(unpack('sg:notify:5')).toEqual({ name: 'alert.notifyParents', alertId: 5 });
    expect(unpack('sg:k:HARM')).toEqual({ name: 'alert.kind', kind: 'HARM' });
    expect(unpack('lg:k:VISIT')).toEqual({ name: 'contact.kind', kind: 'VISIT' });
    expect(unpack('ci:home:3:2027-01')).toEqual({ name: 'checkIn.home', checkInId: 3, month: '2027-01' });
    expect(pack({ name: 'checkIn.worriesDone', checkInId: 3, mask: 0 })).toBe('ci:wd:3:0');
    expect(pack({ name: 'invite.teacherKind', schoolId: 1, classId: 0, classTeacher: false })).toBe('inv:tk:1:0:0');
    expect(unpack('cls:a:4:1')).toEqual({ name: 'class.addTeacher', classId: 4, classTeacher: true });
    expect(unpack('qu:rp:7:2')).toEqual({ name: 'record.page', childId: 7, page: 2 });
    expect(pack({ name: 'record.page', childId: 7, page: 2 })).toBe('qu:rp:7:2');
    expect(pack({ name: 'record.page', childId: 7, page: 2, part: 0 })).toBe('qu:rp:7:2:0');
    expect(unpack('exl:k')).toEqual({ name: 'export.pickClass' });
    expect(unpack('exl:k:0')).toEqual({ name: 'export.class', classId: 0 });
    expect(pack({ name: 'export.class', classId: 3, page: 1 })).toBe('exl:k:3:1');
    expect(unpack('pv:ok:9')).toEqual({ name: 'visit.answer', answer: 'ok', visitId: 9 });
    expect(unpack('qu:fn')).toEqual({ name: 'update.followUpNoNote' });
    expect(unpack('language:xx-EVIL')).toEqual({ name: 'language.choose', locale: 'xx-EVIL' });
    expect(unpack('mydata:delete:yes')).toEqual({ name: 'myData.deleteYes' });
    expect(unpack('mydata:json')).toEqual({ name: 'myData.download', format: 'json' });
    expect(unpack('campaign:for:2:school')).toEqual({ name: 'campaign.scope', schoolId: 2, classId: 'school' });
    expect(pack({ name: 'campaign.scope', schoolId: 2, classId: 5 })).toBe('campaign:for:2:5');
    expect(pack({ name: 'form.choice', value: '' })).toBe('form:v:');
    expect(unpack('form:v:')).toEqual({ name: 'form.choice', value: '' });
    expect(unpack('qu:rp:7:99999999999999999999:1')).toEqual({ name: 'record.page', childId: 7, page: 1e20, part: 1 });
  });

  it.each([
    ['letter:open:abc', 'a non-numeric id'],
    ['letter:open:', 'an empty id'],
    ['letter:open:0', 'id 0'],
    ['letter:open:-4', 'a negative id'],
    ['letter:open:007', 'leading zeros'],
    ['letter:open:1.5', 'a fraction'],
    ['letter:open:1e3', 'an exponent'],
    ['letter:open:2147483648', 'an id past the largest row id'],
    ['letter:open:99999999999999999999', 'a number past safe integers'],
    ['letter:open:12:3', 'an extra field'],
    ['letter:open', 'a missing field'],
    ['letter:inbox:1', 'a field on an action without fields'],
    ['letter:thread:3:first', 'a page that is neither a number nor last'],
    ['letter:nope:1', 'an unknown action'],
    ['cbk:d:4:0:2026123', 'a date key of seven digits'],
    ['sg:x:5', 'a safeguarding step that does not exist'],
    ['ci:home:3:2027-1', 'a month without its leading zero'],
    ['ci:call:3:MAYBE', 'an answer that is not offered'],
    ['cls:a:4:2', 'a yes/no that is neither'],
    ['st:y:1:2:PRINCIPAL', 'a role that does not exist'],
    ['qu:rp:7', 'a record page without its page'],
    ['qu:rp:7:2:0:1', 'a record page with a field too many'],
    ['ch:ef:3:favouriteColour', 'a child field that does not exist'],
    ['export:everything', 'an export kind that does not exist'],
    ['pv:maybe:9', 'a visit answer that is not offered'],
    ['mydata:pdf', 'a download format that is not offered'],
    ['quiet:at:24', 'an hour past the day'],
    ['', 'empty data'],
    [`letter:open:1${':'.repeat(60)}`, 'data over 64 bytes'],
    ['letter:open:１２', 'full-width digits'],
    ['letter:open: 12', 'a space'],
    ['__proto__', 'an object key'],
    ['constructor:1', 'another object key'],
  ])('refuses %j (%s)', (data) => {
    expect(unpack(data)).toBeUndefined();
  });

  it('refuses a string longer than 64 bytes even if well-formed', () => {
    expect(unpack(`letter:open:${'1'.repeat(60)}`)).toBeUndefined();
  });

  it('never throws on random input', () => {
    const alphabet = 'letr:opn0123456789abc-_ ️中';
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let data = '';
      const length = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 70;
      for (let j = 0; j < length; j++) data += alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
      expect(() => unpack(data)).not.toThrow();
    }
  });
});
