/**
 * What an external business sends to /calls, judged against what the scenario asked of it:
 * calls.offer_well_formed, calls.accepted_in_time, calls.terminate_when_expected, and the
 * duties read from a scenario's timeline. Platform logs are a real external run's (the example
 * integration), each test breaking one request or webhook; the duties come from the bundled
 * scenario files.
 */
import { test, expect } from '@playwright/test';
import { acceptedInTimeCheck, businessDutiesOf, callsRequestsChecks, offerWellFormedCheck, terminateWhenExpectedCheck, type BusinessDuties } from '../../../harness/engine/checks/callsRequestsChecks.ts';
import { offerInRequestBody } from '../../../harness/engine/checks/offerInRequestBody.ts';
import type { PlatformLog, PlatformRequest } from '../../../harness/results/platformLog.ts';
import businessHangup from '../../../scenarios/external-business-hangup.ts';
import decline from '../../../scenarios/external-decline.ts';
import consumerHangup from '../../../scenarios/external-hangup-call.ts';
import noAnswerTimeout from '../../../scenarios/no-answer-timeout.ts';
import { externalCall, type ExternalScenario } from './fixtures/externalRun.ts';

const ANSWERS: BusinessDuties = { answers: true, acceptWindowMs: 60_000 };
const log = (scenario: ExternalScenario): PlatformLog => externalCall(scenario).platform;
const request = (l: PlatformLog, action: string): PlatformRequest => l.requests.find((r) => r.action === action)!;
const acceptSdp = (l: PlatformLog): string => offerInRequestBody(request(l, 'accept').body)!;
/** the accept's body carrying `sdp` instead of the integration's offer */
function setAcceptSdp(l: PlatformLog, sdp: string): void {
  const accept = request(l, 'accept');
  const body = JSON.parse(accept.body) as { session: { sdp: string } };
  body.session.sdp = sdp;
  accept.body = JSON.stringify(body);
}

test("the scenario's timeline says what the business must do: answer, hang up or decline, within the platform's accept window", () => {
  expect(businessDutiesOf(businessHangup)).toEqual({ answers: true, ends: 'terminate', acceptWindowMs: 60_000 });
  expect(businessDutiesOf(consumerHangup)).toEqual({ answers: true, acceptWindowMs: 60_000 });
  expect(businessDutiesOf(decline)).toEqual({ answers: false, ends: 'reject', acceptWindowMs: 60_000 });
  // a scenario that shortens the accept window, and lets the call ring
  expect(businessDutiesOf(noAnswerTimeout)).toEqual({ answers: false, acceptWindowMs: 3000 });
});

test('an integration that answered with a complete offer and hung up when told to: all three pass', () => {
  const checks = callsRequestsChecks(log('external-business-hangup'), businessDutiesOf(businessHangup));
  expect(checks).toEqual([
    { id: 'calls.offer_well_formed', ok: true, severity: 'error', message: '1 offer(s) (accept): SDP with Opus, complete with candidates, ICE credentials and a fingerprint' },
    {
      id: 'calls.accepted_in_time',
      ok: true,
      severity: 'error',
      message: "/calls accept at call+0.231 s → HTTP 200, 230 ms after the connect webhook reached the business; allowed: the accept window of 60 s from the connect webhook's delivery at call+0.001 s",
    },
    { id: 'calls.terminate_when_expected', ok: true, severity: 'error', message: '/calls terminate at call+5.401 s → HTTP 200, as the scenario made the business hang up' },
  ]);
});

test('an offer sent before ICE gathering finished (no candidates) fails: the API has no trickle', () => {
  const l = log('external-lossy-network');
  setAcceptSdp(l, acceptSdp(l).replace(/a=candidate:[^\r]*\r\n/g, ''));
  expect(offerWellFormedCheck(l)).toEqual({
    id: 'calls.offer_well_formed',
    ok: false,
    severity: 'error',
    message: '/calls accept at call+0.219 s → HTTP 200: it has no a=candidate line: the API carries no trickle, so an offer must be complete (wait for ICE gathering before sending it)',
  });
});

