import { describe, expect, it } from 'vitest';
import { Unavailable, unavailableReason } from '../../../cli/admin/unavailable.js';

const ctx = { stack: 'Newshound-prod-Stateless', region: 'eu-west-1' };
const error = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('unavailableReason: the one line for a deployment that cannot be reached', () => {
  it.each<[string, unknown, RegExp]>([
    ['no credentials', error('CredentialsProviderError', 'Could not load credentials from any providers'), /^no AWS credentials found: set AWS_PROFILE/],
    ['no region', new Error('Region is missing'), /^no AWS region: pass --region/],
    ['an unknown access key', error('InvalidClientTokenId', 'The security token included in the request is invalid.'), /^AWS refused the credentials \(InvalidClientTokenId\): The security token/],
    ['an expired session', error('ExpiredToken', 'The security token included in the request is expired'), /^AWS refused the credentials \(ExpiredToken\)/],
    ['a missing stack', error('ValidationError', 'Stack with id Newshound-prod-Stateful does not exist'), /^stack Newshound-prod-Stateful does not exist in eu-west-1: deploy it/],
    ['no right to read the stack', error('AccessDenied', 'User: x is not authorized to perform: cloudformation:DescribeStacks'), /^your credentials may not read the stack/],
    ['said before', new Unavailable('no local runtime in /x'), /^no local runtime in \/x$/],
  ])('%s', (_name, thrown, line) => {
    const reason = unavailableReason(thrown, ctx);
    expect(reason).toMatch(line);
    expect(reason).not.toContain('\n');
  });

  it('names a local runtime that is not running, only for a local target', () => {
    const refused = error('Error', 'connect ECONNREFUSED 127.0.0.1:4000', { code: 'ECONNREFUSED' });
    expect(unavailableReason(refused, { ...ctx, localEndpoint: 'http://127.0.0.1:4000' })).toMatch(/^the local runtime is not running \(its AWS endpoint http:\/\/127\.0\.0\.1:4000 refused/);
    expect(unavailableReason(refused, ctx)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['a throttled call', error('ThrottlingException', 'Rate exceeded')],
    ['a denied call other than reading the stack', error('AccessDeniedException', 'not authorized to perform: sqs:ReceiveMessage')],
    ['a validation error about something else', error('ValidationError', 'Template format error')],
  ])('leaves %s to the command (exit 1)', (_name, thrown) => {
    expect(unavailableReason(thrown, ctx)).toBeUndefined();
  });
});
