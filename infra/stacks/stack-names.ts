/** The two stacks of a stage (admin tools find a deployment by these names; no CDK import needed). */
export function stackNames(stage: string): { stateful: string; stateless: string } {
  return { stateful: `Newshound-${stage}-Stateful`, stateless: `Newshound-${stage}-Stateless` };
}
