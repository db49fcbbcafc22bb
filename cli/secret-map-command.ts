/**
 * The shape of `newshound partner-token` and `newshound webhook-key`: print the value stored for an id in a secret
 * map (the partner-tokens or webhook-keys SSM SecureString of a stage), adding a generated one when there is none,
 * replacing it with --rotate or --value. Runs with the admin's AWS credentials, which need ssm:GetParameter and
 * ssm:PutParameter on that one parameter.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { ensureSecretMapEntries } from '../infra/secrets/secret-map-entries.js';
import { secretParameterName } from '../shared/topology/functions.js';
import { STAGE } from './stage-option.js';
import { ArgumentError, AWS_ENVIRONMENT, type CommandLine, runCommandLine, stringOption } from './command-line.js';

export interface SecretMapCommand {
  name: string;
  /** The secret, as the topology names it. */
  secret: 'partnerTokens' | 'webhookKeys';
  /** What the id names, e.g. "partner". */
  idOf: string;
  /** What the value is, e.g. "token". */
  valueName: string;
  rule: { test(value: string): boolean; description: string };
  /** How the admin hands the value over, printed on stderr. */
  handOver(id: string, value: string): string;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

function usage(c: SecretMapCommand): string {
  const parameter = secretParameterName('<stage>', c.secret);
  return `Usage: newshound ${c.name} <${c.idOf} id> --stage STAGE [options]

  Prints the ${c.idOf}'s ${c.valueName} (stdout, nothing else), adding a generated one to the SSM SecureString
  ${parameter} when it has none. Your AWS credentials need ssm:GetParameter and ssm:PutParameter on it.

  --stage STAGE     the deployed stage (${STAGE.description})
  --rotate          replace the ${c.valueName} with a new one (functions pick it up within 5 minutes)
  --value VALUE     store this ${c.valueName} instead of generating one (${c.rule.description})
  --region REGION   the stage's region (default: AWS_REGION / your AWS profile's)
  --endpoint URL    an SSM-compatible endpoint instead of AWS's
  -h, --help        this help

Environment:
${AWS_ENVIRONMENT}

Exit status: 0 printed; 1 SSM refused or failed; 2 bad input (arguments).`;
}

export function secretMapCommandLine(c: SecretMapCommand): CommandLine {
  return {
    name: c.name,
    usage: usage(c),
    options: { stage: { type: 'string' }, rotate: { type: 'boolean' }, value: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
  };
}

export function secretMapCommand(c: SecretMapCommand): (argv: string[]) => Promise<number> {
  const line = secretMapCommandLine(c);
  return (argv) =>
    runCommandLine(line, argv, async (args) => {
      const [id, ...extra] = args.positionals;
      const stage = stringOption(args, 'stage');
      const value = stringOption(args, 'value');
      const rotate = args.values.rotate === true;
      const problem =
        !id || extra.length > 0
          ? `give one ${c.idOf} id`
          : !ID.test(id)
            ? `"${id}" is not a ${c.idOf} id (lower-case letters, digits and hyphens, as in the config)`
            : !stage
              ? "--stage is required: the stage you deployed (the config's stage)"
              : !STAGE.test(stage)
                ? `--stage must be ${STAGE.description}`
                : value !== undefined && !c.rule.test(value)
                  ? `--value must be ${c.rule.description}`
                  : value !== undefined && rotate
                    ? 'give --rotate or --value, not both'
                    : undefined;
      if (problem || !id || !stage) throw new ArgumentError(problem ?? `give one ${c.idOf} id`);

      const parameter = secretParameterName(stage, c.secret);
      const region = stringOption(args, 'region');
      const endpoint = stringOption(args, 'endpoint');
      const client = new SSMClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
      try {
        const { values: stored, outcomes } = await ensureSecretMapEntries(client, parameter, [{ id, ...(value !== undefined ? { value } : {}), ...(rotate ? { rotate: true } : {}) }]);
        console.log(stored[id]!);
        const what = { created: `added a new ${c.valueName} for`, replaced: `replaced the ${c.valueName} of`, kept: `the stored ${c.valueName} of` }[outcomes[id]!];
        console.error(`${what} ${c.idOf} ${id} in ${parameter}. ${c.handOver(id, stored[id]!)}`);
        return 0;
      } finally {
        client.destroy();
      }
    });
}
