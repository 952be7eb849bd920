// In-memory GPU history: one fixed-size ring per device (memory stays bounded however long the
// receiver runs), time-ordered, with window statistics for "what was the GPU doing during this
// call".
import type { GpuCallStats, GpuSample, GpuSource, GpuWindowStats } from '../contract/gpu';

/** Beyond this a ring would cost more memory than a developer tool should (27 h at 1 s). */
export const MAX_RING = 100_000;
/** OTLP can name any number of devices; the least recently updated beyond this are dropped. */
export const MAX_DEVICES = 64;

export class SampleRing {
  private buf: GpuSample[] = [];
  private start = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('ring capacity must be at least 1');
  }

  get size(): number {
    return this.buf.length;
  }

  at(i: number): GpuSample {
    return this.buf[(this.start + i) % this.buf.length]!;
  }

  latest(): GpuSample | undefined {
    return this.buf.length ? this.at(this.buf.length - 1) : undefined;
  }

  /**
   * Adds a sample in time order. A sample with the time of the newest one is merged into it:
   * OTLP sends each gauge as its own point, and they may land in separate commits.
   */
  push(s: GpuSample): void {
    const last = this.latest();
    if (last && s.timeMs === last.timeMs) {
      Object.assign(last, s);
      return;
    }
    if (last && s.timeMs < last.timeMs) {
      // Out of order (clock skew between two senders): rare, so a rebuild is fine.
      const all = this.toArray();
      const i = this.firstAtOrAfter(s.timeMs);
      if (all[i]?.timeMs === s.timeMs) Object.assign(all[i]!, s);
      else all.splice(i, 0, s);
      this.buf = all.slice(-this.capacity);
      this.start = 0;
      return;
    }
    if (this.buf.length < this.capacity) this.buf.push(s);
    else {
      this.buf[this.start] = s;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  toArray(): GpuSample[] {
    return this.slice(0, this.buf.length);
  }

  /** Index of the first sample at or after `timeMs` (binary search; the ring is time-ordered). */
  firstAtOrAfter(timeMs: number): number {
    let lo = 0;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).timeMs < timeMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  since(timeMs: number): GpuSample[] {
    return this.slice(this.firstAtOrAfter(timeMs), this.buf.length);
  }

  between(fromMs: number, toMs: number): GpuSample[] {
    const out: GpuSample[] = [];
    for (let i = this.firstAtOrAfter(fromMs); i < this.buf.length && this.at(i).timeMs <= toMs; i++) out.push(this.at(i));
    return out;
  }

  private slice(from: number, to: number): GpuSample[] {
    const out: GpuSample[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i));
    return out;
  }
}

export function windowStats(device: string, source: GpuSource, samples: readonly GpuSample[]): GpuWindowStats {
  const stats: GpuWindowStats = { device, source, samples: samples.length };
  const agg = (values: number[]): { avg: number; peak: number } | undefined =>
    values.length ? { avg: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10, peak: Math.max(...values) } : undefined;
  const util = agg(samples.map((s) => s.utilizationPct).filter((v) => v !== undefined));
  const mem = agg(samples.map((s) => s.memoryUsedMiB).filter((v) => v !== undefined));
  if (util) {
    stats.utilizationAvg = util.avg;
    stats.utilizationPeak = util.peak;
  }
  if (mem) {
    stats.memoryAvgMiB = mem.avg;
    stats.memoryPeakMiB = mem.peak;
  }
  return stats;
}

interface Track {
  ring: SampleRing;
  source: GpuSource;
  /** How long after a sample's time it still describes (a sampler's utilisation is averaged over its period). */
  graceMs: number;
  updated: number;
}

export class GpuHistory {
  private readonly tracks = new Map<string, Track>();
  private updates = 0;

  constructor(private readonly capacity: number) {}

  /** Ring size for `historyMs` of samples every `intervalMs` (1 s assumed for OTLP-only use). */
  static capacityFor(historyMs: number, intervalMs: number): number {
    return Math.min(MAX_RING, Math.ceil(historyMs / (intervalMs > 0 ? intervalMs : 1000)) + 1);
  }

  add(s: GpuSample, graceMs: number): void {
    let t = this.tracks.get(s.device);
    if (!t) {
      if (this.tracks.size >= MAX_DEVICES) this.dropStalest();
      t = { ring: new SampleRing(this.capacity), source: s.source, graceMs, updated: 0 };
      this.tracks.set(s.device, t);
    }
    t.updated = ++this.updates;
    t.ring.push(s);
  }

  has(device: string): boolean {
    return this.tracks.has(device);
  }

  latest(): GpuSample[] {
    return [...this.tracks.values()].map((t) => t.ring.latest()).filter((s) => s !== undefined);
  }

  since(timeMs: number): Record<string, GpuSample[]> {
    const out: Record<string, GpuSample[]> = {};
    for (const [id, t] of this.tracks) out[id] = t.ring.since(timeMs);
    return out;
  }

  /**
   * GPU activity between two times, per device. A window with no sample of a device (a call
   * shorter than the sampling interval) takes the device's next sample if it follows within
   * the device's grace period, since that sample's averages cover the call.
   */
  window(fromMs: number, toMs: number): GpuCallStats | undefined {
    const devices: GpuWindowStats[] = [];
    for (const [id, t] of this.tracks) {
      let samples = t.ring.between(fromMs, toMs);
      if (!samples.length && t.graceMs > 0) {
        const i = t.ring.firstAtOrAfter(toMs);
        const next = i < t.ring.size ? t.ring.at(i) : undefined;
        if (next && next.timeMs - toMs <= t.graceMs) samples = [next];
      }
      if (samples.length) devices.push(windowStats(id, t.source, samples));
    }
    if (!devices.length) return undefined;
    const busiest = [...devices].sort(
      (a, b) => (b.utilizationAvg ?? -1) - (a.utilizationAvg ?? -1) || (b.memoryAvgMiB ?? -1) - (a.memoryAvgMiB ?? -1),
    )[0]!;
    return { ...busiest, devices };
  }

  private dropStalest(): void {
    let stalest: string | undefined;
    let min = Infinity;
    for (const [id, t] of this.tracks) {
      if (t.updated < min) {
        min = t.updated;
        stalest = id;
      }
    }
    if (stalest !== undefined) this.tracks.delete(stalest);
  }
}
