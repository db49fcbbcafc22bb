import { describe, expect, it } from 'vitest';
import { type Check, exitCodeOf, formatReport, oneLine, reportJson } from '../../../cli/admin/report.js';

const ok: Check = { id: 'schedules', title: 'Schedules', status: 'ok', detail: 'all 5 enabled' };
const action: Check = {
  id: 'dead-letters',
  title: 'Dead letters',
  status: 'action',
  detail: '3 messages waiting',
  items: ['poll: 2', 'async-failures: 1'],
  fix: 'newshound dlq show poll',
};

describe('formatReport', () => {
  it('lines the checks up, lists items and the fix under a check that needs action, and counts them', () => {
    expect(formatReport({ target: 'Newshound-prod (eu-west-1)', checks: [ok, action] })).toBe(
      [
        'newshound doctor: Newshound-prod (eu-west-1)',
        '',
        '  ok      Schedules     all 5 enabled',
        '  ACTION  Dead letters  3 messages waiting',
        '                        - poll: 2',
        '                        - async-failures: 1',
        '                        fix: newshound dlq show poll',
        '',
        '1 of 2 checks needs action.',
      ].join('\n'),
    );
  });

  it.each<[string, Check[], string]>([
    ['every check ok', [ok, { ...ok, id: 'x', title: 'X' }], 'All 2 checks ok.'],
    ['two need action', [action, { ...action, id: 'y' }, ok], '2 of 3 checks need action.'],
    ['the only check needs action', [action], '1 of 1 check needs action.'],
  ])('sums up: %s', (_name, checks, last) => {
    expect(formatReport({ target: 't', checks }).split('\n').at(-1)).toBe(last);
  });

  it('prints no fix for a check that is ok, whatever it carries', () => {
    expect(formatReport({ target: 't', checks: [{ ...ok, fix: 'do nothing' }] })).not.toContain('fix:');
  });

  it('keeps text from outside (feed errors, Telegram descriptions) on its line', () => {
    const report = formatReport({ target: 't', checks: [{ ...action, detail: 'failed:\nHTTP 500\r\u001b[31mred', items: ['a\tb\u0085c'] }] });
    expect(report).toContain('failed: HTTP 500 [31mred');
    expect(report).toContain('- a b c');
    for (const control of ['\u001b', '\u0085', '\t', '\r']) expect(report).not.toContain(control);
  });
});

describe('reportJson and exitCodeOf', () => {
  it('gives scripts every check, whether all is ok, and the ids that need action', () => {
    expect(JSON.parse(reportJson({ target: 't', checks: [ok, action] }))).toEqual({ target: 't', ok: false, needsAction: ['dead-letters'], checks: [ok, action] });
    expect(JSON.parse(reportJson({ target: 't', checks: [ok] }))).toMatchObject({ ok: true, needsAction: [] });
  });

  it.each<[Check[], number]>([
    [[ok], 0],
    [[ok, action], 1],
    [[], 0],
  ])('exit code of %j is %i', (checks, code) => {
    expect(exitCodeOf(checks)).toBe(code);
  });

  it('oneLine trims and folds control characters to single spaces', () => {
    expect(oneLine('  a\n\n b\u0000c  ')).toBe('a b c');
  });
});
