/**
 * An impairment's link fields compiled into flat numbers with every default filled in, so the
 * per-packet path reads plain properties. Also the per-packet random draws that depend only
 * on (flow stream, position): loss and jitter.
 */
import type { LinkFields } from '../impairmentSchema.ts';
import { Salt, uniformAt } from '../../random/seededRandom.ts';

export const LossKind = { none: 0, random: 1, gilbertElliott: 2 } as const;
export const JitterShape = { normal: 0, uniform: 1, pareto: 2 } as const;

export interface LinkParams {
  lossKind: number;
  /** random loss probability */
  lossRate: number;
  /** Gilbert-Elliott: good→bad, bad→good, loss probability in good (1−k) and in bad (1−h) */
  geP: number;
  geR: number;
  geLossGood: number;
  geLossBad: number;
  /** long-run loss fraction (for control-message drops) */
  meanLoss: number;
  /** changes whenever the loss model changes, so per-flow Gilbert-Elliott state restarts in the good state */
  lossVersion: number;
  delayMs: number;
  jitterMs: number;
  jitterShape: number;
  allowReorder: boolean;
  /** kbit/s, 0 = unlimited */
  rateKbps: number;
  overheadBytes: number;
  queuePackets: number;
  /** Infinity when unlimited */
  queueBytes: number;
  duplicate: number;
  reorder: number;
  /** nothing to do: no loss, delay, jitter, rate, duplication or reordering */
  clean: boolean;
}

/** netem's default queue limit, packets */
export const DEFAULT_QUEUE_PACKETS = 1000;

let lossVersionCounter = 0;

export function compileLinkParams(fields: LinkFields, previous?: LinkParams): LinkParams {
  const params: LinkParams = {
    lossKind: LossKind.none, lossRate: 0, geP: 0, geR: 0, geLossGood: 0, geLossBad: 0, meanLoss: 0,
    lossVersion: 0,
    delayMs: fields.delayMs ?? 0,
    jitterMs: fields.jitterMs ?? 0,
    jitterShape: JitterShape[fields.jitterDistribution ?? 'normal'],
    allowReorder: fields.allowReorder ?? false,
    rateKbps: fields.rateKbps ?? 0,
    overheadBytes: fields.packetOverheadBytes ?? 0,
    queuePackets: fields.queuePackets ?? DEFAULT_QUEUE_PACKETS,
    queueBytes: fields.queueBytes ?? Infinity,
    duplicate: fields.duplicate ?? 0,
    reorder: fields.reorder ?? 0,
    clean: false,
  };
  const loss = fields.loss ?? 0;
  if (typeof loss === 'number' || loss.model === 'random') {
    const rate = typeof loss === 'number' ? loss : loss.rate;
    if (rate > 0) Object.assign(params, { lossKind: LossKind.random, lossRate: rate, meanLoss: rate });
  } else if (loss.model === 'gilbertElliott') {
    const lossGood = 1 - (loss.k ?? 1);
    const lossBad = 1 - (loss.h ?? 0);
    const badShare = loss.p + loss.r > 0 ? loss.p / (loss.p + loss.r) : 0;
    Object.assign(params, { lossKind: LossKind.gilbertElliott, geP: loss.p, geR: loss.r, geLossGood: lossGood, geLossBad: lossBad, meanLoss: badShare * lossBad + (1 - badShare) * lossGood });
  } else if (loss.lossRate > 0) {
    // libwebrtc SimulatedNetwork: P(start burst) = p/(1−p)/L, P(stay in burst) = 1 − 1/L; every packet in a burst is lost
    const startBurst = loss.lossRate / (1 - loss.lossRate) / loss.meanBurstPackets;
    Object.assign(params, { lossKind: LossKind.gilbertElliott, geP: Math.min(1, startBurst), geR: 1 / loss.meanBurstPackets, geLossGood: 0, geLossBad: 1, meanLoss: loss.lossRate });
  }
  const sameLoss = previous && previous.lossKind === params.lossKind && previous.lossRate === params.lossRate && previous.geP === params.geP && previous.geR === params.geR && previous.geLossGood === params.geLossGood && previous.geLossBad === params.geLossBad;
  params.lossVersion = sameLoss ? previous.lossVersion : ++lossVersionCounter;
  params.clean = params.lossKind === LossKind.none && params.delayMs === 0 && params.jitterMs === 0 && params.rateKbps === 0 && params.duplicate === 0 && params.reorder === 0;
  return params;
}

/** the part of a flow a loss decision needs: its stream and its Gilbert-Elliott state */
export interface LossState {
  seed: number;
  geBad: boolean;
  lossVersion: number;
}

/** whether the packet at `position` is lost; advances the Gilbert-Elliott state (sequential per flow) */
export function decideLoss(params: LinkParams, flow: LossState, position: number): boolean {
  if (params.lossKind === LossKind.none) return false;
  const u = uniformAt(flow.seed, position, Salt.loss);
  if (params.lossKind === LossKind.random) return u < params.lossRate;
  if (flow.lossVersion !== params.lossVersion) {
    flow.lossVersion = params.lossVersion;
    flow.geBad = false;
  }
  // netem order: the current state decides this packet, then the state moves
  const lost = u < (flow.geBad ? params.geLossBad : params.geLossGood);
  const move = uniformAt(flow.seed, position, Salt.geTransition);
  if (flow.geBad) {
    if (move < params.geR) flow.geBad = false;
  } else if (move < params.geP) {
    flow.geBad = true;
  }
  return lost;
}

const PARETO_SHAPE = 3;
const PARETO_MEAN = PARETO_SHAPE / (PARETO_SHAPE - 1); // 1.5 for scale 1
const PARETO_SD = Math.sqrt(PARETO_SHAPE / ((PARETO_SHAPE - 1) ** 2 * (PARETO_SHAPE - 2))); // √0.75

/** jitter to add to the packet at `position`, ms (may be negative; mean 0) */
export function jitterAt(params: LinkParams, seed: number, position: number): number {
  if (params.jitterMs === 0) return 0;
  const u = uniformAt(seed, position, Salt.jitterA);
  if (params.jitterShape === JitterShape.uniform) return (2 * u - 1) * params.jitterMs;
  if (params.jitterShape === JitterShape.pareto) {
    // Pareto(scale 1, shape 3) shifted to mean 0 and scaled to standard deviation jitterMs: a long right tail
    const x = Math.pow(1 - u, -1 / PARETO_SHAPE);
    return ((x - PARETO_MEAN) / PARETO_SD) * params.jitterMs;
  }
  // Box-Muller; 1−u is in (0, 1] so the log is finite
  const v = uniformAt(seed, position, Salt.jitterB);
  return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v) * params.jitterMs;
}
