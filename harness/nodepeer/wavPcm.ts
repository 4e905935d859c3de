/**
 * Reads the PCM samples out of a WAV file (Node peer process). The harness writes the file
 * itself (harness/cli/speechWav.ts: 16-bit mono); this reader still walks the RIFF chunks
 * rather than assuming a 44-byte header, and says exactly what it cannot play.
 */

export interface WavPcm {
  /** samples per second */
  sampleRate: number;
  /** 16-bit signed samples, mono */
  samples: Int16Array;
}

export function readWavPcm(bytes: Buffer, name: string): WavPcm {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${name}: not a RIFF/WAVE file`);
  }
  let format: { channels: number; sampleRate: number; bits: number; code: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { code: bytes.readUInt16LE(body), channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) throw new Error(`${name}: data chunk before fmt chunk`);
      if (format.code !== 1 || format.bits !== 16 || format.channels !== 1) {
        throw new Error(`${name}: need 16-bit PCM mono, got format ${format.code}, ${format.bits} bits, ${format.channels} channels`);
      }
      const end = Math.min(bytes.length, body + size);
      const samples = new Int16Array(Math.floor((end - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(body + i * 2);
      return { sampleRate: format.sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${name}: no data chunk`);
}
