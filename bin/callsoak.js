#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so there is no
// build step whose output could go stale against the sources Playwright Test loads.
import { register } from 'tsx/esm/api';

/** Exit code of a usage or configuration error (harness/exit/exitCodes.ts). */
const USAGE = 2;
/** After a usage error, how long output may take to drain before callsoak exits anyway, ms. */
const USAGE_EXIT_GRACE_MS = 1_000;

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv);
// A usage error ends a command before it starts anything of its own, so whatever still keeps
// Node alive is not callsoak's: a scenario file whose top-level await never settled keeps its
// timers and sockets open after its load was given up. The timer is unreferenced: it fires only
// when something else holds the process, and otherwise Node exits as soon as output drains.
if (process.exitCode === USAGE) setTimeout(() => process.exit(), USAGE_EXIT_GRACE_MS).unref();
