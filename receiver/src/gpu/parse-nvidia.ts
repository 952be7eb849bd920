// nvidia-smi CSV (`--format=csv,noheader,nounits`) → samples. Pure. The field lists are the
// single source of truth for both the command line the sampler runs and the column order here.
import type { GpuDevice, GpuProcess, GpuSample } from '../contract/gpu';

export const NVIDIA_GPU_FIELDS = [
  'index',
  'uuid',
  'name',
  'driver_version',
  'utilization.gpu',
  'utilization.memory',
  'memory.total',
  'memory.used',
  'memory.free',
  'temperature.gpu',
  'power.draw',
  'power.limit',
  'clocks.current.sm',
  'clocks.current.memory',
  'fan.speed',
  'pstate',
] as const;

/** process_name sits between fixed columns so that a name containing commas still parses. */
export const NVIDIA_APP_FIELDS = ['gpu_uuid', 'pid', 'process_name', 'used_gpu_memory'] as const;

export const NVIDIA_GPU_ARGS = [`--query-gpu=${NVIDIA_GPU_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
export const NVIDIA_APP_ARGS = [`--query-compute-apps=${NVIDIA_APP_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

export interface NvidiaGpuRow {
  device: GpuDevice;
  sample: GpuSample;
}

export interface Parsed<T> {
  rows: T[];
  /** Lines that were not readable, for the sampler to count and report. */
  garbage: string[];
}

/** nvidia-smi's words for "no value"; anything bracketed is one of them (`[Unknown Error]`, …). */
function unavailable(v: string): boolean {
  return v === '' || /^\[.*\]$/.test(v) || /^(N\/A|Not Supported)$/i.test(v);
}

/** A number, tolerating units left in (`--format=csv` without `nounits`: `121.62 W`, `0 %`). */
function num(v: string | undefined): number | undefined {
  if (v === undefined || unavailable(v)) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*[A-Za-z%]+)?$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

function text(v: string | undefined): string | undefined {
  return v === undefined || unavailable(v) ? undefined : v;
}

function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

export function nvidiaDeviceId(uuid: string | undefined, index: number): string {
  return uuid ? `nvidia-smi:${uuid}` : `nvidia-smi:${index}`;
}

export function parseNvidiaGpus(csv: string, timeMs: number): Parsed<NvidiaGpuRow> {
  const rows: NvidiaGpuRow[] = [];
  const garbage: string[] = [];
  for (const raw of csv.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const c = cells(line);
    // A header line (`--format=csv` without `noheader`) is not data, and not garbage either.
    if (c[0] === 'index' && c.length === NVIDIA_GPU_FIELDS.length) continue;
    const index = Number(c[0]);
    if (c.length !== NVIDIA_GPU_FIELDS.length || !/^\d+$/.test(c[0] ?? '') || !Number.isInteger(index)) {
      garbage.push(line);
      continue;
    }
    const get = (f: (typeof NVIDIA_GPU_FIELDS)[number]): string | undefined => c[NVIDIA_GPU_FIELDS.indexOf(f)];
    const uuid = text(get('uuid'));
    const id = nvidiaDeviceId(uuid, index);
    const device: GpuDevice = { id, source: 'nvidia-smi', index };
    const sample: GpuSample = { timeMs, device: id, index, source: 'nvidia-smi' };
    assign(device, {
      uuid,
      name: text(get('name')),
      driverVersion: text(get('driver_version')),
      memoryTotalMiB: num(get('memory.total')),
      powerLimitW: num(get('power.limit')),
    });
    assign(sample, {
      uuid,
      utilizationPct: num(get('utilization.gpu')),
      memoryUtilizationPct: num(get('utilization.memory')),
      memoryUsedMiB: num(get('memory.used')),
      memoryTotalMiB: num(get('memory.total')),
      temperatureC: num(get('temperature.gpu')),
      powerDrawW: num(get('power.draw')),
      powerLimitW: num(get('power.limit')),
      smClockMHz: num(get('clocks.current.sm')),
      memoryClockMHz: num(get('clocks.current.memory')),
      fanPct: num(get('fan.speed')),
      pstate: text(get('pstate')),
    });
    rows.push({ device, sample });
  }
  return { rows, garbage };
}

export function parseNvidiaApps(csv: string): Parsed<GpuProcess> {
  const rows: GpuProcess[] = [];
  const garbage: string[] = [];
  for (const raw of csv.split(/\r?\n/)) {
    const line = raw.trim();
    // Older drivers print this instead of an empty result.
    if (!line || /^No running/i.test(line)) continue;
    const c = cells(line);
    if (c[0] === 'gpu_uuid') continue;
    const pid = Number(c[1]);
    if (c.length < NVIDIA_APP_FIELDS.length || !/^\d+$/.test(c[1] ?? '')) {
      garbage.push(line);
      continue;
    }
    const uuid = text(c[0]);
    const p: GpuProcess = { pid, name: c.slice(2, -1).join(', ') };
    assign(p, { uuid, device: uuid ? nvidiaDeviceId(uuid, 0) : undefined, memoryUsedMiB: num(c[c.length - 1]) });
    rows.push(p);
  }
  return { rows, garbage };
}

/** Copies only the defined values, so that an unavailable field stays absent (not `undefined`). */
export function assign<T extends object>(target: T, values: Partial<T>): T {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}
