// Which segments to delete to honour the retention caps. Pure: the store does the deleting.
// Whole segments go, oldest first, so nothing that stays is ever rewritten.
import type { SegmentIndex } from './segment';

export interface RetentionLimits {
  /** 0 = no cap. */
  maxTraces: number;
  maxDiskBytes: number;
  maxAgeMs: number;
}

export function pickSegmentsToDrop(
  oldestFirst: SegmentIndex[],
  current: { traces: number; now: number },
  limits: RetentionLimits,
): SegmentIndex[] {
  let bytes = oldestFirst.reduce((n, s) => n + s.bytes, 0);
  let traces = current.traces;
  const drop: SegmentIndex[] = [];
  // The newest segment always stays: it holds what was just acknowledged.
  for (let i = 0; i < oldestFirst.length - 1; i++) {
    const s = oldestFirst[i]!;
    const tooOld = limits.maxAgeMs > 0 && current.now - s.writtenAt > limits.maxAgeMs;
    const tooBig = limits.maxDiskBytes > 0 && bytes > limits.maxDiskBytes;
    const tooMany = limits.maxTraces > 0 && traces > limits.maxTraces;
    if (!tooOld && !tooBig && !tooMany) break;
    drop.push(s);
    bytes -= s.bytes;
    // Estimate: traces whose only partial is here go away. Shared traces stay (partially).
    traces -= s.traces.length;
  }
  return drop;
}
