// The GPU panel's sample history per device, kept to the window shown. DOM-free.
import type { GpuDevice, GpuSample } from '../../../receiver/src/contract/gpu';

export const GPU_WINDOWS_MIN = [5, 15, 60] as const;
export const DEFAULT_GPU_MINUTES = 15;

export function isGpuWindow(v: unknown): v is (typeof GPU_WINDOWS_MIN)[number] {
  return GPU_WINDOWS_MIN.some((m) => m === v);
}

/** Adds the newest samples (one per device) after what is there, dropping any older than `fromMs`. */
export function appendSamples(history: Map<string, GpuSample[]>, latest: readonly GpuSample[], fromMs: number): void {
  for (const s of latest) {
    const list = history.get(s.device) ?? [];
    const last = list[list.length - 1];
    // The stream repeats a device's latest sample when another source ticks: keep one.
    if (!last || s.timeMs > last.timeMs) list.push(s);
    history.set(s.device, list);
  }
  trimHistory(history, fromMs);
}

export function trimHistory(history: Map<string, GpuSample[]>, fromMs: number): void {
  for (const [id, list] of history) {
    let i = 0;
    while (i < list.length && list[i]!.timeMs < fromMs) i++;
    if (i > 0) history.set(id, list.slice(i));
  }
}

/** A device seen only in samples (it appeared after the panel loaded). */
export function deviceFromSample(s: GpuSample): GpuDevice {
  return {
    id: s.device,
    source: s.source,
    index: s.index,
    ...(s.uuid ? { uuid: s.uuid } : {}),
    ...(s.memoryTotalMiB !== undefined ? { memoryTotalMiB: s.memoryTotalMiB } : {}),
    ...(s.powerLimitW !== undefined ? { powerLimitW: s.powerLimitW } : {}),
  };
}

/** Mean utilisation of the samples that report it; undefined when none does. */
export function meanUtilization(samples: readonly GpuSample[]): number | undefined {
  let sum = 0;
  let n = 0;
  for (const s of samples)
    if (s.utilizationPct !== undefined) {
      sum += s.utilizationPct;
      n++;
    }
  return n ? sum / n : undefined;
}
