import type { EventSourceSwitch, SenderHalt, SenderHaltStore } from '../../shared/ports/event-source.js';

/** The halt records a sender keeps in the table, in memory. */
export class MemorySenderHaltStore implements SenderHaltStore {
  readonly items = new Map<string, SenderHalt>();
  async get(sender: string): Promise<SenderHalt | undefined> {
    const halt = this.items.get(sender);
    return halt && { ...halt };
  }
  async put(halt: SenderHalt): Promise<void> {
    this.items.set(halt.sender, { ...halt });
  }
  async clear(sender: string): Promise<void> {
    this.items.delete(sender);
  }
  async list(): Promise<SenderHalt[]> {
    return [...this.items.values()].map((halt) => ({ ...halt }));
  }
}

/** A queue's event source that is only a flag, remembering every switch. */
export class MemoryEventSourceSwitch implements EventSourceSwitch {
  readonly switches: boolean[] = [];
  constructor(public enabled = true) {}
  async setEnabled(enabled: boolean): Promise<void> {
    this.switches.push(enabled);
    this.enabled = enabled;
  }
  async isEnabled(): Promise<boolean> {
    return this.enabled;
  }
}
