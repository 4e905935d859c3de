/**
 * A quiet tone as the Node console's microphone: 10 ms frames of 16-bit mono PCM at 48 kHz fed
 * to wrtc's nonstandard RTCAudioSource, paced by the monotonic clock (a late timer sends the
 * frames it owes, at most 200 ms' worth), so the media edge receives a steady audio stream.
 */

const SAMPLE_RATE = 48_000;
/** libwebrtc takes audio in 10 ms frames */
const FRAME_MS = 10;
const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
/** Hz */
const TONE_HZ = 440;
/** peak amplitude, of 32767: about -30 dBFS, quiet */
const AMPLITUDE = 1000;
/** frames sent at most in one timer turn after a stall */
const MAX_CATCH_UP = 20;

export class ToneSource {
  /** @type {MediaStreamTrack} */
  track;
  #source;
  #sent = 0;
  #phase = 0;
  #start = performance.now();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #timer;

  /** @param {any} wrtc the @roamhq/wrtc module */
  constructor(wrtc) {
    this.#source = new wrtc.nonstandard.RTCAudioSource();
    this.track = this.#source.createTrack();
    this.#timer = setInterval(() => this.#pump(), FRAME_MS);
  }

  #pump() {
    if (this.track.readyState === 'ended') return this.stop();
    const due = Math.floor((performance.now() - this.#start) / FRAME_MS);
    if (due - this.#sent > MAX_CATCH_UP) this.#sent = due - MAX_CATCH_UP;
    for (; this.#sent < due; this.#sent++) {
      const samples = new Int16Array(FRAME_SAMPLES);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        samples[i] = Math.round(AMPLITUDE * Math.sin(this.#phase));
        this.#phase = (this.#phase + (2 * Math.PI * TONE_HZ) / SAMPLE_RATE) % (2 * Math.PI);
      }
      this.#source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAME_SAMPLES });
    }
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
