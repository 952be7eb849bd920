// GPU devices, samples and the sampler's state, as the query API and event stream carry them.
// Types only. A field the tool reports as unavailable (`[N/A]`, `[Not Supported]`) is absent,
// never 0: 0 % utilisation and "unknown" must stay distinguishable.

/** Where a sample came from: the receiver's own sampler, or the app's OTLP `gpu.*` metrics. */
export type GpuSource = 'nvidia-smi' | 'rocm-smi' | 'otlp';

export interface GpuDevice {
  /** Stable key of the device within its source: `source:uuid`, or `source:index` without one. */
  id: string;
  source: GpuSource;
  index: number;
  uuid?: string;
  name?: string;
  driverVersion?: string;
  memoryTotalMiB?: number;
  powerLimitW?: number;
  /** OTLP only: the service that reported it. */
  service?: string;
}

export interface GpuSample {
  /** Epoch milliseconds: when the sampler read it, or the OTLP point's time. */
  timeMs: number;
  /** GpuDevice.id */
  device: string;
  index: number;
  uuid?: string;
  source: GpuSource;
  utilizationPct?: number;
  memoryUtilizationPct?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  temperatureC?: number;
  powerDrawW?: number;
  powerLimitW?: number;
  smClockMHz?: number;
  memoryClockMHz?: number;
  fanPct?: number;
  /** NVIDIA performance state, P0 (fastest) to P12. */
  pstate?: string;
}

/** A process holding GPU memory (NVIDIA `--query-compute-apps`). */
export interface GpuProcess {
  /** GpuDevice.id, when the process's GPU is a known device. */
  device?: string;
  uuid?: string;
  pid: number;
  name: string;
  memoryUsedMiB?: number;
}

/**
 * probing: the first look for a tool is under way; nvidia / amd: sampling with nvidia-smi or
 * rocm-smi; none: no usable tool, checked once and never again; off: disabled by setting.
 */
export type GpuSamplerKind = 'probing' | 'nvidia' | 'amd' | 'none' | 'off';

export interface GpuState {
  sampler: GpuSamplerKind;
  /** One line for people: what is sampled, or why nothing is. */
  message: string;
  tool?: 'nvidia-smi' | 'rocm-smi';
  /**
   * loop: one long-lived nvidia-smi printing every interval (`--loop-ms`), so the driver is not
   * initialised again each second; poll: the tool is launched every interval (rocm-smi, or an
   * nvidia-smi whose loop mode does not work).
   */
  mode?: 'loop' | 'poll';
  intervalMs: number;
  timeoutMs: number;
  /** Tool launches since start (the probe and each start of the loop included). */
  runs: number;
  /** Runs that failed: non-zero exit, killed after the timeout, or nothing parseable. */
  failures: number;
  timeouts: number;
  /** Ticks skipped because the previous run had not finished (samples never pile up). */
  skipped: number;
  /** Output lines that could not be read, skipped. */
  garbageLines: number;
  lastError?: { timeMs: number; message: string };
  lastSampleMs?: number;
}

/** GPU activity over a time window: "what was the GPU doing during this call". */
export interface GpuWindowStats {
  device: string;
  source: GpuSource;
  samples: number;
  utilizationAvg?: number;
  utilizationPeak?: number;
  memoryAvgMiB?: number;
  memoryPeakMiB?: number;
}

/**
 * The busiest device during the window (highest average utilisation, then most memory) at the
 * top level; every device with samples in `devices`.
 */
export interface GpuCallStats extends GpuWindowStats {
  devices: GpuWindowStats[];
}
