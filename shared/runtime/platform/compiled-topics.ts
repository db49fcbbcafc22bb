import { compileTopics, type CompiledTopics } from '../../domain/topics/index.js';
import type { CapabilityFactory } from '../ports.js';

/** The config's topics compiled into one matching index, once per container. */
export const compiledTopics: CapabilityFactory<CompiledTopics> = ({ config }) => compileTopics(config.topics);
