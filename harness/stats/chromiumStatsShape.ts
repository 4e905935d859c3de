/**
 * The getStats() report types and fields Chromium gives in a callsoak audio call, recorded
 * from Chromium 156 (a business page's final snapshot, relay-only ICE). Pure data: the
 * reference a Node peer's snapshot is compared with, so every difference is named rather
 * than showing up as a silent zero.
 */
export const CHROMIUM_AUDIO_STATS_SHAPE: Readonly<Record<string, readonly string[]>> = {
  'candidate-pair': ['availableOutgoingBitrate', 'bytesDiscardedOnSend', 'bytesReceived', 'bytesSent', 'consentRequestsSent', 'currentRoundTripTime', 'lastPacketReceivedTimestamp', 'lastPacketSentTimestamp', 'localCandidateId', 'nominated', 'packetsDiscardedOnSend', 'packetsReceived', 'packetsSent', 'priority', 'remoteCandidateId', 'requestsReceived', 'requestsSent', 'responsesReceived', 'responsesSent', 'state', 'totalRoundTripTime', 'transportId', 'writable'],
  certificate: ['base64Certificate', 'fingerprint', 'fingerprintAlgorithm'],
  codec: ['channels', 'clockRate', 'mimeType', 'payloadType', 'sdpFmtpLine', 'transportId'],
  'inbound-rtp': ['audioLevel', 'bytesReceived', 'codecId', 'concealedSamples', 'concealmentEvents', 'fecPacketsDiscarded', 'fecPacketsReceived', 'headerBytesReceived', 'insertedSamplesForDeceleration', 'jitter', 'jitterBufferDelay', 'jitterBufferEmittedCount', 'jitterBufferMinimumDelay', 'jitterBufferTargetDelay', 'kind', 'lastPacketReceivedTimestamp', 'mediaType', 'mid', 'packetsDiscarded', 'packetsLost', 'packetsReceived', 'packetsReceivedWithCe', 'packetsReceivedWithEct1', 'playoutId', 'remoteId', 'removedSamplesForAcceleration', 'silentConcealedSamples', 'ssrc', 'totalAudioEnergy', 'totalProcessingDelay', 'totalSamplesDuration', 'totalSamplesReceived', 'trackIdentifier', 'transportId'],
  'local-candidate': ['address', 'candidateType', 'foundation', 'ip', 'isRemote', 'networkType', 'port', 'priority', 'protocol', 'relayProtocol', 'transportId', 'url', 'usernameFragment'],
  'media-playout': ['kind', 'synthesizedSamplesDuration', 'synthesizedSamplesEvents', 'totalPlayoutDelay', 'totalSamplesCount', 'totalSamplesDuration'],
  'media-source': ['audioLevel', 'echoReturnLoss', 'echoReturnLossEnhancement', 'kind', 'totalAudioEnergy', 'totalSamplesDuration', 'trackIdentifier'],
  'outbound-rtp': ['active', 'bytesSent', 'codecId', 'headerBytesSent', 'kind', 'mediaSourceId', 'mediaType', 'mid', 'nackCount', 'packetsSent', 'packetsSentWithEct1', 'remoteId', 'retransmittedBytesSent', 'retransmittedPacketsSent', 'ssrc', 'targetBitrate', 'totalPacketSendDelay', 'transportId'],
  'peer-connection': ['dataChannelsClosed', 'dataChannelsOpened'],
  'remote-candidate': ['address', 'candidateType', 'foundation', 'ip', 'isRemote', 'port', 'priority', 'protocol', 'transportId', 'usernameFragment'],
  'remote-inbound-rtp': ['codecId', 'fractionLost', 'jitter', 'kind', 'localId', 'mediaType', 'packetsLost', 'roundTripTime', 'roundTripTimeMeasurements', 'ssrc', 'totalRoundTripTime', 'transportId'],
  'remote-outbound-rtp': ['bytesSent', 'codecId', 'kind', 'localId', 'mediaType', 'packetsSent', 'remoteTimestamp', 'reportsSent', 'roundTripTime', 'roundTripTimeMeasurements', 'ssrc', 'totalRoundTripTime', 'transportId'],
  transport: ['bytesReceived', 'bytesSent', 'dtlsCipher', 'dtlsRole', 'dtlsState', 'iceLocalUsernameFragment', 'iceRole', 'iceState', 'localCertificateId', 'packetsReceived', 'packetsSent', 'remoteCertificateId', 'selectedCandidatePairChanges', 'selectedCandidatePairId', 'srtpCipher', 'tlsVersion'],
};

/** Chromium's id of an audio inbound-rtp report: 'IT' + transport + 'A' + SSRC, e.g. IT01A1160859609 */
export const CHROMIUM_INBOUND_ID_EXAMPLE = 'IT01A<ssrc>';
