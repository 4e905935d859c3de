/**
 * The 22 `end_call_reason` values the call_metrics API accepts, spelled exactly as the
 * API's enum spells them. Pure data: imported by node-side code and by the in-page agent.
 */
export const END_CALL_REASONS = [
  'Call_End_Accept_After_Hang_Up',
  'Caller_Not_Visible',
  'Camera_Permission_Denied',
  'Client_Error',
  'Client_Interrupted',
  'Connection_Dropped',
  'Hangup_Call',
  'Ignore_Call',
  'In_Another_Call',
  'Inactive_Timeout',
  'Incoming_Timeout',
  'Max_Allowed_Participants_Reached',
  'Microphone_Permission_Denied',
  'No_Answer_Timeout',
  'No_Permission',
  'Removed_By_Participant',
  'Ring_Muted',
  'Signaling_Message_Failed',
  'Unexpected_End_Of_Call',
  'Unknown',
  'Version_Unsupported',
  'WebRTC_Error',
] as const;

export type EndCallReason = (typeof END_CALL_REASONS)[number];

export function isEndCallReason(value: unknown): value is EndCallReason {
  return typeof value === 'string' && (END_CALL_REASONS as readonly string[]).includes(value);
}
