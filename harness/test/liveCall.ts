/**
 * One call placed by `callsoak.placeCall()` (a Playwright worker): runCall runs its timeline in
 * the background while the test acts on it. `hangUp()` fires the call's stop signal, which ends
 * the talk step early; the rest of the timeline then ends the call properly (the consumer hangs
 * up, the business submits), as a soak ends its calls.
 */
import { runCall, type CallEnvironment } from '../engine/runCall.ts';
import { describeStep } from '../engine/timelineSteps.ts';
import type { CallResult } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import type { Step } from '../scenario/scenarioSchema.ts';
import { CONNECTED_AFTER } from './callScenario.ts';
import { parseImpairOptions, type ImpairOptions } from './placeCallOptions.ts';

/** Everything of a CallEnvironment but what the live call itself provides. */
export type LiveCallEnvironment = Omit<CallEnvironment, 'stop' | 'onCallStarted' | 'onCallEnded' | 'onLiveSteps'>;

export class LiveCall {
  /** the platform's id of the call; known as soon as the call is placed */
  callId = '';
  private readonly stopper = new AbortController();
  private readonly running: Promise<CallResult>;
  private readonly isConnected: Promise<void>;
  private readonly step: CallEnvironment['step'];
  private runNow: ((step: Step) => Promise<void>) | undefined;
  private finished = false;
  private reported: Promise<CallResult> | undefined;

  /** @param onResult told the result once, the first time it is read (the fixture attaches it to the test) */
  constructor(
    scenario: LoadedScenario,
    env: LiveCallEnvironment,
    private readonly onResult: (result: CallResult) => Promise<void> = async () => {},
  ) {
    let connected!: () => void;
    let notConnected!: (error: Error) => void;
    this.isConnected = new Promise<void>((resolve, reject) => {
      connected = resolve;
      notConnected = reject;
    });
    // a test that never awaits connected() must not see an unhandled rejection
    this.isConnected.catch(() => {});
    this.step = env.step;
    const connectedLabel = describeStep(CONNECTED_AFTER, scenario.talkSeconds ?? 0);
    let firstFailure: string | undefined;
    this.running = runCall(scenario, {
      ...env,
      stop: this.stopper.signal,
      onCallStarted: (callId) => {
        this.callId ||= callId;
      },
      // the business ended the call (a network that dropped it): talking on into a dead call is pointless
      onCallEnded: () => this.stopper.abort(),
      onLiveSteps: (runNow) => (this.runNow = runNow),
      step: async (title, body) =>
        env.step(title, async () => {
          try {
            const value = await body();
            if (title === connectedLabel) connected();
            return value;
          } catch (error) {
            firstFailure ??= `${title}: ${(error as Error).message.split('\n')[0]}`;
            throw error;
          }
        }),
    }).finally(() => {
      this.finished = true;
      notConnected(new Error(`callsoak: call ${this.callId} never connected${firstFailure ? ` (${firstFailure})` : ''}`));
    });
    this.running.catch(() => {});
  }

  /** Resolves once the business answered and its first audio packet arrived; rejects if the call ended before. */
  connected(): Promise<void> {
    return this.isConnected;
  }

  /**
   * Changes the relay impairment of the call's legs now (waits until the call is connected). The
   * same fields as the scenario `impair` step: `{ role?: 'consumer', direction?: 'both', impairment }`.
   * @throws CallsoakOptionsError naming a bad field; an Error when the call already ended
   */
  async impair(options: ImpairOptions): Promise<void> {
    const { role, direction, impairment } = parseImpairOptions(options);
    await this.connected();
    if (this.finished || this.stopper.signal.aborted || !this.runNow) throw new Error(`callsoak: call ${this.callId} has ended: impair() needs a live call`);
    const runNow = this.runNow;
    await this.step(`impair ${role} ${direction}`, () => runNow({ do: 'impair', role, direction, impairment }));
  }

  /** The consumer hangs up now (ends the talk); resolves once the call has ended and been checked. */
  async hangUp(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /** The call's result, as the CLI's results.json holds it; hangs the call up first if it still runs. */
  async result(): Promise<CallResult> {
    this.stopper.abort();
    this.reported ??= this.running.then(async (result) => {
      await this.onResult(result);
      return result;
    });
    return this.reported;
  }

  /** whether the call has ended and been checked */
  get ended(): boolean {
    return this.finished;
  }
}
