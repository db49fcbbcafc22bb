import { isStrongToken, PARTNER_TOKEN_RULE } from '../../shared/domain/syndication/index.js';
import { secretMapCommand } from '../secret-map-command.js';

export const summary = "Print a partner's token for its private feeds, adding one to the partner-tokens parameter";

export const run = secretMapCommand({
  name: 'partner-token',
  secret: 'partnerTokens',
  idOf: 'partner',
  valueName: 'token',
  rule: { test: isStrongToken, description: PARTNER_TOKEN_RULE },
  handOver: (id) =>
    `Give the partner its feeds' address, <FeedsBaseUrl>/feeds/private/<token>/index.html: the next publish (a deploy runs one) lets the token in once "${id}" is in partners (infra/config), and refuses a replaced token.`,
});
