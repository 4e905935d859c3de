/**
 * A relay leg's ground truth (harness/relay/core/groundTruthTypes.ts) with nothing counted, for
 * the specs of the checks that read legs: a spec names the leg and sets only what its check reads.
 */
import type { LegGroundTruth } from '../../../../harness/relay/core/groundTruthTypes.ts';

export function legTruth(leg: Pick<LegGroundTruth, 'callId' | 'role' | 'direction' | 'ssrc'> & Partial<LegGroundTruth>): LegGroundTruth {
  return {
    kind: 'rtp',
    flowIndex: 0,
    offered: 0,
    delivered: 0,
    duplicated: 0,
    reordered: 0,
    dropped: { loss: 0, queue: 0, blackout: 0 },
    inFlight: 0,
    offeredBytes: 0,
    deliveredBytes: 0,
    droppedPositions: [],
    droppedPositionsCapped: false,
    series: [],
    ...leg,
  };
}
