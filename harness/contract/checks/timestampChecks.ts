/**
 * Timestamp checks: Unix seconds (not milliseconds), in order, and close to the harness's
 * own wall clock at the moments they describe. Pure.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import { MAX_UNIX_SECONDS } from '../payloadFields.ts';
import { fmt, verdict, type CheckSubject } from './checkSubject.ts';

/**
 * How far a timestamp may sit from the harness clock, seconds: the payload has whole seconds
 * (up to 1 s truncated) and the agent's and the harness's observations of the same moment
 * are one page→node event apart (well under 1 s on loopback).
 */
export const WALL_CLOCK_TOLERANCE_S = 2;

const PATHS = ['call_ended_time', 'first_audio_packet_received_time', 'audio_stats.call_ended_time'] as const;

function read(s: CheckSubject, path: (typeof PATHS)[number]): unknown {
  return path === 'audio_stats.call_ended_time' ? s.audio?.call_ended_time : s.body?.[path];
}

export function secondsCheck(s: CheckSubject): CheckResult {
  const problems: string[] = [];
  for (const path of PATHS) {
    const value = read(s, path);
    if (typeof value !== 'number') continue; // missing or mistyped: the schema's finding
    if (value > MAX_UNIX_SECONDS) {
      const scale = value > MAX_UNIX_SECONDS * 1000 ? 1_000_000 : 1000;
      const unit = scale === 1000 ? 'milliseconds' : 'microseconds';
      problems.push(`${path} is ${fmt(value)}, ${unit} since the epoch; expected Unix seconds ${Math.floor(value / scale)} (÷ ${scale})`);
    } else if (!Number.isInteger(value)) {
      problems.push(`${path} is ${fmt(value)}, a fraction; expected whole Unix seconds ${Math.floor(value)}`);
    }
  }
  return verdict('contract.timestamps.seconds', 'error', problems, 'timestamps are whole Unix seconds');
}

export function orderCheck(s: CheckSubject): CheckResult {
  const first = s.body?.first_audio_packet_received_time;
  const ended = s.body?.call_ended_time;
  const problems: string[] = [];
  // 0 is the "no audio ever arrived" value; it precedes everything by construction.
  if (typeof first === 'number' && typeof ended === 'number' && first !== 0 && first > ended) {
    problems.push(`first_audio_packet_received_time ${fmt(first)} is after call_ended_time ${fmt(ended)} (by ${fmt(first - ended)} s); expected first audio ≤ call end`);
  }
  return verdict('contract.timestamps.order', 'error', problems, 'first_audio_packet_received_time ≤ call_ended_time');
}

export function wallClockCheck(s: CheckSubject): CheckResult {
  const { callEndedAtMs, firstAudioAtMs } = s.input;
  const problems: string[] = [];
  const ended = s.body?.call_ended_time;
  const endedWall = callEndedAtMs / 1000;
  if (typeof ended === 'number' && Math.abs(ended - endedWall) > WALL_CLOCK_TOLERANCE_S) {
    problems.push(
      `call_ended_time is ${fmt(ended)} but the call ended at ${fmt(endedWall)} s on the harness clock (${new Date(callEndedAtMs).toISOString()}), ${fmt(ended - endedWall)} s apart; expected ${Math.floor(endedWall)} ±${WALL_CLOCK_TOLERANCE_S} s`,
    );
  }
  const first = s.body?.first_audio_packet_received_time;
  if (typeof first === 'number') {
    if (firstAudioAtMs === null) {
      if (first !== 0) problems.push(`first_audio_packet_received_time is ${fmt(first)} but no audio packet ever arrived; expected 0`);
    } else {
      const firstWall = firstAudioAtMs / 1000;
      if (Math.abs(first - firstWall) > WALL_CLOCK_TOLERANCE_S) {
        problems.push(
          `first_audio_packet_received_time is ${fmt(first)} but the first audio arrived at ${fmt(firstWall)} s on the harness clock (${new Date(firstAudioAtMs).toISOString()}); expected ${Math.floor(firstWall)} ±${WALL_CLOCK_TOLERANCE_S} s`,
        );
      }
    }
  }
  return verdict(
    'contract.timestamps.wall_clock',
    'error',
    problems,
    `timestamps within ±${WALL_CLOCK_TOLERANCE_S} s of the harness clock at the call's end${firstAudioAtMs === null ? '' : ' and at its first audio'}`,
  );
}
