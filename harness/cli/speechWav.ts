/**
 * The fake microphone: a speech-like WAV the harness generates itself (node side).
 *
 * Talk spurts (tone bursts with harmonics and a syllable-rate envelope) alternate with
 * silences, so the receiver's audioLevel rises and falls and silent concealment has
 * silence to conceal — a pure tone or white noise would make both meaningless.
 * Deterministic: the same options give the same bytes (and so the same media hash in a
 * repro bundle).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../random/mulberry32.ts';

export interface SpeechWavOptions {
  /** samples per second; default 48000 (Opus's native rate, no resampling in Chromium) */
  sampleRate?: number;
  /** length of the file, seconds; Chromium loops it. default 12 */
  seconds?: number;
  /** seed of the burst/silence pattern; default 1 */
  seed?: number;
}

const DEFAULTS = { sampleRate: 48_000, seconds: 12, seed: 1 } as const;

/** Returns a 16-bit PCM mono WAV file's bytes. */
export function speechWav(options: SpeechWavOptions = {}): Buffer {
  const { sampleRate, seconds, seed } = { ...DEFAULTS, ...options };
  const random = mulberry32(seed);
  const total = Math.round(sampleRate * seconds);
  const pcm = new Int16Array(total);
  let i = 0;
  let talking = true;
  while (i < total) {
    // Talk spurts 0.4–1.6 s, pauses 0.2–0.8 s: the usual on/off pattern of conversational speech.
    const length = Math.round(sampleRate * (talking ? 0.4 + random() * 1.2 : 0.2 + random() * 0.6));
    const end = Math.min(total, i + length);
    if (talking) {
      const f0 = 110 + random() * 110; // fundamental of a voice, Hz
      const syllableHz = 3 + random() * 2; // syllables per second
      for (let n = i; n < end; n++) {
        const t = (n - i) / sampleRate;
        const fade = Math.min(1, (n - i) / (0.01 * sampleRate), (end - n) / (0.01 * sampleRate));
        const envelope = fade * (0.55 + 0.45 * Math.sin(2 * Math.PI * syllableHz * t));
        const voice =
          Math.sin(2 * Math.PI * f0 * t) +
          0.5 * Math.sin(2 * Math.PI * 2 * f0 * t) +
          0.25 * Math.sin(2 * Math.PI * 3 * f0 * t);
        pcm[n] = Math.round(0.3 * 32767 * envelope * (voice / 1.75));
      }
    }
    i = end;
    talking = !talking;
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.byteLength, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.byteLength, 40);
  return Buffer.concat([header, Buffer.from(pcm.buffer)]);
}

/**
 * Writes the WAV once per distinct content into a cache folder and returns its path and
 * SHA-256. Safe to call from several processes at once (write to a temp name, then rename).
 */
export function ensureSpeechWav(options: SpeechWavOptions = {}, dir = join(tmpdir(), 'callsoak-media')): {
  path: string;
  sha256: string;
} {
  const bytes = speechWav(options);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = join(dir, `speech-${sha256.slice(0, 16)}.wav`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  }
  return { path, sha256 };
}
