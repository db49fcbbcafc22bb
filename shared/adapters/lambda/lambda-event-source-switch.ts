import { ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EventSourceSwitch } from '../../ports/event-source.js';

/** Enables or disables the one SQS event source mapping of a function (found by the function's name). */
export class LambdaEventSourceSwitch implements EventSourceSwitch {
  private uuid: string | undefined;

  constructor(
    private readonly lambda: Pick<LambdaClient, 'send'>,
    private readonly functionName: string,
  ) {}

  async setEnabled(enabled: boolean): Promise<void> {
    await this.lambda.send(new UpdateEventSourceMappingCommand({ UUID: await this.mappingId(), Enabled: enabled }));
  }

  async isEnabled(): Promise<boolean> {
    const mapping = await this.mapping();
    return mapping.State !== 'Disabled' && mapping.State !== 'Disabling';
  }

  private async mappingId(): Promise<string> {
    this.uuid ??= (await this.mapping()).UUID;
    return this.uuid!;
  }

  private async mapping() {
    const { EventSourceMappings } = await this.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: this.functionName }));
    const mapping = EventSourceMappings?.[0];
    if (!mapping?.UUID) throw new Error(`no event source mapping found for function ${this.functionName}`);
    return mapping;
  }
}
