import type { ArticleMatchesHandedOn } from '../../shared/domain/messages.js';
import { fanOutDefinition } from '../../shared/runtime/composition/fan-out.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { queueConsumer } from '../../shared/runtime/queue-consumer.js';
import { fanOut } from '../../shared/usecases/fan-out.js';

/** fan-out queue → one delivery per subscriber and channel, one publish request per topic. */
export const makeHandler = (deps: DepsOf<typeof fanOutDefinition>) => (body: ArticleMatchesHandedOn) => fanOut(deps, body);

export const handler = queueConsumer(fanOutDefinition, makeHandler);
