import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../shared/domain/feed/dates.js';

describe('parseFeedDate', () => {
  it.each([
    ['Sat, 07 Sep 2002 00:00:01 GMT', '2002-09-07T00:00:01.000Z'],
    ['\n      Wed, 03 Jan 2018 10:00:00 +0100\r\n', '2018-01-03T09:00:00.000Z'],
    ['2024-02-29T12:00:00+05:30', '2024-02-29T06:30:00.000Z'],
    ['2023-02-29T12:00:00Z', undefined],
    ['not a date', undefined],
  ])('%j → %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it('never throws and returns a canonical ISO string or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString())), (s) => {
        const out = parseFeedDate(s);
        if (out !== undefined) expect(new Date(out).toISOString()).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back every date it can render as RFC 822 and ISO 8601', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(parseFeedDate(whole.toUTCString())).toBe(whole.toISOString());
        expect(parseFeedDate(whole.toISOString())).toBe(whole.toISOString());
      }),
      { numRuns: 300 },
    );
  });
});
