/** Syndication: per-topic and combined feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), index page, OPML, partner access. */
export { buildCombinedFeeds, buildTopicFeeds, type BuildCombinedFeedsInput, type BuildTopicFeedsInput } from './build-feeds.js';
export { feedCatalog, type FeedCatalog, type FeedCatalogInput, type FeedListing } from './feed-catalog.js';
export * from './feed-paths.js';
export type { CombinedFeedItem, FeedTopic, RenderedFeeds, TopicFeedItem } from './model.js';
export { findActivePartner, isStrongToken, PARTNER_TOKEN_PATTERN, PARTNER_TOKEN_RULE, partnersWithTokens, privateToken, withoutPartnerToken, type PartnerAccess } from './partners.js';
export { renderIndexPage } from './render-index-page.js';
export { renderOpml } from './render-opml.js';
export { articleUrn, contentHash, feedUrn, md5Hex } from './stable-id.js';
export { cleanLine, cleanText } from './text.js';
