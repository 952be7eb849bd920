// GPU history for one trace: the samples within its time window plus the one just before and
// just after, so a trace shorter than the sampling period still gets a band. Pure.
import type { GpuSample } from '../../receiver/src/contract/gpu';

export function clipGpuHistory(history: Record<string, GpuSample[]>, fromMs: number, toMs: number): Record<string, GpuSample[]> {
  const out: Record<string, GpuSample[]> = {};
  for (const [device, samples] of Object.entries(history)) {
    if (!samples.length) continue;
    // Oldest first, as the API returns them.
    const first = samples.findIndex((s) => s.timeMs >= fromMs);
    const start = first < 0 ? samples.length - 1 : Math.max(0, first - 1);
    let end = start;
    while (end < samples.length && samples[end]!.timeMs <= toMs) end++;
    const clipped = samples.slice(start, end + 1);
    if (clipped.length) out[device] = clipped;
  }
  return out;
}
