import type { ParseArgsOptionsConfig } from 'node:util';
import { AWS_ENVIRONMENT } from '../command-line.js';

/** How an admin command finds the deployment it talks to (shared by doctor, telegram, dlq and poll). */
export interface TargetOptions {
  stage?: string;
  stack?: string;
  local?: string;
  region?: string;
  profile?: string;
}

export const TARGET_USAGE = `  --stage NAME      the deployed stage (default: prod): its stacks are Newshound-<stage>-Stateful and -Stateless
  --stack NAME      a stack name instead (Newshound-prod, or either stack's full name)
  --region REGION   AWS region (default: the SDK's: AWS_REGION or your profile's)
  --profile NAME    AWS profile (default: the SDK's chain: AWS_PROFILE, environment, SSO, instance role)
  --local DIR       the local runtime of \`npm start -- --data DIR\` (its default folder is data), as its admin
  --json            one JSON object on stdout, for scripts
  -h, --help        this help

Environment: the AWS SDK's (with --local the runtime's own endpoint and key are used instead)
${AWS_ENVIRONMENT}

Exit status: 0 all is well, 1 something needs action, 2 bad input, no such stack, or no (valid) credentials.`;

/** The options every admin command takes; a command adds its own. */
export const TARGET_OPTIONS = {
  stage: { type: 'string' },
  stack: { type: 'string' },
  local: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

export function targetOptions(values: Partial<Record<keyof TargetOptions, string | boolean | undefined>>): TargetOptions {
  const pick = (key: keyof TargetOptions) => (typeof values[key] === 'string' ? { [key]: values[key] } : {});
  return { ...pick('stage'), ...pick('stack'), ...pick('local'), ...pick('region'), ...pick('profile') };
}
