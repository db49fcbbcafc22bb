import { describe, expect, it } from 'vitest';
import { parsePreferenceFields, parseSubscribeFields } from '../../../shared/domain/subscription/preference-fields.js';

const TOPICS = ['csto', 'nagorno-karabakh'];
const valid = { email: 'Reader@Example.org', topics: ['csto'], delivery: 'instant', timeZone: 'Europe/Berlin' };

describe('parseSubscribeFields', () => {
  it('accepts a complete request and normalises the address', () => {
    const result = parseSubscribeFields({ ...valid, delivery: 'daily', digestAt: '07:30:00', quietStart: '22:00', quietEnd: '07:00', topics: ['csto', 'nagorno-karabakh', 'csto'] }, TOPICS);
    expect(result).toEqual({
      ok: true,
      value: { email: 'reader@example.org', topics: ['csto', 'nagorno-karabakh'], mode: 'digest', digest: { frequency: 'daily', at: '07:30' }, timeZone: 'Europe/Berlin', quietHours: { start: '22:00', end: '07:00' } },
    });
  });

  it('takes one topic given as a string (a single checkbox) and defaults to instant alerts in UTC', () => {
    expect(parseSubscribeFields({ email: 'a@example.org', topics: 'csto' }, TOPICS)).toEqual({ ok: true, value: { email: 'a@example.org', topics: ['csto'], mode: 'instant', timeZone: 'UTC' } });
  });

  it('maps an hourly digest', () => {
    const result = parseSubscribeFields({ ...valid, delivery: 'hourly' }, TOPICS);
    expect(result.ok && result.value).toMatchObject({ mode: 'digest', digest: { frequency: 'hourly' } });
  });

  it.each([
    ['no email', { ...valid, email: '' }, 'email', 'Enter your email address.'],
    ['not an email', { ...valid, email: 'reader at example' }, 'email', 'Enter an email address like name@example.org.'],
    ['a display name', { ...valid, email: 'Reader <reader@example.org>' }, 'email', 'Enter an email address like name@example.org.'],
    ['a header injection', { ...valid, email: 'a@example.org\r\nBcc: b@example.org' }, 'email', 'Enter an email address like name@example.org.'],
    ['an overlong address', { ...valid, email: `${'a'.repeat(250)}@example.org` }, 'email', 'Enter an email address like name@example.org.'],
    ['no topic', { ...valid, topics: [] }, 'topics', 'Choose at least one topic.'],
    ['an unknown topic', { ...valid, topics: ['csto', 'nato'] }, 'topics', 'Choose topics from the list.'],
    ['an unknown delivery', { ...valid, delivery: 'weekly' }, 'delivery', 'Choose instant alerts, an hourly digest or a daily digest.'],
    ['a bad digest time', { ...valid, delivery: 'daily', digestAt: '25:00' }, 'digestAt', 'Enter the digest time as hours and minutes, like 08:00.'],
    ['an unknown time zone', { ...valid, timeZone: 'Mars/Olympus' }, 'timeZone', 'Choose a time zone from the list, like Europe/Berlin.'],
    ['a path as a time zone', { ...valid, timeZone: '../../etc/passwd' }, 'timeZone', 'Choose a time zone from the list, like Europe/Berlin.'],
    ['half of the quiet hours', { ...valid, quietStart: '22:00' }, 'quietHours', 'Quiet hours need both a start and an end, or neither.'],
    ['empty quiet hours', { ...valid, quietStart: '22:00', quietEnd: '22:00' }, 'quietHours', 'Quiet hours cannot start and end at the same time.'],
    ['malformed quiet hours', { ...valid, quietStart: '10pm', quietEnd: '07:00' }, 'quietHours', 'Enter quiet hours as hours and minutes, like 22:00 and 07:00.'],
  ])('rejects %s with a plain message on that field', (_name, fields, field, message) => {
    const result = parseSubscribeFields(fields, TOPICS);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({ [field]: message });
  });

  it('reports every wrong field at once and survives fields of the wrong type', () => {
    const result = parseSubscribeFields({ email: 42, topics: { $ne: 1 }, delivery: ['x'], timeZone: null } as never, TOPICS);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['email', 'topics']);
  });
});

describe('parsePreferenceFields', () => {
  const prefs = { topics: ['csto'], delivery: 'instant', timeZone: 'UTC' };

  it('keeps the only channel without asking', () => {
    expect(parsePreferenceFields(prefs, TOPICS, ['email'])).toMatchObject({ ok: true, value: { channels: ['email'], paused: false } });
  });

  it.each([
    [['telegram'], ['telegram']],
    [['telegram', 'email'], ['email', 'telegram']],
  ])('chooses among channels with an address: %j', (chosen, expected) => {
    expect(parsePreferenceFields({ ...prefs, channels: chosen }, TOPICS, ['email', 'telegram'])).toMatchObject({ ok: true, value: { channels: expected } });
  });

  it.each([
    [[], 'Choose at least one way to get alerts.'],
    [['webhook'], 'Choose channels from the list.'],
  ])('rejects channels %j', (chosen, message) => {
    expect(parsePreferenceFields({ ...prefs, channels: chosen }, TOPICS, ['email', 'telegram'])).toEqual({ ok: false, errors: { channels: message } });
  });

  it.each([
    ['yes', true],
    ['on', true],
    [true, true],
    ['', false],
    [undefined, false],
    ['false', false],
  ])('reads the pause checkbox %j as %s', (paused, expected) => {
    expect(parsePreferenceFields({ ...prefs, paused }, TOPICS, ['email'])).toMatchObject({ ok: true, value: { paused: expected } });
  });
});
