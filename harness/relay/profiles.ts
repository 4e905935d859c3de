/**
 * Named network profiles, selectable per peer. Numbers are the cited sources' own; how we map
 * them: a source's single bandwidth applies to both directions (`up` = the peer's uplink into
 * the relay, `down` = its downlink), its latency is added in EACH direction (testRTC calls its
 * figure "one-way latency": every packet to or from the peer gets it), its loss applies in each
 * direction, and a "± N ms" jitter is netem's default uniform jitter (what `tc netem delay X Y`
 * does without a distribution). Queues keep netem's default limit (1000 packets).
 *
 * Note: a call between two peers crosses the sender's `up` and the receiver's `down`, so two
 * peers on `loss-20` see ≈ 1 − 0.8² = 36 % end to end, as two real lossy links would.
 */
import type { Impairment } from './impairmentSchema.ts';

export interface NetworkProfile {
  /** what the profile stands for */
  description: string;
  /** where the numbers come from */
  source: string;
  /** the peer's uplink (client → relay) */
  up: Impairment;
  /** the peer's downlink (relay → client) */
  down: Impairment;
}

const TESTRTC = 'testRTC network profiles (bandwidth / one-way latency / packet loss)';
const LOADERO = 'Loadero network conditions (downlink/uplink, loss, latency, jitter)';

/** same impairment both ways */
function symmetric(description: string, source: string, link: Impairment): NetworkProfile {
  return { description, source, up: { ...link }, down: { ...link } };
}

/** testRTC: one bandwidth, one one-way latency, one loss figure */
function testRtc(description: string, kbps: number, latencyMs: number, lossPct: number): NetworkProfile {
  return symmetric(description, `${TESTRTC}: ${formatKbps(kbps)}, ${latencyMs} ms, ${lossPct}%`, { rateKbps: kbps, delayMs: latencyMs, loss: lossPct / 100 });
}

/** Loadero: separate downlink/uplink rates, shared loss, latency and ± jitter */
function loadero(description: string, downKbps: number, upKbps: number, lossPct: number, latencyMs: number, jitterMs: number, note: string): NetworkProfile {
  const common: Impairment = { loss: lossPct / 100, delayMs: latencyMs, ...(jitterMs > 0 ? { jitterMs, jitterDistribution: 'uniform' as const } : {}) };
  return {
    description,
    source: `${LOADERO}: ${note}`,
    up: { ...common, ...(upKbps > 0 ? { rateKbps: upKbps } : {}) },
    down: { ...common, ...(downKbps > 0 ? { rateKbps: downKbps } : {}) },
  };
}

function lossOnly(pct: number): NetworkProfile {
  return symmetric(`${pct}% random loss each way, nothing else`, `${LOADERO}: packet loss ${pct}%`, { loss: pct / 100 });
}

function formatKbps(kbps: number): string {
  return kbps >= 1000 ? `${kbps / 1000} Mbps` : `${kbps} kbps`;
}

export const PROFILES: Readonly<Record<string, NetworkProfile>> = {
  clean: symmetric('no impairment', 'none: the relay forwards untouched', {}),
  wifi: testRtc('good Wi-Fi', 30_000, 40, 0.2),
  'wifi-high-loss': testRtc('Wi-Fi with high packet loss', 30_000, 40, 5),
  dsl: testRtc('DSL line', 8_000, 40, 0.5),
  '2.5g': testRtc('regular 2.5G mobile', 150, 200, 3),
  '3g': testRtc('regular 3G mobile', 750, 250, 1.5),
  'poor-3g': testRtc('poor 3G mobile', 400, 350, 5),
  '4g': testRtc('regular 4G mobile', 4_000, 0, 2),
  'poor-4g': testRtc('poor 4G mobile', 4_000, 350, 5),
  'unstable-4g': testRtc('unstable 4G mobile', 4_000, 500, 10),
  'high-latency-4g': testRtc('4G with high latency', 4_000, 600, 0.2),
  'high-loss-4g': testRtc('4G with high packet loss', 4_000, 5, 20),
  'very-bad-network': testRtc('very bad network (pion vnet VeryBadNetwork has the same 1000 / 500 ms / 10%)', 1_000, 500, 10),
  'call-drop': testRtc('a network bad enough to drop calls', 50, 500, 20),
  hsdpa: loadero('HSDPA mobile', 20_000, 10_000, 0.5, 150, 10, 'HSDPA 20/10 Mbps, 0.5%, 150 ms, 10 ms'),
  gprs: loadero('GPRS mobile', 80, 20, 1, 650, 100, 'GPRS 80/20 kbps, 1%, 650 ms, 100 ms'),
  edge: loadero('EDGE mobile', 200, 260, 1, 650, 100, 'Edge 200/260 kbps, 1%, 650 ms, 100 ms'),
  satellite: loadero('satellite link', 1_000, 256, 0, 600, 0, 'Satellite 1000/256 kbps, 600 ms'),
  'high-latency': loadero('high latency', 0, 0, 0, 500, 50, 'High latency 500 ms ± 50 ms'),
  'high-jitter': loadero('high jitter', 0, 0, 0, 200, 100, 'High jitter 200 ms ± 100 ms'),
  'loss-5': lossOnly(5),
  'loss-10': lossOnly(10),
  'loss-20': lossOnly(20),
  'loss-50': lossOnly(50),
  'full-loss': symmetric('everything lost (pion vnet FullLoss)', `${LOADERO}: packet loss 100%`, { loss: 1 }),
};

/** profile names, sorted, for help text and error messages */
export const PROFILE_NAMES: readonly string[] = Object.keys(PROFILES).sort();
