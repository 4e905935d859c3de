/**
 * What `run` and `soak` do around their work when the business is a team's own integration:
 * plan, start the integration (its handshake decides whether the run can begin), hand the
 * planned run the integration's plan, and stop the integration after the run, whatever happened
 * (node side, the CLI process).
 */
import { UsageError, type ExitCode } from '../exit/exitCodes.ts';
import { displayPath } from '../paths/displayPath.ts';
import type { ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
import type { RunPlan } from '../plan/runPlan.ts';
import { startExternalBusiness, type RunningExternalBusiness } from './startExternalBusiness.ts';

/**
 * @param command the subcommand, for messages (`callsoak run: …`)
 * @param plan plans the run; `external` when the business is the team's integration
 * @param body the run itself, with `runPlan.external` set when there is an integration
 * @returns body's exit code, or a usage error's (exit 2) when planning or starting failed
 */
export async function withExternalBusiness(
  command: 'run' | 'soak',
  plan: () => Promise<{ plan: RunPlan; external?: ExternalBusinessConfig }>,
  body: (runPlan: RunPlan) => Promise<ExitCode>,
  log: (line: string) => void,
): Promise<ExitCode> {
  let runPlan: RunPlan;
  let business: RunningExternalBusiness | undefined;
  try {
    const planned = await plan();
    runPlan = planned.plan;
    if (planned.external) {
      business = await startExternalBusiness(planned.external, runPlan.runDir, log);
      runPlan.external = business.plan;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      log(`callsoak ${command}: ${error.message}`);
      return error.code;
    }
    throw error;
  }
  try {
    return await body(runPlan);
  } finally {
    const ended = await business?.stop();
    if (ended) log(`callsoak ${command}: stopped the business integration (${ended}); its output: ${displayPath(runPlan.external!.outputPath!)}`);
  }
}
