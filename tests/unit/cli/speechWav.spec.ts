import { test, expect } from '@playwright/test';
import { speechWav } from '../../../harness/cli/speechWav.ts';

test('the fake microphone is a 48 kHz mono 16-bit WAV of the requested length', () => {
  const wav = speechWav({ seconds: 3 });
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  expect(wav.readUInt16LE(20)).toBe(1); // PCM
  expect(wav.readUInt16LE(22)).toBe(1); // mono
  expect(wav.readUInt32LE(24)).toBe(48_000);
  expect(wav.readUInt16LE(34)).toBe(16);
  expect(wav.readUInt32LE(40)).toBe(3 * 48_000 * 2);
});

test('it alternates talk spurts and silences, like speech', () => {
  const wav = speechWav({ seconds: 12 });
  const pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  const windowSamples = 4_800; // 100 ms
  let loud = 0;
  let silent = 0;
  let transitions = 0;
  let previous: boolean | undefined;
  for (let start = 0; start + windowSamples <= pcm.length; start += windowSamples) {
    let energy = 0;
    for (let i = start; i < start + windowSamples; i++) energy += (pcm[i]! / 32768) ** 2;
    const isLoud = Math.sqrt(energy / windowSamples) > 0.02;
    if (isLoud) loud++;
    else silent++;
    if (previous !== undefined && previous !== isLoud) transitions++;
    previous = isLoud;
  }
  expect(loud).toBeGreaterThan(40); // most of the 120 windows carry voice…
  expect(silent).toBeGreaterThan(15); // …and a real share is silence
  expect(transitions).toBeGreaterThan(8); // several spurts, not one block
});

test('the same options give the same bytes; another seed gives others', () => {
  expect(speechWav({ seconds: 2 }).equals(speechWav({ seconds: 2 }))).toBe(true);
  expect(speechWav({ seconds: 2, seed: 2 }).equals(speechWav({ seconds: 2 }))).toBe(false);
});
