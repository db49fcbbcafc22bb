/**
 * The shape of `newshound partner-token` and `newshound webhook-key`: print the value stored for an id in a secret
 * map (the partner-tokens or webhook-keys SSM SecureString of a stage), adding a generated one when there is none,
 * replacing it with --rotate or --value. Runs with the admin's AWS credentials, which need ssm:GetParameter and
 * ssm:PutParameter on that one parameter.
 */
import { parseArgs } from 'node:util';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ensureSecretMapEntries } from '../infra/secrets/secret-map-entries.js';
import { secretParameterName } from '../shared/topology/functions.js';
import { STAGE } from './stage-option.js';

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
  --endpoint URL    an SSM-compatible endpoint instead of AWS's`;
}

export function secretMapCommand(c: SecretMapCommand): (argv: string[]) => Promise<number> {
  return async (argv) => {
    let values: { stage?: string; rotate?: boolean; value?: string; region?: string; endpoint?: string; help?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          stage: { type: 'string' },
          rotate: { type: 'boolean' },
          value: { type: 'string' },
          region: { type: 'string' },
          endpoint: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (error) {
      console.error(`${(error as Error).message}\n\n${usage(c)}`);
      return 2;
    }
    if (values.help) {
      console.log(usage(c));
      return 0;
    }
    const [id, ...extra] = positionals;
    const problem =
      !id || extra.length > 0
        ? `give one ${c.idOf} id`
        : !ID.test(id)
          ? `"${id}" is not a ${c.idOf} id (lower-case letters, digits and hyphens, as in the config)`
          : !values.stage
            ? "--stage is required: the stage you deployed (the config's stage)"
            : !STAGE.test(values.stage)
              ? `--stage must be ${STAGE.description}`
              : values.value !== undefined && !c.rule.test(values.value)
                ? `--value must be ${c.rule.description}`
                : values.value !== undefined && values.rotate
                  ? 'give --rotate or --value, not both'
                  : undefined;
    if (problem) {
      console.error(`${problem}\n\n${usage(c)}`);
      return 2;
    }

    const parameter = secretParameterName(values.stage!, c.secret);
    const client = new SSMClient({ ...(values.region ? { region: values.region } : {}), ...(values.endpoint ? { endpoint: values.endpoint } : {}) });
    try {
      const { values: stored, outcomes } = await ensureSecretMapEntries(client, parameter, [{ id: id!, ...(values.value !== undefined ? { value: values.value } : {}), ...(values.rotate ? { rotate: true } : {}) }]);
      const value = stored[id!]!;
      console.log(value);
      const what = { created: `added a new ${c.valueName} for`, replaced: `replaced the ${c.valueName} of`, kept: `the stored ${c.valueName} of` }[outcomes[id!]!];
      console.error(`${what} ${c.idOf} ${id} in ${parameter}. ${c.handOver(id!, value)}`);
      return 0;
    } catch (error) {
      console.error(`${c.name}: ${(error as Error).message}`);
      return 1;
    } finally {
      client.destroy();
    }
  };
}
