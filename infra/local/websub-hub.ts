/**
 * A WebSub hub stand-in on loopback, at /hub of the local server, which the sample feeds announce (Link header): it
 * takes subscribe and unsubscribe requests (202, then verifies intent at the callback with a challenge, as hubs do),
 * and on a publisher's ping (hub.mode=publish) fetches the topic and pushes it to every verified subscriber, signed
 * with X-Hub-Signature sha256 and the subscriber's hub.secret. Verification and pushes run after the answer; tests
 * await them with `settled()`.
 */
import { randomBytes } from 'node:crypto';
import { signHubBody } from '../../shared/domain/websub/signature.js';

export interface HubSubscription {
  topic: string;
  callback: string;
  /** The subscriber's hub.secret (the hub's to keep; shown nowhere). */
  secret: string;
  leaseSeconds: number;
  verifiedAt: string;
  expiresAt: string;
}

export interface HubEvent {
  at: string;
  kind: 'subscribe' | 'unsubscribe' | 'verify-failed' | 'push' | 'push-failed' | 'publish';
  topic: string;
  detail?: string;
}

export interface LocalWebSubHubOptions {
  /** Leases the hub grants at most (seconds). */
  maxLeaseSeconds?: number;
}

/** How many pending verifications and pushes a hub holds at most: a runaway subscriber cannot fill memory. */
const MAX_PENDING = 100;

export class LocalWebSubHub {
  readonly subscriptions = new Map<string, HubSubscription>();
  readonly events: HubEvent[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: LocalWebSubHubOptions = {}) {}

  /** A form POSTed to the hub; the HTTP status to answer and a line of text. */
  request(form: URLSearchParams): { status: number; text: string } {
    const mode = form.get('hub.mode');
    const topic = form.get('hub.topic') ?? form.get('hub.url') ?? '';
    if (!/^https?:\/\//.test(topic)) return { status: 400, text: 'hub.topic (or hub.url for publish) must be an http(s) URL' };
    if (this.pending.size >= MAX_PENDING) return { status: 503, text: 'busy' };
    if (mode === 'publish') {
      this.track(this.publish(topic));
      return { status: 204, text: '' };
    }
    const callback = form.get('hub.callback') ?? '';
    if (mode !== 'subscribe' && mode !== 'unsubscribe') return { status: 400, text: 'hub.mode must be subscribe, unsubscribe or publish' };
    if (!/^https?:\/\//.test(callback)) return { status: 400, text: 'hub.callback must be an http(s) URL' };
    const secret = form.get('hub.secret') ?? '';
    if (mode === 'subscribe' && (secret.length === 0 || Buffer.byteLength(secret) >= 200)) return { status: 400, text: 'this hub wants a hub.secret under 200 bytes' };
    const asked = Number(form.get('hub.lease_seconds') ?? '864000');
    const leaseSeconds = Math.min(Number.isFinite(asked) && asked > 0 ? asked : 864000, this.options.maxLeaseSeconds ?? 864000);
    this.track(this.verify(mode, topic, callback, secret, leaseSeconds));
    return { status: 202, text: 'verifying' };
  }

  /** Resolves once every verification and push started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private note(kind: HubEvent['kind'], topic: string, detail?: string): void {
    this.events.unshift({ at: new Date().toISOString(), kind, topic, ...(detail ? { detail } : {}) });
    this.events.length = Math.min(this.events.length, 50);
  }

  private async verify(mode: 'subscribe' | 'unsubscribe', topic: string, callback: string, secret: string, leaseSeconds: number): Promise<void> {
    const challenge = randomBytes(16).toString('hex');
    const url = new URL(callback);
    url.searchParams.set('hub.mode', mode);
    url.searchParams.set('hub.topic', topic);
    url.searchParams.set('hub.challenge', challenge);
    if (mode === 'subscribe') url.searchParams.set('hub.lease_seconds', String(leaseSeconds));
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => error as Error);
    const body = res instanceof Response ? await res.text() : '';
    if (!(res instanceof Response) || res.status < 200 || res.status > 299 || body !== challenge) {
      this.note('verify-failed', topic, res instanceof Response ? `callback answered ${res.status}` : res.message);
      return;
    }
    const key = `${topic} ${callback}`;
    if (mode === 'unsubscribe') {
      this.subscriptions.delete(key);
      this.note('unsubscribe', topic);
      return;
    }
    const now = new Date();
    this.subscriptions.set(key, { topic, callback, secret, leaseSeconds, verifiedAt: now.toISOString(), expiresAt: new Date(now.getTime() + leaseSeconds * 1000).toISOString() });
    this.note('subscribe', topic, `lease ${leaseSeconds} s`);
  }

  private async publish(topic: string): Promise<void> {
    this.note('publish', topic);
    const res = await fetch(topic, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) return this.note('push-failed', topic, `fetching the topic answered ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? 'application/xml';
    const now = Date.now();
    await Promise.all(
      [...this.subscriptions.values()]
        .filter((s) => s.topic === topic && Date.parse(s.expiresAt) > now)
        .map(async (s) => {
          const pushed = await fetch(s.callback, {
            method: 'POST',
            headers: { 'content-type': contentType, 'x-hub-signature': signHubBody(body, s.secret, 'sha256'), link: `<${topic}>; rel="self"` },
            body,
            signal: AbortSignal.timeout(30_000),
          }).catch((error: unknown) => error as Error);
          if (pushed instanceof Response) await pushed.body?.cancel();
          this.note(pushed instanceof Response && pushed.ok ? 'push' : 'push-failed', topic, pushed instanceof Response ? `callback answered ${pushed.status}` : pushed.message);
        }),
    );
  }
}
