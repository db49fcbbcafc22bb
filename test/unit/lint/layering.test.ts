/** The layering rules in eslint.config.js, run through ESLint's Node API on in-memory sources placed in the tree. */
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LAYERING_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function layeringMessages(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file} did not parse: ${fatal.message}`);
  return result!.messages.filter((m) => m.ruleId && LAYERING_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('layering: forbidden imports are reported', () => {
  it.each([
    ['domain → ports', 'shared/domain/delivery/x.ts', "import type { Clock } from '../../ports/clock.js';", /shared\/domain is pure/],
    ['domain → adapters', 'shared/domain/x.ts', "import { MemorySendPacer } from '../adapters/memory/memory-send-pacer.js';", /shared\/domain is pure/],
    ['domain → runtime, three folders down', 'shared/domain/a/b/x.ts', "import '../../../runtime/app-config.js';", /shared\/domain is pure/],
    ['domain → use cases by a bare ..', 'shared/domain/x.ts', "export * from '..';", /shared\/domain is pure/],
    ['domain → an I/O built-in', 'shared/domain/x.ts', "import { readFileSync } from 'node:fs';", /only the packages/],
    ['domain → randomness', 'shared/domain/x.ts', "import { randomUUID } from 'node:crypto';", /deterministic/],
    ['domain → the AWS SDK', 'shared/domain/x.ts', "import { S3Client } from '@aws-sdk/client-s3';", /only the packages/],
    ['domain → full zod', 'shared/domain/x.ts', "import * as z from 'zod';", /zod\/mini/],
    ['ports → adapters', 'shared/ports/x.ts', "import type { X } from '../adapters/dynamodb/table-schema.js';", /shared\/ports are interfaces/],
    ['ports → use cases', 'shared/ports/x.ts', "import type { ConsumerOutcome } from '../usecases/consumer-outcome.js';", /shared\/ports are interfaces/],
    ['use case → runtime (type only)', 'shared/usecases/x.ts', "import type { AppConfig } from '../runtime/app-config.js';", /shared\/usecases/],
    ['use case → runtime, one folder down', 'shared/usecases/delivery/x.ts', "import type { AppConfig } from '../../runtime/app-config.js';", /shared\/usecases/],
    ['use case → adapters by re-export', 'shared/usecases/delivery/x.ts', "export * from '../../adapters/memory/memory-send-pacer.js';", /shared\/usecases/],
    ['runtime → infra', 'shared/runtime/x.ts', "import { sampleConfig } from '../../infra/config/index.js';", /outside shared/],
    ['adapters → functions', 'shared/adapters/dynamodb/x.ts', "import '../../../functions/poll-feed/handler.js';", /outside shared/],
    ['use case → cli', 'shared/usecases/x.ts', "import '../../cli/main.js';", /outside shared/],
    ['use case → bench', 'shared/usecases/subscriptions/x.ts', "import '../../../bench/run.js';", /outside shared/],
    ['domain → test', 'shared/domain/feed/x.ts', "import { ManualClock } from '../../../test/support/manual-clock.js';", /outside shared/],
    ['a detour through ./..', 'shared/usecases/x.ts', "import './../runtime/app-config.js';", /normal form/],
    ['a detour through x/..', 'shared/usecases/x.ts', "import '../domain/../runtime/app-config.js';", /normal form/],
    ['a dynamic relative import', 'shared/usecases/x.ts', "export const load = () => import('../runtime/app-config.js');", /statically/],
    ['an import() type', 'shared/usecases/x.ts', "export type C = import('../runtime/app-config.js').AppConfig;", /import type/],
    ['a file deeper than the rules reach', 'shared/domain/a/b/c/d/e/x.ts', "import './y.js';", /LAYERING_MAX_DEPTH/],
  ])('%s', async (_name, file, source, message) => {
    const messages = await layeringMessages(file, source);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe('layering: allowed imports pass', () => {
  it.each([
    ['domain → domain, same folder and up', 'shared/domain/delivery/x.ts', "import { deliveryId } from './delivery-keys.js';\nimport type { Article } from '../article.js';"],
    ['domain → domain through shared/', 'shared/domain/a/b/x.ts', "import '../../delivery/hold.js';\nimport '../../../domain/topic.js';"],
    ['domain → a domain folder that shares a layer name', 'shared/domain/delivery/x.ts', "import '../runtime/x.js';"],
    ['domain → pure libraries and built-ins', 'shared/domain/x.ts', "import { createHash } from 'node:crypto';\nimport * as z from 'zod/mini';\nimport { Feed } from 'feed';\nimport { decodeHTML } from 'entities';"],
    ['ports → domain', 'shared/ports/x.ts', "import type { Article } from '../domain/article.js';\nimport type { Clock } from './clock.js';"],
    ['use case → ports and domain', 'shared/usecases/delivery/x.ts', "import type { Clock } from '../../ports/clock.js';\nimport { decideHold } from '../../domain/delivery/hold.js';\nimport type { ConsumerOutcome } from '../consumer-outcome.js';"],
    ['use case → a library', 'shared/usecases/x.ts', "import { isDeepStrictEqual } from 'node:util';"],
    ['runtime → adapters and use cases', 'shared/runtime/x.ts', "import { MemorySendPacer } from '../adapters/memory/memory-send-pacer.js';\nimport { deliverAlert } from '../usecases/deliver-alert.js';"],
    ['adapters → the AWS SDK and ports', 'shared/adapters/s3/x.ts', "import { S3Client } from '@aws-sdk/client-s3';\nimport type { Clock } from '../../ports/clock.js';"],
    ['functions → shared', 'functions/poll-feed/x.ts', "import '../../shared/runtime/app-config.js';"],
  ])('%s', async (_name, file, source) => {
    expect(await layeringMessages(file, source)).toEqual([]);
  });
});
