/**
 * The Node peer's microphone: the same speech WAV the Chromium peers' fake capture plays,
 * looped, fed to libwebrtc through `nonstandard.RTCAudioSource` in 10 ms frames at real-time
 * pace (Node peer process). Frames are due by the monotonic clock, not counted per timer tick:
 * a late timer sends the frames it owes (at most MAX_CATCH_UP), so timer jitter does not
 * slow the stream down.
 */
import type { WavPcm } from './wavPcm.ts';
import type { Wrtc } from './loadWrtc.ts';

/** libwebrtc takes audio in 10 ms frames */
const FRAME_MS = 10;
/** frames sent at most per timer turn after a stall: 200 ms; beyond that the gap is skipped */
const MAX_CATCH_UP = 20;

export class WavMicrophone {
  readonly track: MediaStreamTrack;
  private readonly source: InstanceType<Wrtc['nonstandard']['RTCAudioSource']>;
  private readonly frameLength: number;
  private position = 0;
  private sent = 0;
  private readonly startMs = performance.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    wrtc: Wrtc,
    private readonly pcm: WavPcm,
  ) {
    this.source = new wrtc.nonstandard.RTCAudioSource();
    this.track = this.source.createTrack();
    this.frameLength = (pcm.sampleRate * FRAME_MS) / 1000;
    this.timer = setInterval(() => this.pump(), FRAME_MS);
  }

  private pump(): void {
    // The session stops the track when the call ends; the pump stops with it.
    if (this.track.readyState === 'ended') {
      this.stop();
      return;
    }
    const due = Math.floor((performance.now() - this.startMs) / FRAME_MS);
    if (due - this.sent > MAX_CATCH_UP) this.sent = due - MAX_CATCH_UP;
    while (this.sent < due) {
      this.source.onData({ samples: this.nextFrame(), sampleRate: this.pcm.sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: this.frameLength });
      this.sent++;
    }
  }

  private nextFrame(): Int16Array {
    const frame = new Int16Array(this.frameLength);
    for (let i = 0; i < frame.length; i++) {
      frame[i] = this.pcm.samples[this.position]!;
      this.position = (this.position + 1) % this.pcm.samples.length;
    }
    return frame;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
