/**
 * Child process of the relay benchmark: our relay alone in its own process (as coturn is),
 * clean network, the benchmark's credentials. Prints {"port"} when listening; on SIGTERM
 * prints (to stderr) what could have stalled its one thread: GC pauses and event-loop delay.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startRelay } from '../harness/relay/startRelay.ts';
import { PASSWORD, REALM, USER } from './relay-load.ts';

// --no-handoff: relay A → B over loopback like any TURN server, instead of in process
// a process of its own already (as coturn is): the relay runs in its main thread
const relay = await startRelay({ isolation: 'in-process', seed: 1, realm: REALM, localHandoff: !process.argv.includes('--no-handoff'), sharedUser: { username: USER, password: PASSWORD, callId: 'bench', up: {}, down: {} } });
// what can stall the relay's one thread: garbage collection and event-loop delay
const gcPauses: number[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
});
observer.observe({ entryTypes: ['gc'] });
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
process.stdout.write(`${JSON.stringify({ port: relay.port })}\n`);
await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
observer.disconnect();
loopDelay.disable();
const gcTotal = gcPauses.reduce((a, b) => a + b, 0);
process.stderr.write(
  `our relay process: ${gcPauses.length} GC pauses, ${gcTotal.toFixed(1)} ms in total, longest ${Math.max(0, ...gcPauses).toFixed(2)} ms; ` +
    `event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms, max ${(loopDelay.max / 1e6).toFixed(2)} ms\n`,
);
await relay.close();
