import type { FeedSource } from '../../shared/domain/feed-source.js';

/** Two public feeds the sample config (tests, benches) lists; a deployment polls only the feeds of its own config. */
export const remoteSampleFeeds: FeedSource[] = [
  { id: 'eurasianet', url: 'https://eurasianet.org/rss', title: 'Eurasianet' },
  { id: 'oc-media', url: 'https://oc-media.org/feed/', title: 'OC Media' },
];

/**
 * Sample feeds written for the project, served by the local runtime from infra/config/sample-feeds. excerpt-wire
 * carries only excerpts; its articles are pages the runtime serves too (sample-feeds/pages/), fetched for full text.
 */
export const sampleFeedFiles = ['world-wire.xml', 'kavkaz-lenta.xml', 'excerpt-wire.xml'] as const;

export const sampleFeedIds = sampleFeedFiles.map((file) => file.replace(/\.xml$/, ''));

/** The other samples link to made-up pages on example.org: nothing to fetch. */
const SAMPLES_WITH_PAGES = new Set(['excerpt-wire']);

export function sampleFeeds(samplesBaseUrl: string): FeedSource[] {
  return sampleFeedFiles.map((file, i) => {
    const id = sampleFeedIds[i]!;
    return { id, url: `${samplesBaseUrl}/${file}`, fullText: SAMPLES_WITH_PAGES.has(id) ? 'auto' : 'never' };
  });
}
