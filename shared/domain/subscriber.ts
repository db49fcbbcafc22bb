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
  status: 'active' | 'pending' | 'unsubscribed' | 'suppressed';
}

export function channelAddress(sub: Subscriber, channel: Channel): string | undefined {
  if (channel === 'email') return sub.email;
  if (channel === 'telegram') return sub.telegramChatId;
  return sub.webhookUrl;
}
