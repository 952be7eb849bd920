// Samples nvidia-smi or rocm-smi. Probes once at start (nvidia-smi, then rocm-smi); a machine with
// neither, or whose tool cannot answer, gets the final state "none" and is never probed again, so
// a Mac or a CPU-only box costs one failed spawn per tool, ever.
//
// nvidia-smi then runs in its own loop mode (`--loop-ms`): one long-lived process printing every
// interval. Launching it every second would cost a process start and an NVML initialisation each
// time, in the tool and in the receiver (measured in the README); the loop costs one pipe read.
// A loop that falls silent is killed by a watchdog and restarted on the next tick; one that exits
// by itself after printing (no loop support) or never prints at all switches the sampler to
// launching the tool every interval, as it does for rocm-smi. In that mode at most one run is in
// flight (a tick that finds one running is skipped and counted) and every run has a deadline.
// Failures go to the state (counted, last error) with at most one log line a minute.
import { EventEmitter } from 'node:events';
import type { GpuDevice, GpuProcess, GpuSample, GpuState } from '../contract/gpu';
import { NVIDIA_APP_ARGS, NVIDIA_GPU_ARGS, parseNvidiaApps, parseNvidiaGpus } from './parse-nvidia';
import { ROCM_ARGS, ROCM_PID_ARGS, parseRocm, parseRocmPids } from './parse-rocm';
import { spawnCommand, spawnLines, type CommandRunner, type LineStream, type RunResult, type StreamExit, type StreamRunner } from './run-command';

export interface SampledGpu {
  device: GpuDevice;
  sample: GpuSample;
}

export interface SamplerOptions {
  intervalMs: number;
  timeoutMs: number;
  log: (message: string) => void;
  run?: CommandRunner;
  stream?: StreamRunner;
  now?: () => number;
  /** Use nvidia-smi's loop mode (default true). */
  nvidiaLoop?: boolean;
  /** Per-process memory is read every this many ticks (a launch each time); default: every 10 s. */
  processEvery?: number;
}

export interface SamplerEvents {
  /** After every run or loop output: what it read (empty when it failed) and the state after it. */
  run: [gpus: SampledGpu[], state: GpuState];
  processes: [processes: GpuProcess[]];
}

type Tool = 'nvidia-smi' | 'rocm-smi';

const TOOLS: { tool: Tool; kind: 'nvidia' | 'amd'; args: readonly string[] }[] = [
  { tool: 'nvidia-smi', kind: 'nvidia', args: NVIDIA_GPU_ARGS },
  { tool: 'rocm-smi', kind: 'amd', args: ROCM_ARGS },
];

const LOG_EVERY_MS = 60_000;
const PROCESSES_EVERY_MS = 10_000;

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim()) ?? '').trim().slice(0, 200);
}

function exitFailure(tool: Tool, r: { code: number | null; stderr: string; error?: string; notFound: boolean }, stdout = ''): string {
  if (r.notFound) return `${tool} is no longer on PATH`;
  if (r.error) return `${tool} could not be run: ${r.error}`;
  const said = firstLine(r.stderr) || firstLine(stdout);
  return `${tool} exited with code ${r.code ?? 'null'}${said ? `: ${said}` : ''}`;
}

/** Why a run gave nothing, in one line; null when it exited cleanly. */
function runFailure(tool: Tool, r: RunResult, timeoutMs: number): string | null {
  if (r.timedOut) return `${tool} did not answer within ${timeoutMs} ms and was killed`;
  if (r.notFound || r.error || r.code !== 0) return exitFailure(tool, r, r.stdout);
  return null;
}

/** A sampler state before any run. */
export function initialGpuState(sampler: GpuState['sampler'], message: string, intervalMs: number, timeoutMs: number): GpuState {
  return { sampler, message, intervalMs, timeoutMs, runs: 0, failures: 0, timeouts: 0, skipped: 0, garbageLines: 0 };
}

export class GpuSampler extends EventEmitter<SamplerEvents> {
  private readonly run: CommandRunner;
  private readonly stream: StreamRunner;
  private readonly now: () => number;
  private readonly processEvery: number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private inFlight = false;
  private appsInFlight = false;
  /** Devices of the last run: per-process rows of a one-GPU AMD machine belong to that GPU. */
  private deviceIds: string[] = [];
  private ticks = 0;
  private tool: Tool | null = null;
  private loop: LineStream | null = null;
  private loopStartedMs = 0;
  private lastLineMs = 0;
  private loopAnswered = false;
  private lastLogMs = -Infinity;
  private loggedFailure = false;
  private stopped = false;
  readonly state: GpuState;

