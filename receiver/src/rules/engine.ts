// The threshold-warning rules engine. Pure: LLM calls and GPU samples go in, warning changes come
// out; the caller supplies the clock through the observations, so it runs the same in tests and
// in the receiver. A condition raises one warning, updates it while it holds, and clears it when
// it ends; nothing is raised twice for the same rule and subject.
import type { RuleId, Severity, Warning, WarningChange, WarningSubject } from '../contract/warnings';
import type { RulesConfig } from './config';
import { mad, median, percentile } from './stats';

export interface CallObservation {
  traceId: string;
  spanId: string;
  service: string;
  operation?: string;
  model?: string;
  /** When the call ended, epoch ms. */
  endMs: number;
  durationMs: number;
  ttftMs?: number;
  totalTokens?: number;
  costUsd: number | null;
  error: boolean;
}

export interface GpuObservation {
  device: string;
  timeMs: number;
  utilizationPct?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  temperatureC?: number;
}

const RECENT = 200;
const HOUR_MS = 3_600_000;

interface WindowCall {
  endMs: number;
  durationMs: number;
  error: boolean;
  costUsd: number;
}

function fmt(n: number, digits = 2): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export class RulesEngine {
  private readonly active = new Map<string, Warning>();
  private readonly cleared: Warning[] = [];
  private window: WindowCall[] = [];
  private sessionCostUsd = 0;
  private readonly groups = new Map<string, { latency: number[]; tokens: number[] }>();
  private readonly gpuAbove = new Map<string, number>();

  constructor(private readonly config: RulesConfig) {}

  /** Active warnings, newest first. */
  activeWarnings(): Warning[] {
    return [...this.active.values()].sort((a, b) => b.lastMs - a.lastMs);
  }

  /** Spend since this engine started, against the session budget (null: no budget set). */
  session(): { costUsd: number; budgetUsd: number | null } {
    return { costUsd: this.sessionCostUsd, budgetUsd: this.config.sessionBudgetUsd };
  }

  /** Cleared warnings, newest first (the last RECENT). */
  recentWarnings(): Warning[] {
    return [...this.cleared].reverse();
  }

  observeCall(c: CallObservation): WarningChange[] {
    const changes: WarningChange[] = [];
    const cfg = this.config;
    const operation = c.operation ?? 'call';
    const model = c.model ?? 'unknown model';
    const group = `${c.service}|${operation}|${model}`;
    const subject: WarningSubject = { kind: 'calls', service: c.service, operation, model, traceId: c.traceId, spanId: c.spanId };
    const label = `${operation} ${model}`;
    const perCall = (rule: RuleId, severity: Severity, value: number | undefined, threshold: number | null, unit: string, what: string): void => {
      if (threshold === null || value === undefined) return;
      const id = `${rule}:${group}`;
      if (value > threshold) {
        this.raise(changes, { id, rule, severity, subject, value, threshold, unit, now: c.endMs, message: `${label}: ${what} ${fmt(value)} ${unit} > ${fmt(threshold)} ${unit}` });
      } else {
        this.clear(changes, id, c.endMs);
      }
    };
    perCall('call-latency', 'warning', c.durationMs, cfg.callLatencyMs, 'ms', 'latency');
    perCall('call-ttft', 'warning', c.ttftMs, cfg.callTtftMs, 'ms', 'time to first token');
    perCall('call-tokens', 'warning', c.totalTokens, cfg.callTotalTokens, 'tokens', 'total tokens');
    perCall('call-cost', 'warning', c.costUsd ?? undefined, cfg.callCostUsd, 'USD', 'cost');
    if (cfg.callError) {
      const id = `call-error:${group}`;
      if (c.error) this.raise(changes, { id, rule: 'call-error', severity: 'error', subject, value: 1, threshold: 0, unit: 'errors', now: c.endMs, message: `${label} failed` });
      else this.clear(changes, id, c.endMs);
    }
    if (cfg.anomaly.enabled) this.anomalies(changes, c, group, subject, label);

    this.window.push({ endMs: c.endMs, durationMs: c.durationMs, error: c.error, costUsd: c.costUsd ?? 0 });
    this.sessionCostUsd += c.costUsd ?? 0;
    this.windowRules(changes, c.endMs);
    return changes;
  }

  observeGpu(g: GpuObservation): WarningChange[] {
    const changes: WarningChange[] = [];
    const cfg = this.config;
    const subject: WarningSubject = { kind: 'gpu', device: g.device };
    const hyst = cfg.gpuHysteresis;
    if (cfg.gpuUtilizationPct !== null && g.utilizationPct !== undefined) {
      const id = `gpu-utilization:${g.device}`;
      const thr = cfg.gpuUtilizationPct;
      if (g.utilizationPct > thr) {
        const since = this.gpuAbove.get(g.device) ?? g.timeMs;
        this.gpuAbove.set(g.device, since);
        if (g.timeMs - since >= cfg.gpuUtilizationForMs) {
          const secs = Math.round((g.timeMs - since) / 1000);
          this.raise(changes, { id, rule: 'gpu-utilization', severity: 'warning', subject, value: g.utilizationPct, threshold: thr, unit: '%', now: g.timeMs, message: `GPU ${g.device} utilisation ${fmt(g.utilizationPct)}% > ${fmt(thr)}% for ${secs} s` });
        }
      } else if (g.utilizationPct < thr - hyst) {
        this.gpuAbove.delete(g.device);
        this.clear(changes, id, g.timeMs);
      }
    }
    const level = (rule: RuleId, severity: Severity, value: number | undefined, thr: number | null, unit: string, what: string): void => {
      if (thr === null || value === undefined) return;
      const id = `${rule}:${g.device}`;
      if (value > thr) this.raise(changes, { id, rule, severity, subject, value, threshold: thr, unit, now: g.timeMs, message: `GPU ${g.device} ${what} ${fmt(value, 1)}${unit === '%' ? '%' : ` ${unit}`} > ${fmt(thr)}${unit === '%' ? '%' : ` ${unit}`}` });
      else if (value < thr - hyst) this.clear(changes, id, g.timeMs);
    };
    const memPct =
      g.memoryUsedMiB !== undefined && g.memoryTotalMiB !== undefined && g.memoryTotalMiB > 0
        ? (g.memoryUsedMiB / g.memoryTotalMiB) * 100
        : undefined;
    level('gpu-memory', 'warning', memPct, cfg.gpuMemoryPct, '%', 'memory');
    level('gpu-temperature', 'error', g.temperatureC, cfg.gpuTemperatureC, '°C', 'temperature');
    return changes;
  }

  /** Lets window rules clear as their window empties, without new calls. */
  tick(nowMs: number): WarningChange[] {
    const changes: WarningChange[] = [];
    this.windowRules(changes, nowMs);
    return changes;
  }

  private anomalies(changes: WarningChange[], c: CallObservation, group: string, subject: WarningSubject, label: string): void {
    const a = this.config.anomaly;
    let h = this.groups.get(group);
    if (!h) this.groups.set(group, (h = { latency: [], tokens: [] }));
    const check = (rule: RuleId, series: number[], value: number | undefined, unit: string, what: string): void => {
      if (value === undefined) return;
      const id = `${rule}:${group}`;
      if (series.length >= a.minSamples) {
        const med = median(series);
        // A flat history has MAD 0; fall back to a small share of the median as its spread.
        const spread = Math.max(mad(series, med), med * 0.05, 1e-9);
        const z = (value - med) / spread;
        if (z > a.zScore && value >= a.minRatio * med) {
          this.raise(changes, {
            id,
            rule,
            severity: 'warning',
            subject,
            value,
            threshold: med,
            unit,
            now: c.endMs,
            message: `${label}: ${what} ${fmt(value)} ${unit} is ${fmt(value / med, 1)}× the usual ${fmt(med)} ${unit}`,
          });
        } else {
          this.clear(changes, id, c.endMs);
        }
      }
      series.push(value);
      if (series.length > a.history) series.shift();
    };
    check('anomaly-latency', h.latency, c.durationMs, 'ms', 'latency');
    check('anomaly-tokens', h.tokens, c.totalTokens, 'tokens', 'tokens');
  }

  private windowRules(changes: WarningChange[], now: number): void {
    const cfg = this.config;
    const keepFrom = now - Math.max(cfg.windowMs, HOUR_MS);
    if (this.window.length && this.window[0]!.endMs < keepFrom) this.window = this.window.filter((w) => w.endMs >= keepFrom);
    const recent = this.window.filter((w) => w.endMs >= now - cfg.windowMs && w.endMs <= now);
    const subject: WarningSubject = { kind: 'window', service: null };
    const minutes = Math.round(cfg.windowMs / 60_000);
    const enough = recent.length >= cfg.windowMinCalls;
    if (cfg.errorRatePct !== null) {
      const rate = enough ? (recent.filter((w) => w.error).length / recent.length) * 100 : 0;
      if (enough && rate > cfg.errorRatePct) {
        this.raise(changes, { id: 'error-rate', rule: 'error-rate', severity: 'error', subject, value: rate, threshold: cfg.errorRatePct, unit: '%', now, message: `${fmt(rate, 1)}% of the last ${recent.length} calls (${minutes} min) failed, > ${fmt(cfg.errorRatePct)}%` });
      } else this.clear(changes, 'error-rate', now);
    }
    if (cfg.p95LatencyMs !== null) {
      const p95 = enough ? percentile(recent.map((w) => w.durationMs), 95) : 0;
      if (enough && p95 > cfg.p95LatencyMs) {
        this.raise(changes, { id: 'p95-latency', rule: 'p95-latency', severity: 'warning', subject, value: p95, threshold: cfg.p95LatencyMs, unit: 'ms', now, message: `p95 latency of the last ${minutes} min is ${fmt(p95)} ms, > ${fmt(cfg.p95LatencyMs)} ms` });
      } else this.clear(changes, 'p95-latency', now);
    }
    if (cfg.costPerHourUsd !== null) {
      const hourCost = this.window.filter((w) => w.endMs >= now - HOUR_MS && w.endMs <= now).reduce((n, w) => n + w.costUsd, 0);
      if (hourCost > cfg.costPerHourUsd) {
        this.raise(changes, { id: 'cost-per-hour', rule: 'cost-per-hour', severity: 'warning', subject, value: hourCost, threshold: cfg.costPerHourUsd, unit: 'USD', now, message: `$${fmt(hourCost, 4)} spent in the last hour, > $${fmt(cfg.costPerHourUsd)}` });
      } else this.clear(changes, 'cost-per-hour', now);
    }
    if (cfg.sessionBudgetUsd !== null && this.sessionCostUsd > cfg.sessionBudgetUsd) {
      this.raise(changes, { id: 'session-budget', rule: 'session-budget', severity: 'error', subject: { kind: 'session' }, value: this.sessionCostUsd, threshold: cfg.sessionBudgetUsd, unit: 'USD', now, message: `session spend $${fmt(this.sessionCostUsd, 4)} is over the $${fmt(cfg.sessionBudgetUsd)} budget` });
    }
  }

  private raise(
    changes: WarningChange[],
    w: { id: string; rule: RuleId; severity: Severity; subject: WarningSubject; value: number; threshold: number; unit: string; now: number; message: string },
  ): void {
    const existing = this.active.get(w.id);
    if (existing) {
      existing.value = w.value;
      existing.threshold = w.threshold;
      existing.subject = w.subject;
      existing.message = w.message;
      existing.lastMs = Math.max(existing.lastMs, w.now);
      existing.count++;
      changes.push({ change: 'updated', warning: { ...existing } });
      return;
    }
    const warning: Warning = {
      id: w.id,
      rule: w.rule,
      severity: w.severity,
      subject: w.subject,
      message: w.message,
      value: w.value,
      threshold: w.threshold,
      unit: w.unit,
      firstMs: w.now,
      lastMs: w.now,
      count: 1,
      active: true,
    };
    this.active.set(w.id, warning);
    changes.push({ change: 'raised', warning: { ...warning } });
  }

  private clear(changes: WarningChange[], id: string, now: number): void {
    const w = this.active.get(id);
    if (!w) return;
    this.active.delete(id);
    w.active = false;
    w.clearedMs = now;
    this.cleared.push(w);
    if (this.cleared.length > RECENT) this.cleared.shift();
    changes.push({ change: 'cleared', warning: { ...w } });
  }
}
