/**
 * Child process of the relay benchmark: our relay alone in its own process (as coturn is),
 * clean network, the benchmark's credentials. Prints {"port"} when listening; on SIGTERM
 * prints (to stderr) what could have stalled its one thread: GC pauses and event-loop delay.
 */
import { watchStalls } from './stallWatch.ts';
import { startRelay } from '../harness/relay/startRelay.ts';
import { PASSWORD, REALM, USER } from './relay-load.ts';

// --no-handoff: relay A → B over loopback like any TURN server, instead of in process
// a process of its own already (as coturn is): the relay runs in its main thread
const relay = await startRelay({ isolation: 'in-process', seed: 1, realm: REALM, localHandoff: !process.argv.includes('--no-handoff'), sharedUser: { username: USER, password: PASSWORD, callId: 'bench', up: {}, down: {} } });
// what can stall the relay's one thread: garbage collection and event-loop delay
const stalls = watchStalls();
process.stdout.write(`${JSON.stringify({ port: relay.port })}\n`);
await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
const s = stalls.stop();
process.stderr.write(
  `our relay process: ${s.gcCount} GC pauses, ${s.gcTotalMs.toFixed(1)} ms in total, longest ${s.gcMaxMs.toFixed(2)} ms; ` +
    `event-loop delay p99 ${s.loopDelayP99Ms.toFixed(2)} ms, max ${s.loopDelayMaxMs.toFixed(2)} ms\n`,
);
await relay.close();
