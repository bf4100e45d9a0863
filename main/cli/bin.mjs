#!/usr/bin/env node
// The `longshot` command. Runs the TypeScript sources through tsx so that `npx longshot` works
// straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./index.ts');
process.exitCode = await main(process.argv.slice(2));