  constructor(private readonly opts: SamplerOptions) {
    super();
    this.run = opts.run ?? spawnCommand();
    this.stream = opts.stream ?? spawnLines();
    this.now = opts.now ?? Date.now;
    this.processEvery = opts.processEvery ?? Math.max(1, Math.round(PROCESSES_EVERY_MS / opts.intervalMs));
    this.state = initialGpuState('probing', 'looking for nvidia-smi or rocm-smi', opts.intervalMs, opts.timeoutMs);
  }

  /** Probes, then samples every interval. Resolves once the probe has decided. */
  async start(): Promise<void> {
    await this.probe();
    if (this.stopped || !this.tool) return;
    if (this.state.mode === 'loop') this.startLoop();
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** The first look: the first tool that answers with at least one GPU is the one used. */
  async probe(): Promise<void> {
    const notes: string[] = [];
    for (const t of TOOLS) {
      const r = await this.run(t.tool, t.args, { timeoutMs: this.opts.timeoutMs, signal: this.abort.signal });
      if (this.stopped) return;
      if (r.notFound) {
        notes.push(`${t.tool} is not on PATH`);
        continue;
      }
      this.state.runs++;
      const failure = runFailure(t.tool, r, this.opts.timeoutMs);
      const gpus = failure ? [] : this.parse(t.tool, r.stdout);
      if (!gpus.length) {
        notes.push(failure ?? `${t.tool} reported no GPU${r.stdout.trim() ? ` (${firstLine(r.stdout)})` : ''}`);
        continue;
      }
      this.tool = t.tool;
      this.state.tool = t.tool;
      this.state.sampler = t.kind;
      this.state.mode = t.tool === 'nvidia-smi' && this.opts.nvidiaLoop !== false ? 'loop' : 'poll';
      this.state.message = `sampling ${gpus.length} GPU${gpus.length > 1 ? 's' : ''} with ${t.tool} every ${this.opts.intervalMs} ms`;
      this.opts.log(`GPU: ${this.state.message}`);
      this.delivered(gpus);
      await this.readProcesses();
      return;
    }
    this.state.sampler = 'none';
    this.state.message = `no supported GPU found: ${notes.join('; ')}`;
    // A tool that is installed but broken is worth one line; plain absence (a Mac) is not.
    if (this.state.runs > 0) this.opts.log(`GPU: ${this.state.message}`);
    this.emit('run', [], this.state);
  }

  /** One interval: a poll run, or the loop's watchdog and restart; per-process memory now and then. */
  async tick(): Promise<void> {
    if (!this.tool || this.stopped) return;
    this.ticks++;
    const apps = this.ticks % this.processEvery === 0;
    if (this.state.mode === 'loop') {
      this.watchLoop();
      if (apps) await this.readProcesses();
      return;
    }
    if (this.inFlight) {
      this.state.skipped++;
      return;
    }
    this.inFlight = true;
    try {
      await this.pollOnce(this.tool);
      // In the same slot as the GPU query: never two launches at once.
      if (apps && !this.stopped) await this.readProcesses();
    } finally {
      this.inFlight = false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    this.loop?.stop();
    this.loop = null;
  }

  private async pollOnce(tool: Tool): Promise<void> {
    const args = tool === 'nvidia-smi' ? NVIDIA_GPU_ARGS : ROCM_ARGS;
    const r = await this.run(tool, args, { timeoutMs: this.opts.timeoutMs, signal: this.abort.signal });
    if (this.stopped) return;
    this.state.runs++;
    if (r.timedOut) this.state.timeouts++;
    const failure = runFailure(tool, r, this.opts.timeoutMs);
    const gpus = failure ? [] : this.parse(tool, r.stdout);
    if (failure) this.failed(failure);
    else if (!gpus.length) this.failed(`${tool} printed nothing readable: ${firstLine(r.stdout) || '(empty output)'}`);
    if (gpus.length) this.delivered(gpus);
    else this.emit('run', [], this.state);
  }

  private startLoop(): void {
    if (this.stopped) return;
    this.state.runs++;
    this.loopStartedMs = this.now();
    const args = [...NVIDIA_GPU_ARGS, `--loop-ms=${this.opts.intervalMs}`];
    let printed = false;
    const stream: LineStream = this.stream('nvidia-smi', args, {
      lines: (lines) => {
        if (this.loop !== stream) return;
        printed = true;
        this.lastLineMs = this.now();
        this.loopAnswered = true;
        const before = this.state.garbageLines;
        const gpus = this.parse('nvidia-smi', lines.join('\n'));
        if (gpus.length) this.delivered(gpus);
        else if (this.state.garbageLines > before) {
          this.failed(`nvidia-smi printed nothing readable: ${firstLine(lines.join('\n'))}`);
          this.emit('run', [], this.state);
        }
      },
      exit: (r) => {
        if (this.loop !== stream) return;
        this.loop = null;
        this.loopEnded(r, printed);
      },
    });
    this.loop = stream;
  }

  private loopEnded(r: StreamExit, printed: boolean): void {
    if (r.code === 0 && !r.error && printed) {
      // It printed and ended by itself: this nvidia-smi does not loop. Launch it every interval.
      this.toPolling('nvidia-smi ended after one sample with --loop-ms');
      return;
    }
    // Restarted on the next tick; a tool that keeps crashing is thus launched once an interval.
    this.failed(exitFailure('nvidia-smi', r));
    this.emit('run', [], this.state);
  }

  private watchLoop(): void {
    if (!this.loop) return this.startLoop();
    const silentMs = this.now() - Math.max(this.lastLineMs, this.loopStartedMs);
    if (silentMs <= this.opts.timeoutMs + this.opts.intervalMs) return;
    this.loop.stop();
    this.loop = null;
    // Never a line from any loop: output may be held in a pipe buffer. Launching works.
    if (!this.loopAnswered) return this.toPolling(`nvidia-smi --loop-ms printed nothing in ${silentMs} ms`);
    this.state.timeouts++;
    this.failed(`nvidia-smi gave no sample for ${silentMs} ms and was killed`);
    this.emit('run', [], this.state);
  }

  private toPolling(why: string): void {
    this.state.mode = 'poll';
    this.state.message += ` (${why}; launching it every interval)`;
    this.opts.log(`GPU: ${why}; launching it every interval instead`);
  }

  private parse(tool: Tool, stdout: string): SampledGpu[] {
    const t = this.now();
    const { rows, garbage } = tool === 'nvidia-smi' ? parseNvidiaGpus(stdout, t) : parseRocm(stdout, t);
    if (garbage.length) {
      this.state.garbageLines += garbage.length;
      this.state.lastError = { timeMs: t, message: `${tool}: skipped unreadable output: ${garbage[0]!.slice(0, 200)}` };
    }
    return rows;
  }

  private delivered(gpus: SampledGpu[]): void {
    this.state.lastSampleMs = this.now();
    this.deviceIds = gpus.map((g) => g.device.id);
    if (this.loggedFailure && this.now() - this.lastLogMs >= LOG_EVERY_MS) {
      this.loggedFailure = false;
      this.lastLogMs = this.now();
      this.opts.log(`GPU: ${this.tool} is answering again (${this.state.failures} failed runs so far)`);
    }
    this.emit('run', gpus, this.state);
  }

  private failed(message: string): void {
    const t = this.now();
    this.state.failures++;
    this.state.lastError = { timeMs: t, message };
    if (t - this.lastLogMs >= LOG_EVERY_MS) {
      this.lastLogMs = t;
      this.loggedFailure = true;
      this.opts.log(`GPU: ${message} (${this.state.failures} failed runs so far; see /api/gpu)`);
    }
  }

  private async readProcesses(): Promise<void> {
    const tool = this.tool;
    if (this.appsInFlight || !tool) return;
    this.appsInFlight = true;
    try {
      const args = tool === 'nvidia-smi' ? NVIDIA_APP_ARGS : ROCM_PID_ARGS;
      const r = await this.run(tool, args, { timeoutMs: this.opts.timeoutMs, signal: this.abort.signal });
      if (this.stopped) return;
      this.state.runs++;
      if (r.timedOut) this.state.timeouts++;
      const failure = runFailure(tool, r, this.opts.timeoutMs);
      if (failure) return this.failed(`per-process memory: ${failure}`);
      const { rows, garbage } =
        tool === 'nvidia-smi' ? parseNvidiaApps(r.stdout) : parseRocmPids(r.stdout, this.deviceIds.length === 1 ? this.deviceIds[0] : undefined);
      if (garbage.length) {
        this.state.garbageLines += garbage.length;
        this.state.lastError = { timeMs: this.now(), message: `${tool}: skipped unreadable process line: ${garbage[0]!.slice(0, 200)}` };
      }
      this.emit('processes', rows);
    } finally {
      this.appsInFlight = false;
    }
  }
}
