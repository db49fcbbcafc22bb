/**
 * When a command cannot look at the deployment at all (no such stack, no credentials, credentials refused, the local
 * runtime not running), it says why in one line and exits 2. Everything else is a finding or a failure (exit 1).
 */
export class Unavailable extends Error {
  override readonly name = 'Unavailable';
}

const REFUSED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
  'InvalidAccessKeyId',
  'InvalidToken',
]);

export interface UnavailableContext {
  /** The stack being looked up, and where. */
  stack: string;
  region: string | undefined;
  /** The local runtime's AWS endpoint, when the target is local. */
  localEndpoint?: string;
}

/** The one line an error comes down to when it means the deployment cannot be reached; undefined otherwise. */
export function unavailableReason(error: unknown, ctx: UnavailableContext): string | undefined {
  if (error instanceof Unavailable) return error.message;
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const name = e?.name ?? '';
  const message = (e?.message ?? String(error)).split('\n')[0]!;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: set AWS_PROFILE (or pass --profile), run `aws configure` or `aws sso login`; for the local runtime pass --local DIR';
  }
  if (/Region is missing/i.test(message)) return 'no AWS region: pass --region or set AWS_REGION (or a region in your AWS profile)';
  if (REFUSED_CREDENTIALS.has(name)) return `AWS refused the credentials (${name}): ${message}`;
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    const stack = /Stack with id (\S+) does not exist/.exec(message)?.[1] ?? ctx.stack;
    return `stack ${stack} does not exist${ctx.region ? ` in ${ctx.region}` : ''}: deploy it (npx cdk deploy --all), or name the deployed one with --stage or --stack`;
  }
  if (ctx.localEndpoint && [e?.code, e?.cause?.code].includes('ECONNREFUSED')) {
    return `the local runtime is not running (its AWS endpoint ${ctx.localEndpoint} refused the connection): start it with npm start`;
  }
  if ((name === 'AccessDenied' || name === 'AccessDeniedException') && /cloudformation:/i.test(message)) return `your credentials may not read the stack: ${message}`;
  return undefined;
}
