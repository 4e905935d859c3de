/**
 * What the call handling needs from a media console, whichever kind takes the call (a Node
 * peer in this process, or the agent's page in a browser). One MediaSession per call.
 *
 * @typedef {object} MediaSession
 * @property {() => Promise<string>} offer opens the microphone and returns a COMPLETE offer (ICE gathering finished: the calling API carries no trickle)
 * @property {(answer: string, renegotiation?: string) => Promise<void>} applyAnswer the platform's answer, then Meta's renegotiation offer when one came (answered locally, never sent)
 * @property {(sdp: string) => Promise<void>} applyOffer a later Meta offer (media_update webhook), answered locally
 * @property {(muted: boolean) => Promise<void>} setMuted mutes or unmutes the microphone (packets keep flowing, silent)
 * @property {() => Promise<{ stats: Record<string, any>[], firstAudioAtMs: number | null }>} finish the final getStats (taken before closing), then closes
 * @property {() => void} close closes without a report (shutdown)
 */

/**
 * @typedef {object} MediaConsole
 * @property {(callId: string) => MediaSession} open a session for one call
 * @property {() => Promise<void>} [ready] resolves when a call can be answered now, else throws a HookError (the page console: no page connected); checked while the call still rings
 * @property {() => Promise<void>} close every session, at shutdown
 */
export {};
