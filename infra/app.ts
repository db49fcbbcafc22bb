/**
 * The CDK app: `npx cdk synth|deploy -c config=<your config file> ...`. Deploy-time values come from CDK context
 * (see infra/stacks/deploy-options.ts for the table, docs/deploy.md for the walk-through). A missing config file, a bad
 * value, a placeholder left in the config, or a topic whose query or examples fail stops synth with a message naming
 * the key (infra/stacks/load-config.ts); so does any cdk-nag AwsSolutions finding that is not acknowledged with a
 * reason (infra/stacks/nag.ts).
 */
import { App, Validations } from 'aws-cdk-lib';
import { loadDeployConfigFile } from './stacks/load-config.js';
import { NewshoundNagChecks } from './stacks/nag.js';
import { addNewshoundStacks } from './stacks/newshound.js';

const app = new App();
const loaded = await loadDeployConfigFile(app.node);
if (!loaded.ok) {
  for (const line of loaded.errors) console.error(line);
  process.exit(1);
}
addNewshoundStacks(app, loaded.config, loaded.options);
Validations.of(app).addPlugins(new NewshoundNagChecks());
app.synth();
