#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so there is no
// build step whose output could go stale against the sources Playwright Test loads.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv);
