/**
 * The Node media console: a libwebrtc peer (@roamhq/wrtc) inside the server process, one per
 * call. Its microphone is a quiet tone; remote audio is pulled through an RTCAudioSink and
 * dropped (a server has no speaker, but libwebrtc only drains its jitter buffer, and so only
 * counts played-out samples, when something pulls the track). No iceServers: the edge is
 * ICE-lite and its answer names the one address to send to.
 */
import wrtc from '@roamhq/wrtc';
import { ToneSource } from './toneSource.js';
import { completeOffer } from './completeOffer.js';
import { watchFirstAudio } from './firstAudio.js';

/** @returns {import('./mediaSession.js').MediaConsole} */
export function nodeConsole() {
  /** @type {Set<import('./mediaSession.js').MediaSession>} */
  const open = new Set();
  return {
    open(callId) {
      /** @type {RTCPeerConnection | null} */
      let pc = null;
      /** @type {ToneSource | null} */
      let tone = null;
      /** @type {any[]} */
      const sinks = [];
      /** @type {{ at: number | null, stop(): void } | null} */
      let firstAudio = null;

      function close() {
        firstAudio?.stop();
        for (const sink of sinks) sink.stop();
        tone?.stop();
        tone?.track.stop();
        pc?.close();
        open.delete(session);
      }

      /** @type {import('./mediaSession.js').MediaSession} */
      const session = {
        async offer() {
          pc = /** @type {RTCPeerConnection} */ (new wrtc.RTCPeerConnection({ iceServers: [] }));
          tone = new ToneSource(wrtc);
          pc.addTrack(tone.track, new wrtc.MediaStream([tone.track]));
          pc.ontrack = (event) => {
            if (event.track.kind !== 'audio') return;
            const sink = new wrtc.nonstandard.RTCAudioSink(event.track);
            sink.ondata = () => {};
            sinks.push(sink);
          };
          firstAudio = watchFirstAudio(pc);
          await pc.setLocalDescription(await pc.createOffer());
          return completeOffer(pc);
        },
        async applyAnswer(answer, renegotiation) {
          const peer = /** @type {RTCPeerConnection} */ (pc);
          await peer.setRemoteDescription({ type: 'answer', sdp: answer });
          if (renegotiation !== undefined) await session.applyOffer(renegotiation);
        },
        async applyOffer(sdp) {
          const peer = /** @type {RTCPeerConnection} */ (pc);
          await peer.setRemoteDescription({ type: 'offer', sdp });
          await peer.setLocalDescription(await peer.createAnswer());
        },
        async setMuted(muted) {
          if (!tone) throw new Error('no microphone yet');
          tone.track.enabled = !muted;
        },
        async finish() {
          /** @type {Record<string, any>[]} */
          const stats = [];
          if (pc) (await pc.getStats()).forEach((/** @type {any} */ s) => stats.push({ ...s }));
          const firstAudioAtMs = firstAudio?.at ?? null;
          close();
          return { stats, firstAudioAtMs };
        },
        close,
      };
      open.add(session);
      void callId;
      return session;
    },
    async close() {
      for (const session of [...open]) session.close();
    },
  };
}
