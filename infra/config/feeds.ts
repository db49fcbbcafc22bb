import type { FeedSource } from '../../shared/domain/feed-source.js';

/** Two public feeds the sample config (tests, benches) lists; a deployment polls only the feeds of its own config. */
export const remoteSampleFeeds: FeedSource[] = [
  { id: 'eurasianet', url: 'https://eurasianet.org/rss', title: 'Eurasianet' },
  { id: 'oc-media', url: 'https://oc-media.org/feed/', title: 'OC Media' },
];

/** Sample feeds written for the project, served by the local runtime from infra/config/sample-feeds. */
export const sampleFeedFiles = ['world-wire.xml', 'kavkaz-lenta.xml'] as const;

export const sampleFeedIds = sampleFeedFiles.map((file) => file.replace(/\.xml$/, ''));

export function sampleFeeds(samplesBaseUrl: string): FeedSource[] {
  return sampleFeedFiles.map((file, i) => ({ id: sampleFeedIds[i]!, url: `${samplesBaseUrl}/${file}` }));
}
