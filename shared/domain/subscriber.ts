export type Channel = 'email' | 'telegram' | 'webhook';
export type DeliveryMode = 'instant' | 'digest';

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
}
