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
