// GPU gauges an app sends over OTLP → samples labelled `source: 'otlp'`. OpenLIT's `gpu.*`
// gauges (MiB, W, %; device in `gpu.index` / `gpu.uuid` / `gpu.name`) are the main case; the
// OpenTelemetry `hw.gpu.*` conventions and the Collector's `nvml.*` receiver (fractions, bytes)
// are read too, with their units converted, and any other `…gpu.utilization` as a percentage.
import type { GpuDevice, GpuSample } from '../contract/gpu';
import type { MetricPoint } from '../contract/model';
import { attrMap, num, str, type Plain } from '../genai/values';
import { assign } from './parse-nvidia';

type Field = 'utilizationPct' | 'memoryUtilizationPct' | 'memoryUsedMiB' | 'memoryTotalMiB' | 'temperatureC' | 'powerDrawW' | 'powerLimitW' | 'fanPct';
type Kind = 'pct' | 'mib' | 'plain' | 'watts';

const METRICS: Record<string, [Field, Kind]> = {
  'gpu.utilization': ['utilizationPct', 'pct'],
  'gpu.memory.utilization': ['memoryUtilizationPct', 'pct'],
  'gpu.memory.used': ['memoryUsedMiB', 'mib'],
  'gpu.memory.total': ['memoryTotalMiB', 'mib'],
  'gpu.temperature': ['temperatureC', 'plain'],
  'gpu.power.draw': ['powerDrawW', 'watts'],
  'gpu.power.limit': ['powerLimitW', 'watts'],
  'gpu.fan_speed': ['fanPct', 'pct'],
  'hw.gpu.utilization': ['utilizationPct', 'pct'],
  'hw.gpu.memory.usage': ['memoryUsedMiB', 'mib'],
  'hw.gpu.memory.limit': ['memoryTotalMiB', 'mib'],
  'nvml.gpu.utilization': ['utilizationPct', 'pct'],
  'nvml.gpu.temperature': ['temperatureC', 'plain'],
  'nvml.gpu.power.draw': ['powerDrawW', 'watts'],
};

const ANY_UTILIZATION = /(^|[._])gpu[._]util(i[sz]ation)?$/i;

const INDEX_KEYS = ['gpu.index', 'gpu_index', 'gpu.id', 'gpu_number', 'gpu', 'device'];
const UUID_KEYS = ['gpu.uuid', 'gpu_uuid', 'uuid', 'hw.id'];
const NAME_KEYS = ['gpu.name', 'gpu_name', 'model', 'hw.model', 'hw.name'];

export function gpuMetricField(name: string): [Field, Kind] | undefined {
  return METRICS[name] ?? (ANY_UTILIZATION.test(name) ? ['utilizationPct', 'pct'] : undefined);
}

function convert(kind: Kind, value: number, unit: string | undefined): number {
  const u = (unit ?? '').trim();
  switch (kind) {
    // "1" is the OpenTelemetry unit of a ratio (hw.gpu.utilization is 0..1).
    case 'pct':
      return u === '1' ? value * 100 : value;
    case 'mib':
      if (u === 'By') return value / (1024 * 1024);
      if (u === 'KiB') return value / 1024;
      if (u === 'GiB') return value * 1024;
      return value;
    case 'watts':
      return u === 'mW' ? value / 1000 : value;
    case 'plain':
      return value;
  }
}

function first(attrs: Map<string, Plain>, keys: readonly string[]): Plain | undefined {
  for (const k of keys) if (attrs.has(k)) return attrs.get(k);
  return undefined;
}

export interface OtlpGpu {
  device: GpuDevice;
  sample: GpuSample;
}

/** Samples from metric points, one per device and point time (a device's gauges merged). */
export function otlpGpuSamples(points: readonly MetricPoint[], nowMs: number): OtlpGpu[] {
  const byKey = new Map<string, OtlpGpu>();
  for (const p of points) {
    if (p.value === undefined || !Number.isFinite(p.value) || (p.type !== 'gauge' && p.type !== 'sum')) continue;
    const mapped = gpuMetricField(p.name);
    if (!mapped) continue;
    const [field, kind] = mapped;
    const attrs = attrMap(p.attributes);
    const index = num(first(attrs, INDEX_KEYS)) ?? 0;
    const uuid = str(first(attrs, UUID_KEYS));
    const name = str(first(attrs, NAME_KEYS));
    // Without a uuid, "GPU 0" of two services may be two machines' GPUs: keep them apart.
    const id = uuid ? `otlp:${uuid}` : `otlp:${p.service}:${index}`;
    const ns = BigInt(p.timeUnixNano);
    const timeMs = ns > 0n ? Number(ns / 1_000_000n) : nowMs;
    const key = `${id}\n${timeMs}`;
    let g = byKey.get(key);
    if (!g) {
      g = {
        device: assign<GpuDevice>({ id, source: 'otlp', index, service: p.service }, { uuid, name }),
        sample: assign<GpuSample>({ timeMs, device: id, index, source: 'otlp' }, { uuid }),
      };
      byKey.set(key, g);
    }
    const value = Math.round(convert(kind, p.value, p.unit) * 100) / 100;
    g.sample[field] = value;
    if (field === 'memoryTotalMiB') g.device.memoryTotalMiB = value;
    if (field === 'powerLimitW') g.device.powerLimitW = value;
  }
  return [...byKey.values()];
}
