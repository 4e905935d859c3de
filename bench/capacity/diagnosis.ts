/**
 * Where the harness's extra cost per call goes (node side): at one N, the plain calls with one
 * piece of the harness put back at a time, then the harness itself at two sampling periods.
 *
 *   reference          one page, direct                     (the capacity reference)
 *   +relay             one page, relay-only ICE through the embedded relay
 *   +pages             a browser context and page per end, direct
 *   +pages+relay       both: the harness's media path without the agent
 *   harness            a soak call slot (runSoakSlot): agents in a shared page, relay, bindings,
 *                      signaling bus, endpoint, sampler every 1 s (handed over in 5 s batches)
 *   harness/5s         the same with the sampler every 5 s
 *   harness/own-pages  the same with a context and page per participant (soak --pages own)
 *
 * CPU time of our own processes is what is compared (per call, % of a core): unlike loss and
 * concealment it barely moves with what other users of a shared machine do. The sampler's
 * cost per 1 s sampling is (harness − harness/5s) × 5/4 (five times fewer samples remove
 * 4/5 of it).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuGroup } from './cpuReading.ts';
import { measureHarness } from './harnessCalls.ts';
import { measurePlain, type MeasureOptions, type PlainLayout } from './referenceCalls.ts';
import type { SideMeasurement } from './sideMeasurement.ts';

/** pause between two variants, ms */
const SETTLE_MS = 3000;

const PLAIN: [string, PlainLayout][] = [
  ['reference', { pages: 'one-page', transport: 'direct' }],
  ['+relay', { pages: 'one-page', transport: 'relay' }],
  ['+pages', { pages: 'page-per-end', transport: 'direct' }],
  ['+pages+relay', { pages: 'page-per-end', transport: 'relay' }],
];

/** runs every variant at `options.calls`, handing each measurement to `onRow` as it finishes */
export async function diagnose(options: MeasureOptions, pageUrl: string, onRow: (m: SideMeasurement) => void): Promise<SideMeasurement[]> {
  const rows: SideMeasurement[] = [];
  const run = async (measure: () => Promise<SideMeasurement>) => {
    const m = await measure();
    rows.push(m);
    onRow(m);
    await sleep(SETTLE_MS);
  };
  for (const [label, layout] of PLAIN) await run(() => measurePlain(options, layout, label));
  await run(() => measureHarness({ ...options, pageUrl, sampleIntervalMs: 1000, pages: 'shared' }));
  await run(async () => ({ ...(await measureHarness({ ...options, pageUrl, sampleIntervalMs: 5000, pages: 'shared' })), side: 'harness/5s' }));
  await run(async () => ({ ...(await measureHarness({ ...options, pageUrl, sampleIntervalMs: 1000, pages: 'own' })), side: 'harness/own-pages' }));
  return rows;
}

const perCall = (m: SideMeasurement | undefined, group?: CpuGroup) =>
  m?.cpu ? (group ? m.cpu.groups[group] : m.cpu.ours_cpu_pct) / m.calls : undefined;

/** the cost of each piece, CPU % of a core per call, from the variants' rows */
export function attribute(rows: SideMeasurement[]): string {
  const by = (label: string) => rows.find((m) => m.side === label);
  const diff = (a: string, b: string, group?: CpuGroup) => {
    const x = perCall(by(a), group);
    const y = perCall(by(b), group);
    return x === undefined || y === undefined ? '–' : (x - y).toFixed(1);
  };
  const sampler = (() => {
    const x = perCall(by('harness'));
    const y = perCall(by('harness/5s'));
    return x === undefined || y === undefined ? '–' : (((x - y) * 5) / 4).toFixed(1);
  })();
  const lines = [
    `CPU per call, % of one core: ${rows.map((m) => `${m.side} ${perCall(m)?.toFixed(1) ?? '–'}`).join(', ')}`,
    `  the relay (one page):            +${diff('+relay', 'reference')} (of which node ${diff('+relay', 'reference', 'node')})`,
    `  a context and page per end:      +${diff('+pages', 'reference')} (renderers ${diff('+pages', 'reference', 'renderer')}, audio ${diff('+pages', 'reference', 'audio')}, browser ${diff('+pages', 'reference', 'browser')})`,
    `  both (the harness's media path): +${diff('+pages+relay', 'reference')}`,
    `  the agent, bindings, endpoint and sampler on top of the relay (shared page): +${diff('harness', '+relay')} (node ${diff('harness', '+relay', 'node')}, renderers ${diff('harness', '+relay', 'renderer')}, browser ${diff('harness', '+relay', 'browser')})`,
    `  of which the 1 s sampler:        ≈ +${sampler}`,
    `  a page per participant instead of shared pages (soak --pages own): +${diff('harness/own-pages', 'harness')} (renderers ${diff('harness/own-pages', 'harness', 'renderer')}, audio ${diff('harness/own-pages', 'harness', 'audio')})`,
  ];
  return lines.join('\n');
}
