import type { PushInbox } from '../../shared/ports/push-inbox.js';

export class MemoryPushInbox implements PushInbox {
  readonly objects = new Map<string, { body: Uint8Array; contentType?: string }>();

  async put(key: string, body: Uint8Array, contentType: string | undefined): Promise<void> {
    this.objects.set(key, { body: new Uint8Array(body), ...(contentType ? { contentType } : {}) });
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType?: string } | undefined> {
    return this.objects.get(key);
  }
}
