import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The consumer sends DTMF in RTP (RFC 4733) with the documented 500 ms tones and 100 ms gaps.
 * The edge terminates SRTP and decodes the digits; the check compares them and their timing with
 * what was sent. The business is a browser page: browsers have no API to receive DTMF.
 */
export default defineScenario({
  id: 'dtmf',
  title: 'Consumer sends DTMF digits during the call',
  tags: ['platform'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 2,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk', seconds: 1 },
    { do: 'dtmf', digits: '1#9' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
