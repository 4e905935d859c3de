/**
 * Who degraded a call's audio: concealment the relay's losses or the scenario's own shaping
 * explain is the network's; concealment with nothing lost, while the cores were saturated or
 * the page ran late, is the machine's, and the call gets a warning naming the seconds.
 */
import { test, expect } from '@playwright/test';
import { machineDegradation, shapesTiming } from '../../../harness/engine/checks/machineDegradation.ts';
import { readCpuTimes, startMachineLoadSampler } from '../../../harness/engine/machineLoadSampler.ts';
import type { AudioSample } from '../../../harness/stats/audioSample.ts';
import type { LegGroundTruth } from '../../../harness/relay/core/groundTruthTypes.ts';
import { legTruth } from './support/legTruth.ts';

const SSRC = 1234;
const RATE = 48_000;

/**
 * one sample per second (or at the given times): `concealedPct[i]` of interval i's audio
 * concealed, and `playedShare` of each interval's time played out (1: the output kept up)
 */
function samples(concealedPct: number[], times?: number[], playedShare = 1): AudioSample[] {
  let concealed = 0;
  let received = RATE; // audio flows from the first sample on
  let duration = 1;
  const out: AudioSample[] = [{ t: times?.[0] ?? 1, inbound: { ssrc: SSRC, concealedSamples: 0, totalSamplesReceived: received, totalSamplesDuration: duration } } as AudioSample];
  concealedPct.forEach((pct, i) => {
    const t = times?.[i + 1] ?? i + 2;
    const span = t - (times?.[i] ?? i + 1);
    received += RATE * span * playedShare;
    duration += span * playedShare;
    concealed += Math.round((RATE * span * playedShare * pct) / 100);
    out.push({ t, inbound: { ssrc: SSRC, concealedSamples: concealed, totalSamplesReceived: received, totalSamplesDuration: duration } } as AudioSample);
  });
  return out;
}

/** the consumer's uplink RTP leg, with `drops[s]` datagrams dropped in second s */
function uplink(drops: Record<number, number> = {}, seconds = 12): LegGroundTruth {
  return legTruth({
    callId: 'c',
    role: 'consumer',
    direction: 'up',
    ssrc: SSRC,
    offered: 50 * seconds,
    delivered: 50 * seconds,
    series: Array.from({ length: seconds }, (_, s) => ({ tMs: s * 1000, offered: 50, delivered: 50 - (drops[s] ?? 0), dropped: drops[s] ?? 0 })),
  });
}

const busy = (pct: number, seconds = 12) => Array.from({ length: seconds }, (_, s) => ({ t: s + 1, cpuPct: pct }));

test('concealment with nothing lost while the cores were saturated is the machine: a warning naming the seconds and the cause', () => {
  const result = machineDegradation({ samples: samples([40, 40, 0, 0, 0, 0, 0, 0, 0, 0]), legs: [uplink()], shaped: [], load: busy(100) });
  expect(result.check.ok).toBe(false);
  expect(result.check.severity).toBe('warning');
  expect(result.spans).toEqual([{ fromS: 1, toS: 3, concealedPct: 40, playoutLagPct: 0, cpuPct: 100, sampleGapS: 1 }]);
  expect(result.check.message).toBe(
    "the machine, not the network, degraded this call: 0.8 s (8 %) of the business's audio time was concealed or not played where the relay's losses and the scenario's shaping explain none of it and the machine's cores were saturated (≥ 90 %), in 1–3 s (40 % concealed, CPU 100 %). Its audio numbers describe this machine's load, not the client under test",
  );
});

test('the same concealment next to the relay\'s drops is the network\'s: no warning', () => {
  const result = machineDegradation({ samples: samples([30, 25, 0, 0, 0, 0, 0, 0, 0, 0]), legs: [uplink({ 1: 12, 2: 10 })], shaped: [], load: busy(100) });
  expect(result.check.ok).toBe(true);
  expect(result.spans).toEqual([]);
});

test('random loss explains concealment but not an output that falls behind; an outage explains both', () => {
  const lossy = uplink(Object.fromEntries(Array.from({ length: 16 }, (_, s) => [s, 5])), 16);
  const behind = machineDegradation({ samples: samples(Array(12).fill(10), undefined, 0.85), legs: [lossy], shaped: [], load: busy(30) });
  expect(behind.check.ok).toBe(false);
  expect(behind.machineConcealedPct).toBe(15);
  const cut = uplink(Object.fromEntries(Array.from({ length: 16 }, (_, s) => [s, 50])), 16);
  expect(machineDegradation({ samples: samples([80, 80, 80, 80], undefined, 0.85), legs: [cut], shaped: [], load: busy(30) }).check.ok).toBe(true);
});

