/**
 * The live status line shown under the call lines on a terminal (Playwright's main process):
 * calls done / total, elapsed, estimated remaining, and the worst jitter so far. Off when
 * stdout is not a terminal or in CI, where only the plain call lines are printed.
 */
import type { CallResult } from '../../results/resultsTypes.ts';
import { metricValue } from '../../metrics/metrics.ts';
import { callFailed } from '../../results/callStatus.ts';

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function progressLine(done: CallResult[], total: number, elapsedMs: number): string {
  const parts = [`[${done.length}/${total}]`, `${clock(elapsedMs)} elapsed`];
  if (done.length > 0 && done.length < total) parts.push(`~${clock((elapsedMs / done.length) * (total - done.length))} left`);
  let worst: { value: number; scenario: string } | undefined;
  for (const call of done) {
    const value = metricValue(call, 'audio.jitter_ms');
    if (value !== undefined && (!worst || value > worst.value)) worst = { value, scenario: call.scenario };
  }
  if (worst) parts.push(`worst jitter ${worst.value.toFixed(1)} ms (${worst.scenario})`);
  const failed = done.filter(callFailed).length;
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(' · ');
}

/** Whether to draw the live line: an interactive terminal, not CI. */
export function liveProgressWanted(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI;
}
