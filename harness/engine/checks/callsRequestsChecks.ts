/**
 * What an external business sends to `/calls`, judged against what the call asked of it (pure):
 *
 * - `calls.offer_well_formed`: every offer it sent (accept, connect, media_update) parses as SDP,
 *   offers Opus on an audio m-line (the platform's own check) and is complete — it carries its
 *   ICE candidates, since the API has no trickle — with ICE credentials and a DTLS fingerprint.
 * - `calls.accepted_in_time`: a call it was to answer was accepted, 2xx, within the accept
 *   window after the connect webhook reached it.
 * - `calls.terminate_when_expected`: it ended the call through `/calls` exactly when the
 *   scenario made it (the driver's hangUp → terminate, decline → reject), and not otherwise.
 *
 * Each says "no verdict" when the call gave it nothing to judge.
 */
import { checkSdpOffer } from '../../platform/checkSdpOffer.ts';
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { LoadedScenario } from '../../scenario/loadScenarios.ts';
import { isForgedWebhook } from './isForgedWebhook.ts';
import { offerInRequestBody } from './offerInRequestBody.ts';
import { answeredOk, callsRequestsOf, describeRequest } from './platformLogRequests.ts';
import { sinceCreatedText } from './platformTimeText.ts';
import { DEFAULT_ACCEPT_TIMEOUT_MS } from '../../platform/callStateMachine.ts';

/** what the scenario's timeline asks of the business */
export interface BusinessDuties {
  /** it answers the ringing call */
  answers: boolean;
  /** how it ends the call itself, if it does: a terminate (it hangs up) or a reject (it declines) */
  ends?: 'terminate' | 'reject';
  /** the platform's accept window for this call, ms */
  acceptWindowMs: number;
}

/** What the scenario's timeline asks of the business. */
export function businessDutiesOf(scenario: Pick<LoadedScenario, 'timeline' | 'platform'>): BusinessDuties {
  const steps = scenario.timeline as { do: string; by?: string }[];
  const ends = steps.some((s) => s.do === 'hangup' && s.by === 'business') ? 'terminate' : steps.some((s) => s.do === 'decline') ? 'reject' : undefined;
  return { answers: steps.some((s) => s.do === 'answer'), ...(ends ? { ends } : {}), acceptWindowMs: scenario.platform?.acceptTimeoutMs ?? DEFAULT_ACCEPT_TIMEOUT_MS };
}

const noVerdict = (id: string, message: string): CheckResult => ({ id, ok: true, noVerdict: true, severity: 'error', message: `${message} (no verdict)` });

function offerProblems(sdp: string): string[] {
  const platform = checkSdpOffer(sdp);
  const problems = platform ? [platform.detail] : [];
  if (!/^a=candidate:/m.test(sdp)) problems.push('it has no a=candidate line: the API carries no trickle, so an offer must be complete (wait for ICE gathering before sending it)');
  if (!/^a=ice-ufrag:/m.test(sdp) || !/^a=ice-pwd:/m.test(sdp)) problems.push('it has no ICE credentials (a=ice-ufrag, a=ice-pwd)');
  if (!/^a=fingerprint:/m.test(sdp)) problems.push('it has no DTLS fingerprint (a=fingerprint)');
  return problems;
}

export function offerWellFormedCheck(log: PlatformLog): CheckResult {
  const ID = 'calls.offer_well_formed';
  const offers = callsRequestsOf(log, ['accept', 'connect', 'media_update']).flatMap((r) => {
    const sdp = offerInRequestBody(r.body);
    return sdp === undefined ? [] : [{ r, sdp }];
  });
  if (offers.length === 0) return noVerdict(ID, 'the business sent no offer in a /calls request');
  const bad = offers.flatMap(({ r, sdp }) => {
    const problems = offerProblems(sdp);
    return problems.length > 0 ? [`${describeRequest(log, r)}: ${problems.join('; ')}`] : [];
  });
  if (bad.length > 0) return { id: ID, ok: false, severity: 'error', message: bad.join(' | ') };
  return { id: ID, ok: true, severity: 'error', message: `${offers.length} offer(s) (${offers.map(({ r }) => r.action).join(', ')}): SDP with Opus, complete with candidates, ICE credentials and a fingerprint` };
}

export function acceptedInTimeCheck(log: PlatformLog, duties: BusinessDuties): CheckResult {
  const ID = 'calls.accepted_in_time';
  if (!duties.answers) return noVerdict(ID, 'the scenario does not have the business answer');
  const connect = log.webhooks.find((w) => w.event === 'connect' && !isForgedWebhook(w) && w.attempts.some(answeredOk));
  const rangAtMs = connect?.attempts.find(answeredOk)?.startedAtMs;
  if (rangAtMs === undefined) return noVerdict(ID, 'no connect webhook reached the business (answered 2xx), so nothing rang');
  const accept = callsRequestsOf(log, ['accept']).find(answeredOk);
  const window = `the accept window of ${duties.acceptWindowMs / 1000} s from the connect webhook's delivery at ${sinceCreatedText(log, rangAtMs)}`;
  if (!accept) {
    const tried = callsRequestsOf(log, ['accept']).map((r) => describeRequest(log, r));
    return { id: ID, ok: false, severity: 'error', message: `no successful /calls accept${tried.length ? ` (${tried.join(', ')})` : ''} within ${window}` };
  }
  const tookMs = accept.receivedAtMs - rangAtMs;
  return {
    id: ID,
    ok: tookMs <= duties.acceptWindowMs,
    severity: 'error',
    message: `${describeRequest(log, accept)}, ${tookMs} ms after the connect webhook reached the business; allowed: ${window}`,
  };
}

export function terminateWhenExpectedCheck(log: PlatformLog, duties: BusinessDuties): CheckResult {
  const ID = 'calls.terminate_when_expected';
  const ends = callsRequestsOf(log, ['terminate', 'reject']);
  const named = ends.map((r) => describeRequest(log, r));
  if (duties.ends) {
    const done = ends.find((r) => r.action?.toLowerCase() === duties.ends && answeredOk(r));
    if (!done) return { id: ID, ok: false, severity: 'error', message: `the business was made to ${duties.ends === 'terminate' ? 'hang up' : 'decline'}, but no /calls ${duties.ends} succeeded${named.length ? ` (${named.join(', ')})` : ' (no /calls terminate or reject at all)'}` };
    const others = ends.filter((r) => r !== done && answeredOk(r));
    if (others.length > 0) return { id: ID, ok: false, severity: 'error', message: `${describeRequest(log, done)} as expected, and also ${others.map((r) => describeRequest(log, r)).join(', ')}` };
    return { id: ID, ok: true, severity: 'error', message: `${describeRequest(log, done)}, as the scenario made the business ${duties.ends === 'terminate' ? 'hang up' : 'decline'}` };
  }
  const ended = log.state.endedAtMs === null ? 'the call never ended on the platform' : `the platform ended the call at ${sinceCreatedText(log, log.state.endedAtMs)} (${log.state.endedBy ?? 'cause unknown'})`;
  if (ends.length > 0) return { id: ID, ok: false, severity: 'error', message: `${named.join(', ')}, though nothing in the scenario made the business end the call; ${ended}` };
  return { id: ID, ok: true, severity: 'error', message: `no /calls terminate or reject: the scenario gave the business no reason to end the call; ${ended}` };
}

export function callsRequestsChecks(log: PlatformLog, duties: BusinessDuties): CheckResult[] {
  return [offerWellFormedCheck(log), acceptedInTimeCheck(log, duties), terminateWhenExpectedCheck(log, duties)];
}
