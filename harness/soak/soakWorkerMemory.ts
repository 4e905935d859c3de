/**
 * How a soak's Playwright workers run, so that the harness's memory settles early and stays
 * level: `soak.memory_slope.harness` cannot tell a slow settling from a leak. A worker's live JS
 * heap after a full GC is level through a soak (~56 MB at 10 calls); what moves is how V8 and
 * glibc size the memory around it.
 */

/**
 * semi-space size of a worker's young generation, MB. A worker's garbage comes from its
 * Playwright traffic, the calls' samples and, in the relay's thread (a V8 isolate of its own,
 * under the same flags), a few objects per datagram, about 1,200 datagrams/s at 10 calls. V8 sizes
 * the young generation on the fly, from 1 MB up to this default maximum per semi-space: left to
 * V8, a worker's new space wanders between 6 and 32 MB and takes 10–15 minutes to settle near
 * the top. Pinned at the size V8 reaches under this load anyway, a worker's RSS is level from the
 * first minutes at the same garbage-collection cost.
 */
const SOAK_SEMI_SPACE_MB = 16;

/**
 * V8 flags for the workers (`--min-semi-space-size` is not allowed in NODE_OPTIONS).
 *
 * `--no-minor-gc-task`: by default V8 also schedules a young-generation collection as a task once
 * the young generation is 80 % full, so the last fifth of each semi-space is written only when
 * allocation outruns that task, now and then. Its pages count in RSS once written, so a worker's
 * resident young generation creeps from ~28 to 32 MB over the first hour, in ~1.5 MB steps at
 * random minutes (bench/worker-young-generation.ts compares the two settings). With
 * collections only when it is full, every page is written in the first cycles: the same number
 * of collections, and a young generation that is all resident from the first minute.
 *
 * `--no-memory-reducer --heap-growing-percent=10`: a worker promotes about 1 MB a minute into its
 * old generation (relay and Playwright objects that outlive a young-generation cycle), and by
 * default nothing collects it but V8's memory reducer, which runs when V8 judges the process idle:
 * at unpredictable minutes, each time giving back pages (roughly 4–20 MB) that the heap then
 * takes again. Without the reducer and with the old generation allowed to grow only
 * 10 % past its live size before a full collection, full collections come on a schedule (every
 * ~6 min, 5–30 ms pauses in a process that waits on the network) and the old generation keeps
 * one size. Cost: V8 keeps the pages the reducer would hand back, ~35 MB more per worker.
 */
export const SOAK_WORKER_NODE_FLAGS: readonly string[] = [
  `--min-semi-space-size=${SOAK_SEMI_SPACE_MB}`,
  `--max-semi-space-size=${SOAK_SEMI_SPACE_MB}`,
  '--no-minor-gc-task',
  '--no-memory-reducer',
  '--heap-growing-percent=10',
];

/**
 * Environment `callsoak soak` gives Playwright's runner, which its workers inherit. glibc gives
 * each thread that mallocs its own arena (up to 8 per core): a worker's V8 compiler, GC and libuv
 * threads hold several arenas of 2–7 MB, each keeping its own high-water mark, which rises in
 * steps of about 1 MB for the first half hour. Two arenas make a worker ~20 MB smaller but the
 * second still steps; with one (all threads share the main heap, which glibc trims from the top)
 * the runner's and the workers' malloc heaps stay level through a soak.
 */
export const SOAK_RUNNER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };

/**
 * Adds the worker flags to the runner's `execArgv`, which Playwright forks every worker with
 * (it passes no `execArgv` of its own); called in the runner before any worker starts. Not on
 * the runner's own command line: the runner allocates slowly, so a pinned 16 MB young generation
 * fills over minutes and empties at once — a sawtooth of about 12 MB every 4 minutes, which
 * biases a least-squares slope upwards by amplitude × period / window² (≈ +1.4 MB/h over
 * 45 minutes). `soak.workerMemorySettings` in results.json shows what the workers ran with.
 */
export function pinWorkerMemory(execArgv: string[] = process.execArgv): void {
  for (const flag of SOAK_WORKER_NODE_FLAGS) if (!execArgv.includes(flag)) execArgv.push(flag);
}
