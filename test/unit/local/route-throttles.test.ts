import { describe, expect, it } from 'vitest';
import { RouteThrottles } from '../../../infra/local/aws/http-api.js';
import { ManualClock } from '../../support/manual-clock.js';

const subscribe = { method: 'POST', path: '/subscribe', throttle: { rate: 2, burst: 5 } };
const unsubscribe = { method: 'POST', path: '/unsubscribe', throttle: { rate: 25, burst: 50 } };
const takes = (throttles: RouteThrottles, route: typeof subscribe, n: number) => Array.from({ length: n }, () => throttles.take(route));

describe('RouteThrottles: the HTTP API stage throttle, one token bucket per route', () => {
  it('lets a burst through at once, then refuses until tokens come back at the rate', () => {
    const clock = new ManualClock();
    const throttles = new RouteThrottles(() => clock.now().getTime());
    expect(takes(throttles, subscribe, 6)).toEqual([true, true, true, true, true, false]);
    clock.advance({ ms: 499 });
    expect(throttles.take(subscribe)).toBe(false);
    clock.advance({ ms: 1 });
    expect(takes(throttles, subscribe, 2)).toEqual([true, false]);
    // A long pause refills no more than the burst.
    clock.advance({ minutes: 10 });
    expect(takes(throttles, subscribe, 6).filter(Boolean)).toHaveLength(5);
  });

  it('keeps each route in its own bucket: a flood of one leaves the others whole', () => {
    const clock = new ManualClock();
    const throttles = new RouteThrottles(() => clock.now().getTime());
    takes(throttles, subscribe, 100);
    expect(takes(throttles, unsubscribe, 50).every(Boolean)).toBe(true);
    expect(throttles.take(unsubscribe)).toBe(false);
    expect(throttles.take({ method: 'GET', path: '/subscribe', throttle: { rate: 5, burst: 10 } })).toBe(true);
  });

  it('never limits a route without a throttle', () => {
    const throttles = new RouteThrottles(() => 0);
    expect(takes(throttles, { method: 'GET', path: '/' } as typeof subscribe, 1000).every(Boolean)).toBe(true);
  });
});
