import { setTimeout as wait } from 'node:timers/promises';
import type { Sleep } from '../../ports/clock.js';
import type { CapabilityFactory } from '../ports.js';

/** Real waiting on a timer (the cost bench and tests hand in a sleep that moves their clock instead). */
export const timerSleep: CapabilityFactory<Sleep> = () => async (ms) => {
  await wait(ms);
};
