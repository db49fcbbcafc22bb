import { fileURLToPath } from 'node:url';

/** The repository root: function entries live under functions/, the lockfile beside package.json. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
