import { MemorySendPacer } from '../../adapters/memory/memory-send-pacer.js';
import type { SendPacer } from '../../ports/delivery-state.js';
import type { CapabilityFactory } from '../ports.js';

/** Pacing state for one container (the topology caps the consumer's concurrency so a bot's limits hold). */
export const memoryPacer: CapabilityFactory<SendPacer> = () => new MemorySendPacer();
