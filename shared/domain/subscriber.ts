export type Channel = 'email' | 'telegram' | 'webhook';
export type DeliveryMode = 'instant' | 'digest';

/**
 * Choices someone asked for by the address (a subscribe request, or resuming after an unsubscribe), not yet
 * confirmed from the mailbox: kept apart from the subscriber's own choices until the confirm link naming `id` is used.
 */
export interface PendingChange {
  /** Random; the confirm link names it, so only the latest request's link applies anything. */
  id: string;
  /** ISO instant of the request. */
  requestedAt: string;
  preferences: Pick<Subscriber, 'topics' | 'mode' | 'timeZone' | 'digest' | 'quietHours'>;
}

export interface Subscriber {
  id: string;
  name?: string;
  email?: string;
  telegramChatId?: string;
  webhookUrl?: string;
  topics: string[];
  channels: Channel[];
  mode: DeliveryMode;
  /** IANA time zone, e.g. Europe/Moscow. */
  timeZone: string;
  /** Only 'active' subscribers get alerts: 'pending' awaits double opt-in, 'paused' chose a pause in their preferences. */
  status: 'active' | 'pending' | 'unsubscribed' | 'suppressed' | 'paused';
  /** Local quiet period ("HH:MM"), e.g. { start: '22:00', end: '07:00' }: instant alerts wait until it ends. */
  quietHours?: { start: string; end: string };
  /** Digest schedule when mode is 'digest' (default daily at 08:00 local). */
  digest?: { frequency: 'hourly' | 'daily'; at?: string };
  /** Channels newshound turned off itself (e.g. Telegram 403: bot blocked), with why and when. */
  disabledChannels?: Partial<Record<Channel, { reason: string; at: string }>>;
  /** How and when consent was given (self-service subscribers): the double opt-in request and its confirmation. */
  consent?: { via: 'web' | 'telegram'; requestedAt: string; confirmedAt?: string };
  /** Why the email address was suppressed (SES permanent bounce or complaint), once. */
  suppression?: { reason: 'bounce' | 'complaint'; at: string };
  /** A request by the address awaiting its confirmation; nothing above changes until then. */
  pendingChange?: PendingChange;
}
