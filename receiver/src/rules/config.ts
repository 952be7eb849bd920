// Rule thresholds. null turns a rule off; every rule has a sensible default.

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

export const DEFAULT_RULES: RulesConfig = {
  callLatencyMs: 30_000,
  callTtftMs: 10_000,
  callTotalTokens: 100_000,
  callCostUsd: 1,
  callError: true,
  windowMs: 5 * 60_000,
  windowMinCalls: 10,
  errorRatePct: 20,
  p95LatencyMs: 20_000,
  costPerHourUsd: 10,
  sessionBudgetUsd: null,
  gpuUtilizationPct: 95,
  gpuUtilizationForMs: 60_000,
  gpuMemoryPct: 95,
  gpuTemperatureC: 85,
  gpuHysteresis: 5,
  anomaly: { enabled: true, minSamples: 20, zScore: 6, minRatio: 3, history: 200 },
};
