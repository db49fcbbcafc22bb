/**
 * The consumers' event source mappings, on or off: a halted sender switches its own off (through its eventSource
 * port) and its resume check on again; the simulated runtime receives nothing for a consumer that is off.
 */
import type { EventSourceSwitch } from '../../shared/ports/event-source.js';
import type { FunctionName } from '../../shared/topology/functions.js';

export class SimEventSources {
  private readonly disabled = new Set<FunctionName>();

  of(fn: FunctionName): EventSourceSwitch {
    return {
      setEnabled: async (enabled) => void (enabled ? this.disabled.delete(fn) : this.disabled.add(fn)),
      isEnabled: async () => this.enabled(fn),
    };
  }

  enabled(fn: FunctionName): boolean {
    return !this.disabled.has(fn);
  }
}
