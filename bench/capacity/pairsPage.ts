/**
 * The capacity bench's plain calls (runs in the page, bundled by esbuild): ends of
 * RTCPeerConnection pairs, each sending its own getUserMedia track — Chromium's fake capture
 * playing the speech WAV — and playing the other end's audio through an <audio> element, as
 * the agent does (without playout, receive stats stay 0). Node pairs the ends, in this page or
 * across pages, by handing descriptions over (non-trickle: each carries the candidates gathered by then).
 * Nothing samples getStats during the call: node calls `read()` once after the warm-up and
 * once at the end.
 */
import type { ReceiverCounters } from './receiverQuality.ts';

declare global {
  interface Window {
    capacity: {
      /** opens one end; returns its index in this page */
      open(config: RTCConfiguration): Promise<number>;
      /** the offer of end `i`, with the candidates gathered by then (non-trickle) */
      offer(i: number): Promise<RTCSessionDescriptionInit>;
      /** end `i` takes an offer and returns its answer, with its candidates */
      answer(i: number, offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
      accept(i: number, answer: RTCSessionDescriptionInit): Promise<void>;
      /** resolves when every end of this page got its first remote packet */
      audio(timeoutMs: number): Promise<void>;
      /** each end's inbound audio counters, in open order */
      read(): Promise<(ReceiverCounters | null)[]>;
    };
  }
}

/** every end opened in this page: each is one receiver */
const ends: RTCPeerConnection[] = [];
const firstPackets: Promise<void>[] = [];

/** after the first candidate, how long to wait for its siblings before handing the description over, ms */
const CANDIDATE_GRACE_MS = 100;

/**
 * Resolves once the local description carries a candidate (plus a short grace) or gathering is
 * complete. Not "complete" alone: with relay-only ICE Chromium also tries the relay from every
 * other interface, and those attempts run into TURN's retransmission timeouts.
 */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate) setTimeout(resolve, CANDIDATE_GRACE_MS);
    });
  });
}

/** one end: microphone track out, remote audio played through an <audio> element */
async function open(config: RTCConfiguration): Promise<number> {
  const pc = new RTCPeerConnection(config);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  pc.addTrack(stream.getAudioTracks()[0]!, stream);
  firstPackets.push(
    new Promise<void>((resolve) => {
      pc.ontrack = (event) => {
        const audio = document.createElement('audio');
        audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
        document.body.append(audio);
        void audio.play();
        // a remote track starts muted and unmutes with its first RTP packet
        if (!event.track.muted) resolve();
        else event.track.addEventListener('unmute', () => resolve(), { once: true });
      };
    }),
  );
  ends.push(pc);
  return ends.length - 1;
}

function end(i: number): RTCPeerConnection {
  const pc = ends[i];
  if (!pc) throw new Error(`no end ${i}`);
  return pc;
}

async function offer(i: number): Promise<RTCSessionDescriptionInit> {
  const pc = end(i);
  await pc.setLocalDescription();
  await gathered(pc);
  return pc.localDescription!.toJSON() as RTCSessionDescriptionInit;
}

async function answer(i: number, remote: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
  const pc = end(i);
  await pc.setRemoteDescription(remote);
  await pc.setLocalDescription();
  await gathered(pc);
  return pc.localDescription!.toJSON() as RTCSessionDescriptionInit;
}

async function accept(i: number, remote: RTCSessionDescriptionInit): Promise<void> {
  await end(i).setRemoteDescription(remote);
}

async function audio(timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not every reference receiver got audio within ${timeoutMs} ms`)), timeoutMs);
  });
  await Promise.race([Promise.all(firstPackets), timeout]).finally(() => clearTimeout(timer));
}

async function readEnd(pc: RTCPeerConnection): Promise<ReceiverCounters | null> {
  let counters: ReceiverCounters | null = null;
  (await pc.getStats()).forEach((stat: Record<string, unknown>) => {
    if (stat.type !== 'inbound-rtp' || stat.kind !== 'audio') return;
    counters = {
      packetsReceived: Number(stat.packetsReceived ?? 0),
      packetsLost: Number(stat.packetsLost ?? 0),
      concealedSamples: Number(stat.concealedSamples ?? 0),
      totalSamplesReceived: Number(stat.totalSamplesReceived ?? 0),
    };
  });
  return counters;
}

window.capacity = { open, offer, answer, accept, audio, read: () => Promise.all(ends.map(readEnd)) };
