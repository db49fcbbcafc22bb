import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag findings accepted on purpose, each with its reason. cdk-nag 3 reads CDK's own
 * acknowledgements; they cover the construct and everything under it. Findings with detail
 * (IAM5) are acknowledged one by one: `AwsSolutions-IAM5[Resource::<...>]`.
 */
export function acknowledge(scopes: IConstruct | IConstruct[], rules: { id: string; reason: string }[]): void {
  for (const scope of [scopes].flat()) Validations.of(scope).acknowledge(...rules);
}