test('every problem of every offer is named: no Opus, no ICE credentials, no fingerprint; a media_update offer that is not SDP', () => {
  const l = log('external-lossy-network');
  const stripped = acceptSdp(l)
    .replace(/a=(ice-ufrag|fingerprint):[^\r]*\r\n/g, '')
    .replace(/a=rtpmap:111 opus\/48000\/2\r\n/, '');
  setAcceptSdp(l, stripped);
  const update = { ...request(l, 'accept'), action: 'media_update', receivedAtMs: l.state.createdAtMs + 3000, body: JSON.stringify({ action: 'media_update', session: { sdp_type: 'offer', sdp: 'm=audio 9 UDP/TLS/RTP/SAVPF 111' } }) };
  l.requests.push(update);
  expect(offerWellFormedCheck(l).message).toBe(
    '/calls accept at call+0.219 s → HTTP 200: session.sdp offers no opus/48000 payload type on its audio m-line; it has no ICE credentials (a=ice-ufrag, a=ice-pwd); it has no DTLS fingerprint (a=fingerprint)' +
      ' | /calls media_update at call+3.000 s → HTTP 200: session.sdp must start with the line v=0; it has no a=candidate line: the API carries no trickle, so an offer must be complete (wait for ICE gathering before sending it); it has no ICE credentials (a=ice-ufrag, a=ice-pwd); it has no DTLS fingerprint (a=fingerprint)',
  );
  expect(offerWellFormedCheck(l).ok).toBe(false);
});

test('no offer to judge when the business only declined or never answered', () => {
  const noVerdict = { id: 'calls.offer_well_formed', ok: true, noVerdict: true, severity: 'error', message: 'the business sent no offer in a /calls request (no verdict)' };
  expect(offerWellFormedCheck(log('external-decline'))).toEqual(noVerdict);
  expect(offerWellFormedCheck(log('external-unanswered'))).toEqual(noVerdict);
});

test('the offer is found in a JSON body, in a session sent as a JSON string, and in form fields; bodies without one give none', () => {
  const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';
  expect(offerInRequestBody(JSON.stringify({ action: 'accept', session: { sdp_type: 'offer', sdp } }))).toBe(sdp);
  expect(offerInRequestBody(JSON.stringify({ action: 'accept', session: JSON.stringify({ sdp_type: 'offer', sdp }) }))).toBe(sdp);
  expect(offerInRequestBody(new URLSearchParams({ action: 'accept', session: JSON.stringify({ sdp_type: 'offer', sdp }) }).toString())).toBe(sdp);
  expect(offerInRequestBody(JSON.stringify({ action: 'terminate', call_id: 'c_1' }))).toBeUndefined();
  expect(offerInRequestBody(JSON.stringify({ action: 'accept', session: { sdp: 42 } }))).toBeUndefined();
  expect(offerInRequestBody(JSON.stringify({ action: 'accept', session: null }))).toBeUndefined();
  expect(offerInRequestBody('action=accept&session=%7Bnot-json')).toBeUndefined();
  expect(offerInRequestBody('')).toBeUndefined();
  // the real accept of the run: Chromium's offer
  expect(offerInRequestBody(request(log('external-blackout'), 'accept').body)).toMatch(/^v=0\r\no=- 4409625044406183989 2 IN IP4 127.0.0.1\r\n/);
});

test('the accept is timed from the connect attempt that got through, not from the failed ones before it', () => {
  expect(acceptedInTimeCheck(log('external-webhook-retries'), ANSWERS)).toEqual({
    id: 'calls.accepted_in_time',
    ok: true,
    severity: 'error',
    message: "/calls accept at call+2.653 s → HTTP 200, 149 ms after the connect webhook reached the business; allowed: the accept window of 60 s from the connect webhook's delivery at call+2.504 s",
  });
});

test('an accept after the accept window fails; no successful accept fails and names the attempts', () => {
  const l = log('external-lossy-network');
  expect(acceptedInTimeCheck(l, { answers: true, acceptWindowMs: 200 })).toEqual({
    id: 'calls.accepted_in_time',
    ok: false,
    severity: 'error',
    message: "/calls accept at call+0.219 s → HTTP 200, 219 ms after the connect webhook reached the business; allowed: the accept window of 0.2 s from the connect webhook's delivery at call+0.000 s",
  });
  expect(acceptedInTimeCheck(l, { answers: true, acceptWindowMs: 219 }).ok).toBe(true);
  request(l, 'accept').status = 400;
  expect(acceptedInTimeCheck(l, ANSWERS)).toMatchObject({ ok: false, message: "no successful /calls accept (/calls accept at call+0.219 s → HTTP 400) within the accept window of 60 s from the connect webhook's delivery at call+0.000 s" });
  l.requests = l.requests.filter((r) => r.action !== 'accept');
  expect(acceptedInTimeCheck(l, ANSWERS)).toMatchObject({ ok: false, message: "no successful /calls accept within the accept window of 60 s from the connect webhook's delivery at call+0.000 s" });
});

