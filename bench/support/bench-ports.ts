/**
 * One container's ports in the cost bench: what shared/runtime/aws-ports.ts builds from AWS in Lambda, built from the
 * bench's metered table, simulated queues and counting stand-ins instead, so each function's own composition
 * (shared/runtime/composition/) wires its handler exactly as in Lambda. As in Lambda, a container has its own pacer; sleeping
 * moves only the sleeper's virtual instant (trace.ts simSleep).
 */
import { MemorySendPacer } from '../../shared/adapters/memory/memory-send-pacer.js';
import type { Queue } from '../../shared/ports/queue.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import type { Capability, Ports, World } from '../../shared/runtime/ports.js';
import { type FunctionName, type SecretName, sendsOf, type SendsOf } from '../../shared/topology/functions.js';
import type { QueueMessages } from '../../shared/topology/queues.js';
import { benchSecrets } from './bench-secrets.js';
import type { LambdaLogs } from './lambda-logs.js';
import type { SimEventSources } from './sim-event-sources.js';
import type { SimClock, SimQueues } from './sim-queue.js';
import { simSleep } from './trace.js';

export interface BenchWorld {
  config: AppConfig;
  clock: SimClock;
  logs: LambdaLogs;
  queues: SimQueues;
  eventSources: SimEventSources;
  /** What every container reaches alike: the metered table, the compiled topics, the counting stand-ins. */
  shared: Omit<World, 'pacer' | 'sleep' | 'eventSource'>;
  /** Secret values of the scenario (its partners' tokens), over the bench's fixed ones. */
  secrets?: Partial<Record<SecretName, string>>;
}

export function benchPorts<F extends FunctionName>(name: F, world: BenchWorld): Ports<F, Capability> {
  const sends = new Set<string>(sendsOf(name));
  const { logger, metrics } = world.logs.of(name);
  return {
    name,
    config: world.config,
    clock: world.clock,
    logger,
    metrics,
    ...world.shared,
    pacer: new MemorySendPacer(),
    sleep: simSleep,
    eventSource: world.eventSources.of(name),
    queue<Q extends SendsOf<F>>(queue: Q): Queue<QueueMessages[Q]> {
      if (!sends.has(queue)) throw new Error(`${name} may not send to the ${queue} queue (shared/topology/functions.ts)`);
      return world.queues[queue] as unknown as Queue<QueueMessages[Q]>;
    },
    secret: benchSecrets(name, world.secrets).secret,
  };
}
