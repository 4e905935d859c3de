/**
 * A process that starts a relay in its thread, prints {"port"} and waits to be killed: the
 * relay's owner in the test that the thread never outlives it.
 */
import { startRelay } from '../../../../harness/relay/startRelay.ts';

const relay = await startRelay({ seed: 1 });
process.stdout.write(`${JSON.stringify({ port: relay.port, isolation: relay.isolation })}\n`);
setInterval(() => {}, 60_000);
