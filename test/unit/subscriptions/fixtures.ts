/** Test fixtures for subscriptions: SES notifications as SES publishes them, a harness of in-memory deps. */
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import type { Mailer, OutgoingEmail, TelegramClient, TelegramSendMessage } from '../../../shared/ports/senders.js';
import type { SubscriptionConfig, SubscriptionDeps, TelegramBotDeps, SesEventsDeps } from '../../../shared/usecases/subscriptions/deps.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryOnceKeys, MemoryRateLimiter, MemorySubscriberDirectory, MemorySuppressionStore } from '../../support/memory-stores.js';

/** A configuration-set event as SES publishes it to SNS (trimmed to what matters, plus some noise). */
export function bounceEvent(bounceType: string, recipients: string[], extra: Record<string, unknown> = {}) {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })),
      timestamp: '2026-11-20T11:59:00.000Z',
      feedbackId: '0100017f-bounce',
      reportingMTA: 'dsn; a1-2.smtp-out.amazonses.com',
    },
    mail: { timestamp: '2026-11-20T11:58:00.000Z', messageId: '0100017f-mail', source: 'alerts@news.example.org', destination: recipients, tags: { 'ses:configuration-set': ['newshound'] } },
    ...extra,
  };
}

export function complaintEvent(recipients: string[], extra: Record<string, unknown> = {}) {
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
      timestamp: '2026-11-20T11:59:30.000Z',
      feedbackId: '0100017f-complaint',
      complaintFeedbackType: 'abuse',
      userAgent: 'Yahoo!-Mail-Feedback/2.0',
    },
    mail: { messageId: '0100017f-mail2' },
    ...extra,
  };
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failWith: Error | undefined;
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (this.failWith) throw this.failWith;
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
  to(address: string): OutgoingEmail[] {
    return this.sent.filter((e) => e.to === address);
  }
}

export class RecordingTelegram implements TelegramClient {
  readonly sent: TelegramSendMessage[] = [];
  failWith: Error | undefined;
  async sendMessage(message: TelegramSendMessage): Promise<{ messageId: number }> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
    return { messageId: this.sent.length };
  }
  last(): TelegramSendMessage | undefined {
    return this.sent.at(-1);
  }
}

export const TEST_TOPICS = [
  { id: 'csto', name: 'CSTO', description: 'The <Collective> Security Treaty Organization' },
  { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' },
];

/** Fresh in-memory deps for the subscription use cases. */
export function harness(initial: Subscriber[] = [], overrides: Partial<SubscriptionConfig> = {}) {
  const clock = new ManualClock();
  const subscribers = new MemorySubscriberDirectory(initial);
  const suppressions = new MemorySuppressionStore();
  const rateLimiter = new MemoryRateLimiter();
  const mailer = new RecordingMailer();
  const telegram = new RecordingTelegram();
  const onceKeys = new MemoryOnceKeys(clock.now);
  const config: SubscriptionConfig = {
    publicBaseUrl: 'https://news.example.org',
    emailFrom: 'alerts@news.example.org',
    fromName: 'newshound',
    language: 'en',
    tokenSecret: 'test-signing-key-0123456789abcdef',
    topics: TEST_TOPICS,
    confirmTtlHours: 24,
    linkTtlDays: 180,
    rateLimits: { perIp: { limit: 20, windowMinutes: 60 }, perAddress: { limit: 3, windowMinutes: 60 } },
    answerMs: 1000,
    ...overrides,
  };
  let ids = 0;
  const web: SubscriptionDeps = {
    subscribers,
    suppressions,
    rateLimiter,
    mailer,
    clock,
    // Waiting moves the manual clock: a test reads how long an answer took from it, and never sleeps.
    sleep: async (ms) => {
      clock.advance(ms);
    },
    randomId: () => (++ids).toString(16).padStart(32, '0'),
    config,
  };
  const bot: TelegramBotDeps = { subscribers, telegram, clock, onceKeys, config: { topics: TEST_TOPICS, botUsername: 'newshound_bot' } };
  const ses: SesEventsDeps = { subscribers, suppressions, clock };
  return { clock, subscribers, suppressions, rateLimiter, mailer, telegram, onceKeys, config, web, bot, ses };
}

/** The one self-service record holding `email` (ids are random: tests find records by their address). */
export async function recordOf(subscribers: MemorySubscriberDirectory, email: string): Promise<Subscriber | undefined> {
  const found = await subscribers.findByEmail(email);
  if (found.length > 1) throw new Error(`${found.length} records hold ${email}`);
  return found[0];
}

/** The token in the first link to `/path?token=` found in a text. */
export function tokenIn(text: string, path: string): string {
  const m = new RegExp(`/${path}\\?token=([A-Za-z0-9_.%-]+)`).exec(text);
  if (!m) throw new Error(`no /${path} link in: ${text.slice(0, 500)}`);
  return decodeURIComponent(m[1]!);
}
