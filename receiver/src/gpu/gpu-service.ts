// The receiver's GPU view: the local sampler and the app's OTLP gauges merged into one set of
// devices (each labelled by source), an hour of history, per-process memory, and per-call window
// statistics. main.ts feeds it metric points and forwards its updates to the event stream and the
// warnings engine.
import { EventEmitter } from 'node:events';
import type { GpuResponse } from '../contract/api';
import type { GpuCallStats, GpuDevice, GpuProcess, GpuSample, GpuState } from '../contract/gpu';
import type { MetricPoint } from '../contract/model';
import { GpuHistory, MAX_DEVICES } from './history';
import { otlpGpuSamples } from './otlp-gpu';
import { GpuSampler, initialGpuState, type SampledGpu } from './sampler';
import type { CommandRunner } from './run-command';

export interface GpuServiceOptions {
  /** 0 turns the sampler off (OTLP gauges are still merged). */
  intervalMs: number;
  historyMinutes: number;
  timeoutMs: number;
  log: (message: string) => void;
  run?: CommandRunner;
  now?: () => number;
}

export interface GpuServiceEvents {
  /** New samples arrived (or a run failed): the newest sample of each device, the state, and what is new. */
  update: [latest: GpuSample[], state: GpuState, fresh: GpuSample[]];
}

const DEFAULT_WINDOW_MS = 10 * 60_000;

export class GpuService extends EventEmitter<GpuServiceEvents> {
  private readonly sampler: GpuSampler | null;
  private readonly history: GpuHistory;
  private readonly devices = new Map<string, GpuDevice>();
  private processes: GpuProcess[] = [];
  private readonly now: () => number;
  private readonly offState: GpuState;

  constructor(private readonly opts: GpuServiceOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.history = new GpuHistory(GpuHistory.capacityFor(opts.historyMinutes * 60_000, opts.intervalMs));
    this.offState = initialGpuState(
      'off',
      'GPU sampling is off (--gpu-interval-ms 0); GPU metrics sent over OTLP are still shown',
      0,
      opts.timeoutMs,
    );
    this.sampler =
      opts.intervalMs > 0
        ? new GpuSampler({ intervalMs: opts.intervalMs, timeoutMs: opts.timeoutMs, log: opts.log, run: opts.run, now: this.now })
        : null;
    this.sampler?.on('run', (gpus) => this.fromSampler(gpus));
    this.sampler?.on('processes', (p) => {
      this.processes = p;
    });
  }

  /** Starts probing in the background: a slow or hung tool never delays the receiver's start. */
  start(): void {
    void this.sampler?.start().catch((err: Error) => this.opts.log(`GPU: sampler stopped: ${err.message}`));
  }

  close(): void {
    this.sampler?.stop();
  }

  state(): GpuState {
    return { ...(this.sampler?.state ?? this.offState) };
  }

  /** Metric points just stored: the GPU ones become OTLP samples. */
  observeMetrics(points: readonly MetricPoint[]): void {
    const found = otlpGpuSamples(points, this.now());
    if (!found.length) return;
    // Unknown interval: no grace period, a sample counts for a call only inside its window.
    this.accept(found, 0);
  }

  response(sinceMs?: number): GpuResponse {
    const since = sinceMs ?? this.now() - DEFAULT_WINDOW_MS;
    return {
      state: this.state(),
      devices: [...this.devices.values()].filter((d) => this.history.has(d.id)),
      latest: this.history.latest(),
      history: this.history.since(since),
      processes: this.processes,
    };
  }

  /** GPU activity during [start, start + duration]; undefined when no sample covers it. */
  callStats(startTimeUnixNano: string, durationMs: number): GpuCallStats | undefined {
    const fromMs = Number(BigInt(startTimeUnixNano) / 1_000_000n);
    return this.windowStats(fromMs, fromMs + Math.max(0, durationMs));
  }

  windowStats(fromMs: number, toMs: number): GpuCallStats | undefined {
    return this.history.window(fromMs, toMs);
  }

  /** How long after a call ends the sampler's next sample may still describe it. */
  get settleMs(): number {
    return Math.max(1000, 2 * this.opts.intervalMs);
  }

  private fromSampler(gpus: SampledGpu[]): void {
    if (gpus.length) this.accept(gpus, this.opts.intervalMs);
    else this.publish([]);
  }

  private publish(fresh: GpuSample[]): void {
    // Listeners run inside the sampler's pipe and timer callbacks: a throw there would take the
    // receiver down, and one bad listener must not stop sampling.
    try {
      this.emit('update', this.history.latest(), this.state(), fresh);
    } catch (err) {
      this.opts.log(`GPU: update listener failed: ${(err as Error).message}`);
    }
  }

  private accept(gpus: readonly SampledGpu[], graceMs: number): void {
    for (const g of gpus) {
      const known = this.devices.get(g.device.id);
      if (!known && this.devices.size >= MAX_DEVICES) this.forgetDevicesWithoutHistory();
      this.devices.set(g.device.id, known ? { ...known, ...g.device } : g.device);
      this.history.add(g.sample, graceMs);
    }
    this.publish(gpus.map((g) => g.sample));
  }

  private forgetDevicesWithoutHistory(): void {
    for (const id of this.devices.keys()) if (!this.history.has(id)) this.devices.delete(id);
  }
}
