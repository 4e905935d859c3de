/**
 * Why a call ended, as the documented `end_call_reason` enum names it, with a subreason saying
 * what exactly happened. One table: no other module writes a reason.
 */

/** How long the platform lets a call ring before it ends it (documented: 60 s), ms. */
const PLATFORM_ACCEPT_WINDOW_MS = 60_000;

/**
 * The reason for a terminate webhook, by what this side was doing when it arrived.
 * @param {'ringing' | 'answering' | 'calling' | 'connected'} state (`calling`: a call this side placed, not picked up yet)
 * @param {string} status the webhook's `status` (Completed, Failed, …)
 * @param {number} rangForMs how long the call had been ringing
 * @returns {{ reason: string, subreason: string }}
 */
export function reasonForTerminate(state, status, rangForMs) {
  if (state === 'calling') {
    return rangForMs >= PLATFORM_ACCEPT_WINDOW_MS - 1_000
      ? { reason: 'No_Answer_Timeout', subreason: `the consumer did not pick up within the platform's accept window (${Math.round(rangForMs / 1000)} s)` }
      : { reason: 'Hangup_Call', subreason: `the consumer declined the business's call (terminate ${status})` };
  }
  if (state === 'ringing') {
    return rangForMs >= PLATFORM_ACCEPT_WINDOW_MS - 1_000
      ? { reason: 'No_Answer_Timeout', subreason: `nobody answered within the platform's accept window (${Math.round(rangForMs / 1000)} s)` }
      : { reason: 'Hangup_Call', subreason: `consumer hung up before the call was answered (terminate ${status})` };
  }
  if (state === 'answering') return { reason: 'Call_End_Accept_After_Hang_Up', subreason: `consumer hung up while the accept was in flight (terminate ${status})` };
  switch (String(status).toLowerCase()) {
    case 'completed':
      return { reason: 'Hangup_Call', subreason: 'consumer hung up' };
    case 'failed':
      return { reason: 'Unexpected_End_Of_Call', subreason: 'the platform failed the call mid-connection (terminate Failed)' };
    case 'removed':
      return { reason: 'Removed_By_Participant', subreason: 'removed from the call by the consumer' };
    default:
      return { reason: 'Unknown', subreason: `terminate webhook with unrecognized status '${status}'` };
  }
}

/** The business hung up itself (the agent's hang-up). */
export const BUSINESS_HANGUP = { reason: 'Hangup_Call', subreason: 'business hung up' };
/** The business declined the ringing call. */
export const DECLINED = { reason: 'Ignore_Call', subreason: 'business declined the incoming call' };

/**
 * @param {string} action the /calls action that failed
 * @param {string} error
 */
export function graphFailure(action, error) {
  return { reason: 'Signaling_Message_Failed', subreason: `/calls ${action} failed: ${error}` };
}

/**
 * @param {string} operation the WebRTC step that failed
 * @param {string} error
 */
export function webrtcFailure(operation, error) {
  return { reason: 'WebRTC_Error', subreason: `${operation} failed: ${error}` };
}
