import { describe, expect, it } from 'vitest';
import { parseBotCommand, parseModeChoice, resolveTopics } from '../../../shared/domain/subscription/bot-commands.js';

const topics = [
  { id: 'csto', name: 'CSTO' },
  { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
];

describe('parseBotCommand', () => {
  it.each([
    ['/start', { kind: 'start', args: '' }],
    ['/start csto', { kind: 'start', args: 'csto' }],
    ['/topics', { kind: 'topics' }],
    ['/subscribe csto', { kind: 'subscribe', args: 'csto' }],
    ['/SUBSCRIBE   Nagorno Karabakh ', { kind: 'subscribe', args: 'Nagorno Karabakh' }],
    ['/subscribe@newshound_bot csto', { kind: 'subscribe', args: 'csto' }],
    ['/unsubscribe csto', { kind: 'unsubscribe', args: 'csto' }],
    ['/mode digest', { kind: 'mode', args: 'digest' }],
    ['/stop', { kind: 'stop' }],
    ['/help', { kind: 'help' }],
    ['/weather', { kind: 'unknown', name: 'weather' }],
    ['hello bot', { kind: 'unknown', name: '' }],
    ['/start@other_bot', { kind: 'ignore' }],
    ['', { kind: 'ignore' }],
  ])('in a private chat %j → %j', (text, command) => {
    expect(parseBotCommand(text, { botUsername: 'newshound_bot', privateChat: true })).toEqual(command);
  });

  it('ignores chatter in groups but answers commands there', () => {
    expect(parseBotCommand('hello all', { privateChat: false })).toEqual({ kind: 'ignore' });
    expect(parseBotCommand('/topics@whatever_bot', { privateChat: false })).toEqual({ kind: 'topics' });
  });
});

describe('resolveTopics', () => {
  it.each([
    ['csto', ['csto'], []],
    ['CSTO', ['csto'], []],
    ['nagorno-karabakh', ['nagorno-karabakh'], []],
    ['Nagorno Karabakh', ['nagorno-karabakh'], []],
    ['nagorno_karabakh', ['nagorno-karabakh'], []],
    ['csto, nagorno-karabakh', ['csto', 'nagorno-karabakh'], []],
    ['csto nagorno-karabakh', ['csto', 'nagorno-karabakh'], []],
    ['csto nato', ['csto'], ['nato']],
    ['<b>x</b>', [], ['<b>x</b>']],
  ])('%j → found %j, unknown %j', (args, found, unknown) => {
    expect(resolveTopics(args, topics)).toEqual({ found, unknown });
  });
});

describe('parseModeChoice', () => {
  it.each([
    ['instant', { mode: 'instant' }],
    ['Digest', { mode: 'digest', frequency: 'daily' }],
    ['hourly', { mode: 'digest', frequency: 'hourly' }],
    ['weekly', undefined],
    ['', undefined],
  ])('%j → %j', (args, choice) => {
    expect(parseModeChoice(args)).toEqual(choice);
  });
});