test('a path the scenario itself delays or queues (jitter, a rate limit) explains concealment without drops', () => {
  expect(shapesTiming({ jitterMs: 30 })).toBe(true);
  expect(shapesTiming({ loss: 0.1, delayMs: 20 })).toBe(false);
  const result = machineDegradation({ samples: samples([30, 25, 0, 0, 0, 0, 0, 0, 0, 0]), legs: [uplink()], shaped: [{ fromS: 0, toS: null }], load: busy(100) });
  expect(result.check.ok).toBe(true);
});

test('a short glitch on a machine with cores to spare is not flagged', () => {
  // the start-up glitch Chromium shows on an idle machine too: one second 21 % concealed in a 10-s call, 2.1 % overall
  const result = machineDegradation({ samples: samples([0, 21, 0, 0, 0, 0, 0, 0, 0, 0]), legs: [uplink()], shaped: [], load: busy(100) });
  expect(result.spans).toHaveLength(1);
  expect(result.check.ok).toBe(true);
  expect(result.check.message).toBe(
    "audio the network does not explain (concealed, or not played): 0.2 s, 2.1 % of the call's audio time (flagged from 0.75 s and 3 % with saturated cores or late stats, 1.5 s and 5 % alone)",
  );
});

test('an audio output that falls behind — a starved renderer plays 85 % of the time — is the machine, with no concealment at all', () => {
  const result = machineDegradation({ samples: samples(Array(12).fill(0), undefined, 0.85), legs: [uplink(undefined, 16)], shaped: [], load: busy(30, 16) });
  expect(result.check.ok).toBe(false);
  expect(result.machineConcealedPct).toBe(15);
  expect(result.check.message).toContain('1.8 s (15 %)');
  expect(result.check.message).toContain('in 1–13 s (output 15 % behind, CPU 30 %)');
});

test('stats that arrive late show the page ran late, also where the machine\'s load could not be read', () => {
  const result = machineDegradation({ samples: samples([0, 0, 40, 0, 0, 0, 0], [1, 2, 3, 5.5, 6.5, 7.5, 8.5, 9.5]), legs: [uplink()], shaped: [], load: [] });
  expect(result.check.ok).toBe(false);
  expect(result.check.message).toContain('the page ran late (its stats samples arrived late), in 3–5.5 s (40 % concealed, stats 2.5 s apart)');
});

test('a sender that sends nothing (muted by replaceTrack) explains its receiver concealing everything', () => {
  const silent = uplink();
  silent.series = silent.series.map((p, s) => (s >= 3 ? { ...p, offered: 0, delivered: 0 } : p));
  const result = machineDegradation({ samples: samples([0, 0, 0, 0, 100, 100, 100, 100, 100]), legs: [silent], shaped: [], load: busy(100) });
  expect(result.check.ok).toBe(true);
  expect(result.spans).toEqual([]);
});

test('without the relay\'s ground truth for the audio received, the network\'s part cannot be told: no verdict', () => {
  const result = machineDegradation({ samples: samples([40, 40, 40, 40]), legs: [], shaped: [], load: busy(100) });
  expect([result.check.ok, result.check.noVerdict, result.check.message]).toEqual([true, true, "no relay ground truth for the audio the business received: the network's part cannot be told"]);
});

test('a call without inbound audio has nothing to attribute, and says so', () => {
  const result = machineDegradation({ samples: [], legs: [], shaped: [], load: [] });
  expect(result.check).toEqual({ id: 'machine.degraded', ok: true, severity: 'warning', message: 'no inbound audio samples: nothing to attribute', noVerdict: true });
});

test('the machine load is read from /proc/stat: busy share of all cores, idle and iowait not counted', async () => {
  expect(readCpuTimes('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n')).toEqual({ busy: 150, total: 1000 });
  expect(readCpuTimes('no cpu line here')).toBeUndefined();
  const texts = ['cpu  100 0 0 900 0 0 0 0', 'cpu  280 0 0 920 0 0 0 0'];
  const sampler = startMachineLoadSampler(Date.now(), () => texts.shift() ?? 'cpu  280 0 0 920 0 0 0 0');
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  const points = sampler.stop();
  // 180 busy ticks of 200: 90 %
  expect(points.map((p) => p.cpuPct)).toEqual([90]);
});
