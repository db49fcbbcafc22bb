#!/usr/bin/env node
// Runs the TypeScript CLI in place, so `npx newshound ...` works in a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
