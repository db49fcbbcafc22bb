/** The --stage of the commands that act on a deployed stage's secrets: the config's `stage` (shared/runtime/app-config.ts). */
export const STAGE = { test: (value: string) => /^[a-z][a-z0-9-]*$/.test(value), description: 'lower-case letters, digits and hyphens, starting with a letter' };
