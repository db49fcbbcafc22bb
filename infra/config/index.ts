import type { FeedSource } from '../../shared/domain/feed-source.js';
import { parseAppConfig, type AppConfig, type AppConfigInput } from '../../shared/runtime/app-config.js';
import { remoteSampleFeeds, sampleFeeds } from './feeds.js';
import { subscribers } from './subscribers.js';
import { topics } from './topics.js';

/**
 * The sample data (topics, subscribers, feeds) staged as `prod`: what tests and benches bundle and synthesize.
 * Never what `cdk deploy` deploys: a deployment's feeds, topics and subscribers come from the admin's own
 * config file (`-c config=<file>`, see infra/stacks/production-config.ts and docs/deploy.md).
 */
export const sampleConfigInput: AppConfigInput = {
  stage: 'prod',
  publicBaseUrl: 'https://news.example.org',
  email: { from: 'alerts@news.example.org' },
  feeds: remoteSampleFeeds,
  topics,
  subscribers,
};

/** Where the local runtime serves what a local stage points at. */
export interface LocalUrls {
  samplesBaseUrl: string;
  publicBaseUrl: string;
  /** The Telegram Bot API (the loopback stand-in, or the real one with a real bot token). */
  telegramApiBase: string;
  /** The stand-in's bot, when it stands in for Telegram: its @username and where it opens start links. */
  telegramStandIn?: { botUsername: string; linkBase: string };
}

/** What `npm start` adds to the local stage: the admin's own feeds (`--feeds FILE`), the samples or not (`--no-samples`). */
export interface LocalFeedOptions {
  feeds?: FeedSource[];
  samples?: boolean;
}

/** The local runtime's stage: the sample feeds it serves itself on loopback (and any of the admin's), the same topics and subscribers. */
export function localConfigInput(urls: LocalUrls, options: LocalFeedOptions = {}): AppConfigInput {
  return {
    stage: 'local',
    publicBaseUrl: urls.publicBaseUrl,
    email: { from: 'alerts@newshound.local' },
    feeds: [...(options.samples === false ? [] : sampleFeeds(urls.samplesBaseUrl)), ...(options.feeds ?? [])],
    topics,
    subscribers: [...subscribers, localWebhookReceiver(urls.publicBaseUrl)],
    // Its token is generated at start into the local partner-tokens parameter; the status page links its feeds.
    partners: [{ id: 'sample-partner', topics: ['csto', 'nagorno-karabakh'] }],
    delivery: { telegram: { apiBase: urls.telegramApiBase } },
    // The subscribe page's Telegram links open the stand-in's bot on its chat page.
    ...(urls.telegramStandIn ? { subscriptions: { telegramBotUsername: urls.telegramStandIn.botUsername, telegramLinkBase: urls.telegramStandIn.linkBase } } : {}),
    allowLoopback: true,
  };
}

/** A webhook receiver served by the local runtime itself (/webhooks/inbox), its key generated at start. */
function localWebhookReceiver(publicBaseUrl: string): NonNullable<AppConfigInput['subscribers']>[number] {
  return { id: 'sample-webhook', name: 'Sample webhook receiver', webhookUrl: `${publicBaseUrl}/webhooks/inbox/sample-webhook`, topics: ['csto', 'nagorno-karabakh'], channels: ['webhook'], mode: 'instant' };
}

export function sampleConfig(overrides: Partial<AppConfigInput> = {}): AppConfig {
  return parseAppConfig({ ...sampleConfigInput, ...overrides });
}
