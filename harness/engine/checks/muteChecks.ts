/**
 * What a consumer's mute must look like at the business (node side), from the business's
 * per-second samples inside the mute window (from 1 s after the mute, so the jitter buffer has
 * drained, to the unmute or the call's end):
 *  - `track.enabled = false`: the sender keeps sending (packets keep flowing at ~50/s) but the
 *    audio is silence (audioLevel stays near 0);
 *  - `replaceTrack(null)`: the sender stops (no packets), and Chromium's playout conceals the
 *    whole gap: concealedSamples grow by a full second of samples per second (observed:
 *    ~48,000 a second at 48 kHz), as NetEq plays out comfort noise / expansion.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { AudioSample } from '../../stats/audioSample.ts';
import type { Step } from '../../scenario/scenarioSchema.ts';

/** Time the receiver needs after a mute before its samples show it, s. */
const SETTLE_S = 1;
/** Highest audioLevel (0..1) that still counts as silence. */
const SILENCE_LEVEL = 0.01;
/** Packet rate below this is "stopped", above MIN_FLOWING "flowing", packets/s. */
const STOPPED_RATE = 5;
const MIN_FLOWING_RATE = 40;
/** Share of the window's samples that must be concealed when the sender stops. */
const MIN_CONCEALED_SHARE = 0.8;
const SAMPLE_RATE = 48_000;

type Mark = { step: Step; atS: number };

export function muteChecks(marks: Mark[], samples: AudioSample[]): CheckResult[] {
  const checks: CheckResult[] = [];
  marks.forEach((mark, index) => {
    const step = mark.step;
    if (step.do !== 'mute' || step.by !== 'consumer') return;
    const end = marks.slice(index + 1).find((m) => m.step.do === 'unmute' && m.step.by === 'consumer')?.atS ?? Infinity;
    const inside = samples.filter((s) => s.inbound && s.t >= mark.atS + SETTLE_S && s.t <= end);
    if (inside.length < 2) return;
    const first = inside[0]!.inbound!;
    const last = inside.at(-1)!.inbound!;
    const seconds = inside.at(-1)!.t - inside[0]!.t;
    const rate = ((last.packetsReceived ?? 0) - (first.packetsReceived ?? 0)) / seconds;
    const window = `${inside[0]!.t.toFixed(1)}–${inside.at(-1)!.t.toFixed(1)} s`;
    if (step.method === 'enabled') {
      const loudest = Math.max(...inside.map((s) => s.inbound!.audioLevel ?? 0));
      checks.push({
        id: 'mute.enabled.packets_flow',
        ok: rate >= MIN_FLOWING_RATE,
        severity: 'error',
        message: `muted with track.enabled = false: ${rate.toFixed(1)} packets/s reached the business during ${window}; a disabled track still sends (≥ ${MIN_FLOWING_RATE}/s expected)`,
      });
      checks.push({
        id: 'mute.enabled.silence',
        ok: loudest <= SILENCE_LEVEL,
        severity: 'error',
        message: `loudest audioLevel during ${window} was ${loudest.toFixed(4)}; a disabled track sends silence (≤ ${SILENCE_LEVEL} expected)`,
      });
    } else {
      const concealed = (last.concealedSamples ?? 0) - (first.concealedSamples ?? 0);
      const share = concealed / (seconds * SAMPLE_RATE);
      checks.push({
        id: 'mute.replace_track.packets_stop',
        ok: rate <= STOPPED_RATE,
        severity: 'error',
        message: `muted with replaceTrack(null): ${rate.toFixed(1)} packets/s reached the business during ${window}; a sender without a track stops (≤ ${STOPPED_RATE}/s expected)`,
      });
      checks.push({
        id: 'mute.replace_track.concealed',
        ok: share >= MIN_CONCEALED_SHARE,
        severity: 'error',
        message: `concealedSamples grew by ${concealed} during ${window} (${(share * 100).toFixed(0)} % of the ${Math.round(seconds * SAMPLE_RATE)} samples played); Chromium conceals the whole gap (≥ ${MIN_CONCEALED_SHARE * 100} % expected)`,
      });
    }
  });
  return checks;
}
