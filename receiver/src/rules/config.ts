// Rule thresholds. null turns a rule off; every rule has a sensible default.
import type { RulesConfig } from '../contract/warnings';

export type { RulesConfig };

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

type NumberRule = { [K in keyof RulesConfig]: RulesConfig[K] extends number | null ? K : never }[keyof RulesConfig];

const NULLABLE = new Set<string>([
  'callLatencyMs',
  'callTtftMs',
  'callTotalTokens',
  'callCostUsd',
  'errorRatePct',
  'p95LatencyMs',
  'costPerHourUsd',
  'sessionBudgetUsd',
  'gpuUtilizationPct',
  'gpuMemoryPct',
  'gpuTemperatureC',
]);

/**
 * Applies one `NAME=VALUE` setting (the CLI's --rule flag): a number, or `off` for the rules that
 * can be turned off; `callError` and `anomaly.enabled` take true/false, `anomaly.*` numbers.
 */
export function applyRuleSetting(config: RulesConfig, spec: string): void {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq).trim();
  const raw = spec.slice(eq + 1).trim();
  if (eq <= 0 || !raw) throw new Error(`rule "${spec}" must look like NAME=VALUE, e.g. callLatencyMs=5000 or sessionBudgetUsd=off`);
  if (name === 'callError' || name === 'anomaly.enabled') {
    if (raw !== 'true' && raw !== 'false' && raw !== 'off') throw new Error(`rule ${name} takes true or false`);
    if (name === 'callError') config.callError = raw === 'true';
    else config.anomaly.enabled = raw === 'true';
    return;
  }
  const value = raw === 'off' ? null : Number(raw);
  if (value !== null && (!Number.isFinite(value) || value < 0)) throw new Error(`rule ${name} takes a non-negative number${NULLABLE.has(name) ? ' or off' : ''}, got "${raw}"`);
  if (name.startsWith('anomaly.')) {
    const key = name.slice('anomaly.'.length) as keyof RulesConfig['anomaly'];
    if (key === 'enabled' || !(key in config.anomaly) || value === null) throw new Error(`unknown or invalid rule ${name}`);
    config.anomaly[key] = value;
    return;
  }
  if (!(name in config) || typeof config[name as keyof RulesConfig] === 'object' && config[name as keyof RulesConfig] !== null) {
    throw new Error(`unknown rule ${name}; known: ${Object.keys(config).filter((k) => k !== 'anomaly').join(', ')}, anomaly.*`);
  }
  if (value === null && !NULLABLE.has(name)) throw new Error(`rule ${name} cannot be turned off`);
  (config as Record<NumberRule, number | null>)[name as NumberRule] = value;
}
