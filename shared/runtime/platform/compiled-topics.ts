import { compileTopics, type CompiledTopics } from '../../domain/topics/index.js';
import type { AppConfig } from '../app-config.js';
import type { CapabilityFactory } from '../ports.js';

const compiled = new WeakMap<AppConfig['topics'], CompiledTopics>();

/** The config's topics compiled into one matching index, once per container (matching and story grouping share it). */
export function topicsOf(config: AppConfig): CompiledTopics {
  let topics = compiled.get(config.topics);
  if (!topics) compiled.set(config.topics, (topics = compileTopics(config.topics)));
  return topics;
}

export const compiledTopics: CapabilityFactory<CompiledTopics> = ({ config }) => topicsOf(config);
