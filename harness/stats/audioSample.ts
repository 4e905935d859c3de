/**
 * One getStats() sample of a peer's audio, reduced to the raw fields the payload and the
 * checks need. Values are copied from the report unchanged (getStats units: seconds for
 * jitter and delays, cumulative counters as sums) so that any transform can be recomputed
 * from samples; derived values live in the checks, not here.
 *
 * Pure: runs in the page (the sampler) and in node (reports, checks).
 */
export interface AudioSample {
  /** seconds since the call started (the harness's call start, the same origin as the timeline's marks), 3 decimals */
  t: number;
  /** RTCStats.timestamp of the inbound-rtp report, ms since the Unix epoch */
  timestampMs?: number;
  /** inbound-rtp (audio) fields; absent until the first RTP packet arrives */
  inbound?: {
    ssrc?: number;
    /** count, cumulative */
    packetsReceived?: number;
    /** count, cumulative; may be negative with duplicates */
    packetsLost?: number;
    /** seconds, current RFC 3550 estimate */
    jitter?: number;
    /** seconds, cumulative sum over emitted samples */
    jitterBufferDelay?: number;
    /** samples, cumulative */
    jitterBufferEmittedCount?: number;
    /** samples, cumulative */
    concealedSamples?: number;
    /** samples, cumulative */
    silentConcealedSamples?: number;
    /** count, cumulative */
    concealmentEvents?: number;
    /** samples, cumulative */
    totalSamplesReceived?: number;
    /** seconds, cumulative */
    totalSamplesDuration?: number;
    /** 0..1 linear, recent */
    audioLevel?: number;
    /** cumulative energy */
    totalAudioEnergy?: number;
    /** count, cumulative */
    packetsDiscarded?: number;
    /** bytes, cumulative */
    bytesReceived?: number;
    /** ms since the Unix epoch */
    lastPacketReceivedTimestamp?: number;
  };
  /** outbound-rtp (audio) */
  outbound?: {
    ssrc?: number;
    /** count, cumulative */
    packetsSent?: number;
    /** bytes, cumulative */
    bytesSent?: number;
  };
  /** remote-inbound-rtp (audio): the remote's RTCP view of our outbound stream */
  remoteInbound?: {
    ssrc?: number;
    /** seconds, latest */
    roundTripTime?: number;
    /** seconds, cumulative sum */
    totalRoundTripTime?: number;
    /** count, cumulative */
    roundTripTimeMeasurements?: number;
    /** 0..1 */
    fractionLost?: number;
    /** count, cumulative */
    packetsLost?: number;
    /** seconds */
    jitter?: number;
  };
  /** the selected candidate pair's state and the ICE connection state */
  iceState?: string;
  /** candidate-pair currentRoundTripTime, seconds (STUN consent RTT through the relay) */
  candidatePairRtt?: number;
}
