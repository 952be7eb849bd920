// Threshold warnings, as the query API and event stream carry them. Types only.

export type RuleId =
  | 'call-latency'
  | 'call-ttft'
  | 'call-tokens'
  | 'call-cost'
  | 'call-error'
  | 'error-rate'
  | 'p95-latency'
  | 'cost-per-hour'
  | 'session-budget'
  | 'gpu-utilization'
  | 'gpu-memory'
  | 'gpu-temperature'
  | 'anomaly-latency'
  | 'anomaly-tokens';

export type Severity = 'info' | 'warning' | 'error';

export type WarningSubject =
  /** Calls of one operation and model: the span is the latest call that crossed the line. */
  | { kind: 'calls'; service: string; operation: string; model: string; traceId: string; spanId: string }
  | { kind: 'window'; service: string | null }
  | { kind: 'session' }
  | { kind: 'gpu'; device: string };

export interface Warning {
  /** Stable for one rule and subject: the same condition updates one warning. */
  id: string;
  rule: RuleId;
  severity: Severity;
  subject: WarningSubject;
  message: string;
  value: number;
  threshold: number;
  unit: string;
  firstMs: number;
  lastMs: number;
  /** How many times the condition was seen while the warning was active. */
  count: number;
  active: boolean;
  clearedMs?: number;
}

export interface WarningChange {
  change: 'raised' | 'updated' | 'cleared';
  warning: Warning;
}

/** Every rule's threshold (`GET /api/rules`); null turns a rule off. */
export interface RulesConfig {
  callLatencyMs: number | null;
  callTtftMs: number | null;
  callTotalTokens: number | null;
  callCostUsd: number | null;
  callError: boolean;
  /** Sliding window for error rate and p95 latency. */
  windowMs: number;
  /** Fewest calls in the window before rates and percentiles mean anything. */
  windowMinCalls: number;
  errorRatePct: number | null;
  p95LatencyMs: number | null;
  costPerHourUsd: number | null;
  sessionBudgetUsd: number | null;
  gpuUtilizationPct: number | null;
  /** How long utilisation must stay above the threshold. */
  gpuUtilizationForMs: number;
  gpuMemoryPct: number | null;
  gpuTemperatureC: number | null;
  /** A GPU warning clears only this far below its threshold (no flapping at the line). */
  gpuHysteresis: number;
  anomaly: {
    enabled: boolean;
    /** Calls of the same operation and model needed before "unusual" means anything. */
    minSamples: number;
    /** Robust z-score (distance from the median in scaled MADs) beyond which a call is unusual. */
    zScore: number;
    /** And at least this many times the median, so tight histories do not flag small wobbles. */
    minRatio: number;
    /** Calls remembered per operation and model. */
    history: number;
  };
}
