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

/** The local runtime's stage: the sample feeds it serves itself, the same topics and subscribers. */
export function localConfigInput(urls: { samplesBaseUrl: string; publicBaseUrl: string }): AppConfigInput {
  return {
    stage: 'local',
    publicBaseUrl: urls.publicBaseUrl,
    email: { from: 'alerts@newshound.local' },
    feeds: sampleFeeds(urls.samplesBaseUrl),
    topics,
    subscribers,
  };
}

export function prodConfig(overrides: Partial<AppConfigInput> = {}): AppConfig {
  return parseAppConfig({ ...prodConfigInput, ...overrides });
}
