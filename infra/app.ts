/**
 * The CDK app: `npm run synth` / `npx cdk deploy`. Deploy-time values come from CDK context
 * (-c stage=... -c publicBaseUrl=... -c emailFrom=... -c senderIdentity=... -c tracing=true);
 * see infra/stacks/deploy-options.ts for the table. A bad config value or a topic whose query or
 * examples fail stops synth with a message naming it (infra/stacks/load-config.ts); so does any
 * cdk-nag AwsSolutions finding that is not acknowledged with a reason (infra/stacks/nag.ts).
 */
import { App, Validations } from 'aws-cdk-lib';
import { loadDeployConfig } from './stacks/load-config.js';
import { NewshoundNagChecks } from './stacks/nag.js';
import { addNewshoundStacks } from './stacks/newshound.js';

const app = new App();
const loaded = loadDeployConfig(app.node);
if (!loaded.ok) {
  for (const line of loaded.errors) console.error(line);
  process.exit(1);
}
addNewshoundStacks(app, loaded.config, loaded.options);
Validations.of(app).addPlugins(new NewshoundNagChecks());
app.synth();
