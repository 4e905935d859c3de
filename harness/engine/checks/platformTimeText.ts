/**
 * How the platform checks write the log's times (ms since the Unix epoch, platform clock) in
 * their messages: as Unix seconds with ms, the unit the payload uses, or as seconds since the
 * platform created the call, to read a call's order of events at a glance. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';

/** 1767268809120 → "1767268809.120" (Unix seconds, ms kept) */
export function unixSecondsText(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** ms since the epoch → "call+9.005 s": seconds after `log.state.createdAtMs` (negative before it) */
export function sinceCreatedText(log: PlatformLog, ms: number): string {
  const s = (ms - log.state.createdAtMs) / 1000;
  return `call${s < 0 ? '−' : '+'}${Math.abs(s).toFixed(3)} s`;
}
