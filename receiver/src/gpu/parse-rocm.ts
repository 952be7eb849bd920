// rocm-smi `--json` → samples. Pure and tolerant: rocm-smi has renamed its keys between releases
// (and prints warnings before the JSON on some systems), so every field is looked up under each
// name it has had, case-insensitively, and a missing or "N/A" value is simply absent.
import type { GpuDevice, GpuProcess, GpuSample } from '../contract/gpu';
import { assign, type Parsed } from './parse-nvidia';

export const ROCM_ARGS = [
  '--showuse',
  '--showmemuse',
  '--showmeminfo',
  'vram',
  '--showtemp',
  '--showpower',
  '--showmaxpower',
  '--showclocks',
  '--showproductname',
  '--showuniqueid',
  '--showdriverversion',
  '--json',
];

export interface RocmGpuRow {
  device: GpuDevice;
  sample: GpuSample;
}

const MIB = 1024 * 1024;

const KEYS = {
  utilization: ['GPU use (%)', 'GPU Usage (%)'],
  memoryUtilization: ['GPU Memory Allocated (VRAM%)', 'GPU memory use (%)', 'GPU Memory Use (%)'],
  vramTotalBytes: ['VRAM Total Memory (B)'],
  vramUsedBytes: ['VRAM Total Used Memory (B)'],
  // Edge is what older cards report; MI-series data-centre parts only have junction.
  temperature: ['Temperature (Sensor edge) (C)', 'Temperature (Sensor junction) (C)', 'Temperature (Sensor memory) (C)'],
  power: ['Current Socket Graphics Package Power (W)', 'Average Graphics Package Power (W)'],
  powerLimit: ['Max Graphics Package Power (W)'],
  smClock: ['sclk clock speed:', 'Current Socket Graphics Clock (MHz)'],
  memoryClock: ['mclk clock speed:', 'Current Socket Memory Clock (MHz)'],
  fan: ['Fan speed (%)'],
  name: ['Card Series', 'Card series', 'Device Name', 'Card Model', 'Card model'],
  uuid: ['Unique ID', 'GUID'],
  driver: ['Driver version'],
} as const;

type Card = Map<string, unknown>;

function cardOf(o: Record<string, unknown>): Card {
  return new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

function lookup(lower: Card, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'string' && v.trim() && !/^(N\/A|Not supported|unknown)$/i.test(v.trim())) return v.trim();
  }
  return undefined;
}

/** The first number in a value: `35.0`, `(1700Mhz)`, `1700 MHz`. */
function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /-?\d+(?:\.\d+)?/.exec(v);
  return m ? Number(m[0]) : undefined;
}

function mib(bytes: string | undefined): number | undefined {
  const b = num(bytes);
  return b === undefined ? undefined : Math.round((b / MIB) * 10) / 10;
}

export function rocmDeviceId(uuid: string | undefined, index: number): string {
  return uuid ? `rocm-smi:${uuid}` : `rocm-smi:${index}`;
}

export function parseRocm(output: string, timeMs: number): Parsed<RocmGpuRow> {
  const start = output.indexOf('{');
  const end = output.lastIndexOf('}');
  const garbage: string[] = [];
  let doc: unknown;
  try {
    if (start < 0 || end < start) throw new Error('no JSON object');
    doc = JSON.parse(output.slice(start, end + 1));
  } catch {
    garbage.push(output.trim().slice(0, 200) || '(empty output)');
    return { rows: [], garbage };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { rows: [], garbage: [output.trim().slice(0, 200)] };
  }
  const top = doc as Record<string, unknown>;
  // Driver version sits under "system" in releases that have --showdriverversion.
  const system = typeof top.system === 'object' && top.system !== null ? (top.system as Record<string, unknown>) : {};
  const driver = lookup(cardOf(system), KEYS.driver);
  const rows: RocmGpuRow[] = [];
  for (const [key, value] of Object.entries(top)) {
    const m = /^card(\d+)$/i.exec(key);
    if (!m) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      garbage.push(`${key}: ${JSON.stringify(value).slice(0, 100)}`);
      continue;
    }
    const card = cardOf(value as Record<string, unknown>);
    const index = Number(m[1]);
    const uuid = lookup(card, KEYS.uuid);
    const id = rocmDeviceId(uuid, index);
    const memoryTotalMiB = mib(lookup(card, KEYS.vramTotalBytes));
    const powerLimitW = num(lookup(card, KEYS.powerLimit));
    const device = assign<GpuDevice>(
      { id, source: 'rocm-smi', index },
      { uuid, name: lookup(card, KEYS.name), driverVersion: lookup(card, KEYS.driver) ?? driver, memoryTotalMiB, powerLimitW },
    );
    const sample = assign<GpuSample>(
      { timeMs, device: id, index, source: 'rocm-smi' },
      {
        uuid,
        utilizationPct: num(lookup(card, KEYS.utilization)),
        memoryUtilizationPct: num(lookup(card, KEYS.memoryUtilization)),
        memoryUsedMiB: mib(lookup(card, KEYS.vramUsedBytes)),
        memoryTotalMiB,
        temperatureC: num(lookup(card, KEYS.temperature)),
        powerDrawW: num(lookup(card, KEYS.power)),
        powerLimitW,
        smClockMHz: num(lookup(card, KEYS.smClock)),
        memoryClockMHz: num(lookup(card, KEYS.memoryClock)),
        fanPct: num(lookup(card, KEYS.fan)),
      },
    );
    rows.push({ device, sample });
  }
  if (!rows.length && !garbage.length) garbage.push('no card entries in rocm-smi JSON');
  return { rows, garbage };
}

export const ROCM_PID_ARGS = ['--showpids', '--json'];

/**
 * rocm-smi `--showpids --json` → processes. Each entry is `"PID<n>": "name, gpus, vram bytes,
 * sdma, cu occupancy"` under "system" (the table row flattened: lowercased, comma-joined). The
 * second field counts the process's GPUs rather than naming one, so a process is tied to a device
 * only when the machine has exactly one (`soleDevice`).
 */
export function parseRocmPids(output: string, soleDevice?: string): Parsed<GpuProcess> {
  const trimmed = output.trim();
  const start = trimmed.indexOf('{');
  // No KFD processes: recent releases print an empty object, some print nothing at all.
  if (!trimmed || start < 0) return { rows: [], garbage: trimmed && !/no kfd pids/i.test(trimmed) ? [trimmed.slice(0, 200)] : [] };
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed.slice(start, trimmed.lastIndexOf('}') + 1));
  } catch {
    return { rows: [], garbage: [trimmed.slice(0, 200)] };
  }
  const system = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).system : undefined;
  if (typeof system !== 'object' || system === null) return { rows: [], garbage: [] };
  const rows: GpuProcess[] = [];
  const garbage: string[] = [];
  for (const [key, value] of Object.entries(system as Record<string, unknown>)) {
    const m = /^PID\s*(\d+)$/i.exec(key);
    if (!m) continue;
    const fields = typeof value === 'string' ? value.split(',').map((f) => f.trim()) : [];
    if (fields.length < 5) {
      garbage.push(`${key}: ${JSON.stringify(value).slice(0, 100)}`);
      continue;
    }
    // The name may itself hold commas; the four numeric fields are always last.
    const [gpus, vram] = fields.slice(-4);
    const p: GpuProcess = { pid: Number(m[1]), name: fields.slice(0, -4).join(', ') };
    assign(p, { memoryUsedMiB: mib(vram), device: soleDevice && num(gpus) === 1 ? soleDevice : undefined });
    rows.push(p);
  }
  return { rows, garbage };
}
