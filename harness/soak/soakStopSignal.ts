/**
 * When a worker's soak slots stop (node side, in a Playwright worker): at the soak's deadline,
 * or when the CLI writes the stop file (its first SIGINT/SIGTERM), whichever comes first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { slotStopController } from './slotStopController.ts';
import { SOAK_FILES, type SoakPlan } from '../plan/soakPlan.ts';

/** how often the stop file is looked for, ms */
const STOP_POLL_MS = 500;

export interface SoakStop {
  /** aborts at the deadline or once the stop file exists */
  signal: AbortSignal;
  /** stops the deadline timer and the polling (the signal stays as it is) */
  dispose: () => void;
}

/** @param slots call slots that listen to the signal (raises its listener limit to match) */
export function soakStopSignal(runDir: string, soak: Pick<SoakPlan, 'startedAtMs' | 'durationS'>, slots: number): SoakStop {
  const controller = slotStopController(slots);
  const stopFile = join(runDir, SOAK_FILES.stop);
  const deadline = setTimeout(() => controller.abort(), Math.max(0, soak.startedAtMs + soak.durationS * 1000 - Date.now()));
  const poll = setInterval(() => {
    if (existsSync(stopFile)) controller.abort();
  }, STOP_POLL_MS);
  const dispose = () => {
    clearTimeout(deadline);
    clearInterval(poll);
  };
  controller.signal.addEventListener('abort', dispose, { once: true });
  return { signal: controller.signal, dispose };
}
