import type { FeedState } from '../feed-source.js';
import { basisKeptAfterNotModified, nextPollAtFrom } from './schedule.js';

/** The last poll the lease recorded: its number (each lease taken counts one) and time. */
export interface LastPoll {
  poll?: number;
  polledAt?: string;
}

/**
 * The state readers see, given the last poll the lease recorded.
 *
 * A 304 that changes nothing but the poll's own times writes no state: taking the lease already recorded the
 * poll, and this function derives the rest (last success at that time, status 304, failures reset, next poll one
 * unchanged interval later, on the feed's own clock when it has learned hours), exactly as the 304 would have written it. Any other outcome writes its state with
 * `pollNumber` = the poll's number, which this leaves alone. Numbers, not times, tell them apart, so clocks that
 * disagree between pollers (or stand still in tests) change nothing.
 *
 * The cost of one write per 304: a poll that died between its lease and its outcome reads as such a 304
 * (its feed is polled again one interval later rather than at once).
 */
export function withLastPoll(state: FeedState, last: LastPoll): FeedState {
  if (last.poll === undefined || !last.polledAt || state.disabled || (state.pollNumber ?? 0) >= last.poll) return state;
  const interval = state.pollIntervalMinutes;
  return {
    ...state,
    pollNumber: last.poll,
    lastPolledAt: last.polledAt,
    lastSuccessAt: last.polledAt,
    lastStatus: '304',
    consecutiveFailures: 0,
    failingSince: undefined,
    ...(interval !== undefined
      ? {
          nextPollAt: nextPollAtFrom(new Date(last.polledAt), { intervalMinutes: interval, publishingHours: state.publishingHours, floorMinutes: state.pollFloorMinutes, ceilingMinutes: state.pollCeilingMinutes }).toISOString(),
          nextPollBasis: basisKeptAfterNotModified(state.nextPollBasis),
        }
      : {}),
  };
}
