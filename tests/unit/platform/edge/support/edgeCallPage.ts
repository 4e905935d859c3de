/**
 * One side of an edge call in a real Chromium page: a peer connection with relay-only ICE
 * through the project's TURN relay, the fake microphone as its track, remote audio played by an
 * <audio> element (receive stats need playout), and the few steps a test takes.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright';
import type { Relay } from '../../../../../harness/relay/startRelay.ts';

/** a blank page on 127.0.0.1: a secure context, so getUserMedia exists */
export async function startBlankPageServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.end('<!doctype html><title>edge call</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

export interface InboundAudio {
  mid: string;
  ssrc: number;
  packetsReceived: number;
  totalSamplesReceived: number;
}

export class EdgeCallPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string, relay: Relay, callId: string, role: 'consumer' | 'business'): Promise<EdgeCallPage> {
    const { username, credential } = await relay.createCredentials(callId, role);
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(
      async ({ iceServer }) => {
        const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle' });
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        pc.addTrack(stream.getAudioTracks()[0]!, stream);
        pc.ontrack = (event) => {
          const audio = document.createElement('audio');
          audio.autoplay = true;
          audio.srcObject = new MediaStream([event.track]);
          document.body.append(audio);
          void audio.play().catch(() => undefined);
        };
        (window as unknown as { pc: RTCPeerConnection }).pc = pc;
      },
      { iceServer: { urls: relay.url, username, credential } },
    );
    return new EdgeCallPage(page);
  }

  /**
   * the offer once the relay candidate is in it: Chromium's gathering "completes" only when its
   * other interfaces time out (~10 s), and an ICE-lite edge needs none of the offer's candidates
   * (it answers the checks Chromium sends from that relay address)
   */
  offer(): Promise<string> {
    return this.page.evaluate(async () => {
      const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
      await pc.setLocalDescription(await pc.createOffer());
      const deadline = Date.now() + 10_000;
      while (!/ typ relay/.test(pc.localDescription!.sdp) && pc.iceGatheringState !== 'complete' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return pc.localDescription!.sdp;
    });
  }

  applyAnswer(sdp: string): Promise<void> {
    return this.page.evaluate((sdp) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription({ type: 'answer', sdp }), sdp);
  }

  /** applies an offer and returns this page's answer (complete enough: see offer()) */
  answerOffer(sdp: string): Promise<string> {
    return this.page.evaluate(async (sdp) => {
      const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      const deadline = Date.now() + 10_000;
      while (!/ typ relay/.test(pc.localDescription!.sdp) && pc.iceGatheringState !== 'complete' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return pc.localDescription!.sdp;
    }, sdp);
  }

  /** applies one of Meta's offers and answers it locally; the answer goes nowhere, as with Meta */
  async applyMetaOffer(sdp: string): Promise<void> {
    await this.answerOffer(sdp);
  }

  /** the selected candidate pair's STUN round trips so far: their total, s, and their count; null before a pair is selected */
  stunRoundTrips(): Promise<{ totalS: number; responses: number } | null> {
    return this.page.evaluate(async () => {
      const report = await (window as unknown as { pc: RTCPeerConnection }).pc.getStats();
      let out: { totalS: number; responses: number } | null = null;
      report.forEach((s) => {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') out = { totalS: s.totalRoundTripTime ?? 0, responses: s.responsesReceived ?? 0 };
      });
      return out;
    });
  }

  inboundAudio(): Promise<InboundAudio[]> {
    return this.page.evaluate(async () => {
      const report = await (window as unknown as { pc: RTCPeerConnection }).pc.getStats();
      const out: { mid: string; ssrc: number; packetsReceived: number; totalSamplesReceived: number }[] = [];
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') out.push({ mid: String(s.mid), ssrc: s.ssrc, packetsReceived: s.packetsReceived ?? 0, totalSamplesReceived: s.totalSamplesReceived ?? 0 });
      });
      return out.sort((a, b) => a.mid.localeCompare(b.mid));
    });
  }

  /** round trips Chromium measured for its own audio from receiver reports (remote-inbound-rtp): their count and the last, ms */
  reportedRtt(): Promise<{ measurements: number; lastMs: number | null }> {
    return this.page.evaluate(async () => {
      const report = await (window as unknown as { pc: RTCPeerConnection }).pc.getStats();
      let out = { measurements: 0, lastMs: null as number | null };
      report.forEach((s) => {
        if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') out = { measurements: s.roundTripTimeMeasurements ?? 0, lastMs: s.roundTripTime === undefined ? null : s.roundTripTime * 1000 };
      });
      return out;
    });
  }

  connectionState(): Promise<string> {
    return this.page.evaluate(() => (window as unknown as { pc: RTCPeerConnection }).pc.connectionState);
  }

  insertDtmf(tones: string, durationMs: number, gapMs: number): Promise<void> {
    return this.page.evaluate(
      ({ tones, durationMs, gapMs }) => (window as unknown as { pc: RTCPeerConnection }).pc.getSenders()[0]!.dtmf!.insertDTMF(tones, durationMs, gapMs),
      { tones, durationMs, gapMs },
    );
  }

  close(): Promise<void> {
    return this.page.context().close();
  }
}
