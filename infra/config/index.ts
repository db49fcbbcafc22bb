import { parseAppConfig, type AppConfig, type AppConfigInput } from '../../shared/runtime/app-config.js';
import { feeds, sampleFeeds } from './feeds.js';
import { subscribers } from './subscribers.js';
import { topics } from './topics.js';

/** The deployed stage. Values a deployer must change are overridable by CDK context (see infra/app.ts). */
export const prodConfigInput: AppConfigInput = {
  stage: 'prod',
  publicBaseUrl: 'https://news.example.org',
  email: { from: 'alerts@news.example.org' },
  feeds,
  topics,
  subscribers,
};

/** Where the local runtime serves what a local stage points at. */
export interface LocalUrls {
  samplesBaseUrl: string;
  publicBaseUrl: string;
  /** The Telegram Bot API (the loopback stand-in, or the real one with a real bot token). */
  telegramApiBase: string;
}

/** The local runtime's stage: the sample feeds it serves itself on loopback, the same topics and subscribers. */
export function localConfigInput(urls: LocalUrls): AppConfigInput {
  return {
    stage: 'local',
    publicBaseUrl: urls.publicBaseUrl,
    email: { from: 'alerts@newshound.local' },
    feeds: sampleFeeds(urls.samplesBaseUrl),
    topics,
    subscribers,
    delivery: { telegram: { apiBase: urls.telegramApiBase } },
    allowLoopback: true,
  };
}

export function prodConfig(overrides: Partial<AppConfigInput> = {}): AppConfig {
  return parseAppConfig({ ...prodConfigInput, ...overrides });
}
