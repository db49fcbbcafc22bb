/**
 * publish-feeds' composition: the partners of the config with their tokens from the PartnerTokens secret (never from
 * the bundled config), the ones without a usable token named in an error log and left without private feeds.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { sampleConfig } from '../../../infra/config/index.js';
import { publishFeedsDefinition } from '../../../shared/runtime/composition/publish-feeds.js';
import { memoryPartnerAccess } from '../../../shared/adapters/memory/memory-partner-access.js';
import { MemoryFeedPublisher } from '../../support/memory-stores.js';
import { composeWith, memoryTable } from '../../support/test-ports.js';
import { LabelStories } from '../../support/label-stories.js';

const ACME = 'YWNtZS1wYXJ0bmVyLXRva2VuLWZvci10ZXN0cy0wMTIz';
const GLOBEX = 'Z2xvYmV4LXBhcnRuZXItdG9rZW4tZm9yLXRlc3RzLTAx';

const world = () => ({ table: memoryTable(), feedsBucket: { publisher: new MemoryFeedPublisher(), baseUrl: 'https://feeds.example.org' }, websub: () => ({ ping: async () => {} }), partnerAccess: memoryPartnerAccess(), stories: new LabelStories() });

describe('publish-feeds composition', () => {
  it('gives active partners their tokens from the PartnerTokens secret and names those without a usable one', async () => {
    const config = sampleConfig({
      partners: [
        { id: 'acme', topics: ['csto'] },
        { id: 'globex', topics: ['csto', 'nagorno-karabakh'] },
        { id: 'initech', topics: ['csto'] },
        { id: 'weak', topics: ['csto'] },
        { id: 'gone', topics: ['csto'], revoked: true },
      ],
    });
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    const error = vi.spyOn(logger, 'error');
    const partnerTokens = JSON.stringify({ acme: ACME, globex: GLOBEX, weak: 'short', unconfigured: 'dW5jb25maWd1cmVkLXBhcnRuZXItdG9rZW4tMDEyMzQ1' });
    const deps = await composeWith(publishFeedsDefinition, { config, secrets: { partnerTokens }, world: world(), logger });
    expect(deps.config.partners).toEqual([
      { id: 'acme', token: ACME, topics: ['csto'] },
      { id: 'globex', token: GLOBEX, topics: ['csto', 'nagorno-karabakh'] },
    ]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('partners without a usable token in the PartnerTokens secret'), {
      partners: [
        { id: 'initech', reason: 'no token' },
        { id: 'weak', reason: expect.stringMatching(/^not at least 32 characters/) },
      ],
    });
    expect(JSON.stringify(error.mock.calls)).not.toContain(ACME);
  });

  it('reads no secret when no partner is active', async () => {
    const config = sampleConfig({ partners: [{ id: 'gone', topics: ['csto'], revoked: true }] });
    // A secret missing from the test parts cannot be read: composing succeeds only without reading it.
    const deps = await composeWith(publishFeedsDefinition, { config, world: world() });
    expect(deps.config.partners).toEqual([]);
  });
});
