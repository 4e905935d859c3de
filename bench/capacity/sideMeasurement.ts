/**
 * What one side of the capacity bench (the reference calls or the harness's) measured at one N.
 */
import type { CpuUsage } from './cpuReading.ts';
import type { ReceiverQuality, SetQuality } from './receiverQuality.ts';

export type Side = 'reference' | 'harness';

export interface SideMeasurement {
  /** 'reference', 'harness', or a diagnosis variant's label */
  side: string;
  /** concurrent calls */
  calls: number;
  /** per receiver over the measured interval (after the warm-up) */
  receivers: ReceiverQuality[];
  /** the set judged against the criteria */
  quality: SetQuality;
  /** CPU over the measured interval; undefined when the calls never got that far */
  cpu?: CpuUsage;
  /** from launching the browser to every call carrying audio, s */
  setupS: number;
  /** the measured interval's length, s */
  measuredS: number;
  /** extra facts of that side, printed as they are (relay packets/s, samples per peer) */
  notes: string[];
  /** why the calls failed to come up or to be measured; their receivers count as 100 % */
  error?: string;
}
