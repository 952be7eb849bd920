// Durations and axis labels in the unit that suits the visible window (µs, ms or s).
import { scaleLinear } from 'd3';

const UNITS = [
  { unit: 'ns', ns: 1 },
  { unit: 'µs', ns: 1e3 },
  { unit: 'ms', ns: 1e6 },
  { unit: 's', ns: 1e9 },
] as const;

function unitFor(ns: number): (typeof UNITS)[number] {
  const a = Math.abs(ns);
  for (let i = UNITS.length - 1; i > 0; i--) if (a >= UNITS[i]!.ns) return UNITS[i]!;
  return UNITS[0];
}

/** "1.23 s", "850 ms", "12.4 µs": three significant digits at most. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const u = unitFor(ns);
  const v = ns / u.ns;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${u.unit}`;
}

export interface AxisTick {
  ns: number;
  label: string;
}

/** Ticks for [startNs, endNs], labelled in one unit chosen from the window's width. */
export function axisTicks(startNs: number, endNs: number, count: number): AxisTick[] {
  const u = unitFor(Math.max(endNs - startNs, 1) / 2);
  const scale = scaleLinear().domain([startNs / u.ns, endNs / u.ns]);
  const n = Math.max(2, Math.round(count));
  const format = scale.tickFormat(n);
  return scale.ticks(n).map((v) => ({ ns: v * u.ns, label: `${format(v)} ${u.unit}` }));
}