test('no accept verdict when the business was not to answer, or nothing rang it (the connect never got through, or only a forged one did)', () => {
  expect(acceptedInTimeCheck(log('external-lossy-network'), { answers: false, acceptWindowMs: 60_000 })).toEqual({ id: 'calls.accepted_in_time', ok: true, noVerdict: true, severity: 'error', message: 'the scenario does not have the business answer (no verdict)' });
  const unreached = log('external-lossy-network');
  unreached.webhooks[0]!.attempts = unreached.webhooks[0]!.attempts.map((a) => ({ ...a, status: 0, error: 'ECONNREFUSED' }));
  const nothingRang = { id: 'calls.accepted_in_time', ok: true, noVerdict: true, severity: 'error', message: 'no connect webhook reached the business (answered 2xx), so nothing rang (no verdict)' };
  expect(acceptedInTimeCheck(unreached, ANSWERS)).toEqual(nothingRang);
  const forged = log('external-lossy-network');
  forged.webhooks[0]!.kind = 'forged';
  expect(acceptedInTimeCheck(forged, ANSWERS)).toEqual(nothingRang);
});

test('a decline made by the scenario is a /calls reject; a consumer-ended call needs no terminate and names how it ended', () => {
  expect(terminateWhenExpectedCheck(log('external-decline'), businessDutiesOf(decline))).toEqual({ id: 'calls.terminate_when_expected', ok: true, severity: 'error', message: '/calls reject at call+0.138 s → HTTP 200, as the scenario made the business decline' });
  expect(terminateWhenExpectedCheck(log('external-unanswered'), { answers: false, acceptWindowMs: 60_000 }).message).toBe(
    'no /calls terminate or reject: the scenario gave the business no reason to end the call; the platform ended the call at call+60.000 s (timeout)',
  );
  const open = log('external-lossy-network');
  open.state.endedAtMs = null;
  open.state.endedBy = null;
  expect(terminateWhenExpectedCheck(open, ANSWERS).message).toBe('no /calls terminate or reject: the scenario gave the business no reason to end the call; the call never ended on the platform');
});

test('told to hang up but no terminate succeeded, a terminate nobody asked for, or a reject besides the terminate: each fails', () => {
  const duties = businessDutiesOf(businessHangup);
  const refused = log('external-business-hangup');
  request(refused, 'terminate').status = 400;
  expect(terminateWhenExpectedCheck(refused, duties)).toEqual({
    id: 'calls.terminate_when_expected',
    ok: false,
    severity: 'error',
    message: 'the business was made to hang up, but no /calls terminate succeeded (/calls terminate at call+5.401 s → HTTP 400)',
  });
  const none = log('external-business-hangup');
  none.requests = none.requests.filter((r) => r.action !== 'terminate');
  expect(terminateWhenExpectedCheck(none, duties).message).toBe('the business was made to hang up, but no /calls terminate succeeded (no /calls terminate or reject at all)');
  expect(terminateWhenExpectedCheck(log('external-business-hangup'), businessDutiesOf(consumerHangup))).toEqual({
    id: 'calls.terminate_when_expected',
    ok: false,
    severity: 'error',
    message: '/calls terminate at call+5.401 s → HTTP 200, though nothing in the scenario made the business end the call; the platform ended the call at call+5.402 s (business_terminate)',
  });
  const both = log('external-business-hangup');
  both.requests.push({ ...request(both, 'terminate'), action: 'REJECT', receivedAtMs: both.state.createdAtMs + 5500 });
  expect(terminateWhenExpectedCheck(both, duties).message).toBe('/calls terminate at call+5.401 s → HTTP 200 as expected, and also /calls REJECT at call+5.500 s → HTTP 200');
});
