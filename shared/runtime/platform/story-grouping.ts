import { WireCopyStories } from '../../adapters/memory/wire-copy-stories.js';
import type { StoryAssigner, StoryCoverage } from '../../ports/story-assigner.js';
import type { CapabilityFactory } from '../ports.js';

/**
 * The story grouping the functions compose: poll-feed assigns, publish-feeds and the senders' digests read coverage.
 * A stand-in until the grouping over the table is composed here (one adapter implementing both ports).
 */
export const storyGrouping: CapabilityFactory<StoryAssigner & StoryCoverage> = () => new WireCopyStories();
