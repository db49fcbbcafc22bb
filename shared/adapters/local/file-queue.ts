import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConsumableQueue, QueueMessage } from '../../ports/queue.js';

interface StoredMessage<T> {
  id: string;
  body: T;
  visibleAt: number;
  receiveCount: number;
  sentAt: number;
  reason?: string;
}

/**
 * A durable at-least-once queue for the local runtime: one JSON file per message, written atomically
 * (temp file + rename), so messages survive a restart. Dead letters go to `<dir>/dead/` with their reason.
 * One process owns a queue folder at a time (the local runtime).
 */
export class FileQueue<T> implements ConsumableQueue<T> {
  private readonly messages = new Map<string, StoredMessage<T>>();
  private readonly deadDir: string;

  constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.deadDir = path.join(dir, 'dead');
    mkdirSync(this.deadDir, { recursive: true });
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      const message = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as StoredMessage<T>;
      // A message in flight when the process stopped becomes visible again at once.
      this.messages.set(message.id, { ...message, visibleAt: Math.min(message.visibleAt, this.now()) });
    }
  }

  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    const sentAt = this.now();
    const visibleAt = sentAt + (options.delaySeconds ?? 0) * 1000;
    for (const body of bodies) {
      const message: StoredMessage<T> = { id: `${sentAt.toString(36)}-${randomUUID()}`, body, visibleAt, receiveCount: 0, sentAt };
      await this.write(message);
      this.messages.set(message.id, message);
    }
  }

  async receive(max: number, visibilitySeconds: number): Promise<QueueMessage<T>[]> {
    const now = this.now();
    const out: QueueMessage<T>[] = [];
    for (const message of this.messages.values()) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiveCount += 1;
      out.push({ id: message.id, body: structuredClone(message.body), receiveCount: message.receiveCount });
    }
    return out;
  }

  async delete(messageId: string): Promise<void> {
    if (!this.messages.delete(messageId)) return;
    await rm(this.file(messageId), { force: true });
  }

  async retryLater(messageId: string, delaySeconds: number): Promise<void> {
    const message = this.messages.get(messageId);
    if (!message) return;
    message.visibleAt = this.now() + delaySeconds * 1000;
    await this.write(message);
  }

  async deadLetter(messageId: string, reason: string): Promise<void> {
    const message = this.messages.get(messageId);
    if (!message) return;
    const dead = { ...message, reason };
    await writeFile(path.join(this.deadDir, `${messageId}.json`), JSON.stringify(dead, null, 2));
    await this.delete(messageId);
  }

  async depth(): Promise<{ ready: number; inFlight: number; dead: number }> {
    const now = this.now();
    let ready = 0;
    for (const m of this.messages.values()) if (m.visibleAt <= now) ready++;
    const dead = readdirSync(this.deadDir).filter((f) => f.endsWith('.json')).length;
    return { ready, inFlight: this.messages.size - ready, dead };
  }

  /** Dead letters with their reasons (status page, tests). */
  deadLetters(): { id: string; body: T; reason: string }[] {
    return readdirSync(this.deadDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(this.deadDir, f), 'utf8')) as StoredMessage<T>)
      .map((m) => ({ id: m.id, body: m.body, reason: m.reason ?? '' }));
  }

  private file(id: string) {
    return path.join(this.dir, `${id}.json`);
  }

  private async write(message: StoredMessage<T>) {
    const tmp = path.join(this.dir, `.${message.id}.${randomUUID()}.tmp`);
    await writeFile(tmp, JSON.stringify(message));
    await rename(tmp, this.file(message.id));
  }
}
