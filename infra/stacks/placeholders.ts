/**
 * Refuses a deployment whose config still holds placeholders or sample data: addresses and URLs on domains reserved
 * for examples and tests (RFC 2606, RFC 6761: mail to them bounces and fires the alarms), made-up Telegram chat ids,
 * the local runtime's sample feeds, and a config with nothing to watch. Each error names the key to set.
 */
import { ConfigError } from '../../shared/ports/errors.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { sampleFeedFiles } from '../config/feeds.js';
import { subscribers as sampleSubscribers } from '../config/subscribers.js';
import type { DeployOptions } from './deploy-options.js';

const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost', 'local'];
const PLACEHOLDER_CHAT_IDS = new Set(['0', '1', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', ...sampleSubscribers.flatMap((s) => (s.telegramChatId ? [s.telegramChatId] : []))]);

/** The reserved name a host falls under (e.g. "example.org", ".test"), if any. */
export function reservedDomainOf(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  const domain = RESERVED_DOMAINS.find((d) => name === d || name.endsWith(`.${d}`));
  if (domain) return domain;
  const tld = name.slice(name.lastIndexOf('.') + 1);
  return RESERVED_TLDS.includes(tld) ? `.${tld}` : undefined;
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || name === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

const hostOf = (url: string) => new URL(url).hostname;
const domainOfAddress = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export interface PlaceholderContext {
  /** The config file as the admin named it, for the messages. */
  source: string;
  options: Pick<DeployOptions, 'publicUrl' | 'emailFrom' | 'alarmEmail'>;
}

export function checkNoPlaceholders(config: AppConfig, { source, options }: PlaceholderContext): void {
  const address = (key: string, value: string | undefined, where: string) => {
    const reserved = value && reservedDomainOf(domainOfAddress(value));
    if (reserved) throw new ConfigError(key, `${value} is a placeholder (${reserved} is reserved for examples and tests): set a real address ${where}`);
  };
  const url = (key: string, value: string | undefined, where: string) => {
    if (!value) return;
    const host = hostOf(value);
    const reserved = reservedDomainOf(host);
    if (reserved) throw new ConfigError(key, `${value} is a placeholder (${reserved} is reserved for examples and tests): set a real URL ${where}`);
    if (isLoopback(host)) throw new ConfigError(key, `${value} is a loopback address, which only the local runtime serves: set a public URL ${where}`);
  };
  const inFile = `in ${source}`;

  address(options.emailFrom ? 'emailFrom' : 'email.from', config.email.from, options.emailFrom ? 'with -c emailFrom=<address>' : `in ${source} (email.from) or with -c emailFrom=<address>`);
  address('email.replyTo', config.email.replyTo, inFile);
  address('alarmEmail', options.alarmEmail, 'with -c alarmEmail=<address>');
  const publicUrl = options.publicUrl;
  if (publicUrl?.kind === 'url') url('publicBaseUrl', publicUrl.url, 'with -c publicBaseUrl=<url>, or leave it out to use the API\'s own URL');
  if (publicUrl?.kind === 'domain' && reservedDomainOf(publicUrl.domainName)) {
    throw new ConfigError('domainName', `${publicUrl.domainName} is a placeholder (${reservedDomainOf(publicUrl.domainName)} is reserved for examples and tests): set your domain with -c domainName=<domain>`);
  }

  if (config.feeds.length === 0) throw new ConfigError('feeds', `is empty: list the feeds to poll in ${source}`);
  if (config.topics.length === 0) throw new ConfigError('topics', `is empty: define the topics to match in ${source}`);
  config.feeds.forEach((feed, i) => {
    url(`feeds[${i}].url`, feed.url, inFile);
    if (sampleFeedFiles.some((file) => new URL(feed.url).pathname.endsWith(`/samples/${file}`))) {
      throw new ConfigError(`feeds[${i}].url`, `${feed.url} is one of the local runtime's sample feeds: list real feeds ${inFile}`);
    }
  });
  config.subscribers.forEach((subscriber, i) => {
    address(`subscribers[${i}].email`, subscriber.email, inFile);
    if (subscriber.telegramChatId && PLACEHOLDER_CHAT_IDS.has(subscriber.telegramChatId)) {
      throw new ConfigError(`subscribers[${i}].telegramChatId`, `${subscriber.telegramChatId} is a placeholder chat id: set the chat's id (the bot sees it in /start) ${inFile}`);
    }
    url(`subscribers[${i}].webhookUrl`, subscriber.webhookUrl, inFile);
  });
  url('syndication.hubUrl', config.syndication?.hubUrl, inFile);
}
