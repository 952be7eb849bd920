// The rules engine on synthetic series: per-call thresholds, sliding windows, GPU conditions with
// duration and hysteresis, robust anomaly detection; raised once, updated, cleared.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WarningChange } from '../../receiver/src/contract/warnings';
import { DEFAULT_RULES, type RulesConfig } from '../../receiver/src/rules/config';
import { RulesEngine, type CallObservation } from '../../receiver/src/rules/engine';
import { mad, median, percentile } from '../../receiver/src/rules/stats';

const T0 = 1_700_000_000_000;
let span = 0;

function call(over: Partial<CallObservation> = {}): CallObservation {
  span++;
  return {
    traceId: `t${span}`,
    spanId: `s${span}`,
    service: 'svc',
    operation: 'chat',
    model: 'gpt-4o-mini',
    endMs: T0 + span * 1000,
    durationMs: 1000,
    totalTokens: 500,
    costUsd: 0.001,
    error: false,
    ...over,
  };
}

function engine(over: Partial<RulesConfig> = {}): RulesEngine {
  // Only the rule under test speaks unless a test turns others on.
  const quiet: RulesConfig = {
    ...DEFAULT_RULES,
    callLatencyMs: null,
    callTtftMs: null,
    callTotalTokens: null,
    callCostUsd: null,
    callError: false,
    errorRatePct: null,
    p95LatencyMs: null,
    costPerHourUsd: null,
    sessionBudgetUsd: null,
    gpuUtilizationPct: null,
    gpuMemoryPct: null,
    gpuTemperatureC: null,
    anomaly: { ...DEFAULT_RULES.anomaly, enabled: false },
  };
  return new RulesEngine({ ...quiet, ...over });
}

const kinds = (changes: WarningChange[]): string[] => changes.map((c) => `${c.change} ${c.warning.rule}`);

describe('robust statistics', () => {
  it('computes median, scaled MAD and nearest-rank percentiles', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(mad([1, 2, 3, 4, 100]), 1.4826);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
  });
});

describe('per-call rules', () => {
  it('raises a latency warning once, updates it, and clears it on the next normal call', () => {
    const e = engine({ callLatencyMs: 5000 });
    assert.deepEqual(kinds(e.observeCall(call({ durationMs: 6000 }))), ['raised call-latency']);
    const again = e.observeCall(call({ durationMs: 8000 }));
    assert.deepEqual(kinds(again), ['updated call-latency']);
    const w = again[0]!.warning;
    assert.equal(w.count, 2);
    assert.equal(w.value, 8000);
    assert.equal(w.threshold, 5000);
    assert.equal(w.unit, 'ms');
    assert.equal(w.subject.kind === 'calls' && w.subject.spanId, `s${span}`, 'points at the latest offending call');
    assert.match(w.message, /chat gpt-4o-mini: latency 8000 ms > 5000 ms/);
    assert.equal(e.activeWarnings().length, 1);
    assert.deepEqual(kinds(e.observeCall(call({ durationMs: 1000 }))), ['cleared call-latency']);
    assert.equal(e.activeWarnings().length, 0);
    const recent = e.recentWarnings()[0]!;
    assert.equal(recent.active, false);
    assert.ok(recent.clearedMs! > recent.firstMs);
  });

  it('keeps calls of different models apart', () => {
    const e = engine({ callLatencyMs: 5000 });
    e.observeCall(call({ durationMs: 9000, model: 'a' }));
    e.observeCall(call({ durationMs: 9000, model: 'b' }));
    assert.equal(e.activeWarnings().length, 2);
    e.observeCall(call({ durationMs: 10, model: 'a' }));
    assert.deepEqual(e.activeWarnings().map((w) => w.subject.kind === 'calls' && w.subject.model), ['b']);
  });

  it('checks time to first token, tokens, cost and errors; null turns a rule off', () => {
    const e = engine({ callTtftMs: 2000, callTotalTokens: 10_000, callCostUsd: 0.5, callError: true });
    const changes = e.observeCall(call({ ttftMs: 2500, totalTokens: 20_000, costUsd: 0.75, error: true }));
    assert.deepEqual(kinds(changes).sort(), ['raised call-cost', 'raised call-error', 'raised call-tokens', 'raised call-ttft']);
    assert.equal(changes.find((c) => c.warning.rule === 'call-error')!.warning.severity, 'error');
    assert.deepEqual(kinds(engine().observeCall(call({ ttftMs: 1e9, totalTokens: 1e9, costUsd: 1e9, error: true, durationMs: 1e9 }))), []);
    const unknownCost = engine({ callCostUsd: 0.5 }).observeCall(call({ costUsd: null }));
    assert.deepEqual(unknownCost, [], 'an unknown cost is not a cost over the line');
  });
});

describe('window rules', () => {
  it('raises on error rate over the window once enough calls were seen, and clears as the window empties', () => {
    const e = engine({ errorRatePct: 20, windowMinCalls: 10, windowMs: 5 * 60_000 });
    const start = span;
    const all: WarningChange[] = [];
    for (let i = 0; i < 9; i++) all.push(...e.observeCall(call({ error: i < 3 })));
    assert.deepEqual(all, [], 'nine calls are not enough to judge a rate');
    const tenth = e.observeCall(call());
    assert.deepEqual(kinds(tenth), ['raised error-rate']);
    assert.equal(tenth[0]!.warning.value, 30);
    assert.match(tenth[0]!.warning.message, /30% of the last 10 calls \(5 min\) failed, > 20%/);
    const later = T0 + (start + 10) * 1000 + 6 * 60_000;
    assert.deepEqual(kinds(e.tick(later)), ['cleared error-rate']);
  });

  it('raises on p95 latency', () => {
    const e = engine({ p95LatencyMs: 3000, windowMinCalls: 20 });
    let changes: WarningChange[] = [];
    for (let i = 0; i < 19; i++) changes = changes.concat(e.observeCall(call({ durationMs: 1000 })));
    changes = changes.concat(e.observeCall(call({ durationMs: 9000 })));
    assert.deepEqual(kinds(changes), [], 'one slow call in 20 is the p95 boundary, not above it');
    changes = e.observeCall(call({ durationMs: 9000 }));
    assert.deepEqual(kinds(changes), ['raised p95-latency']);
    assert.equal(changes[0]!.warning.value, 9000);
  });

  it('tracks cost per hour and a session budget', () => {
    const e = engine({ costPerHourUsd: 1, sessionBudgetUsd: 1.5 });
    assert.deepEqual(kinds(e.observeCall(call({ costUsd: 0.6 }))), []);
    assert.deepEqual(kinds(e.observeCall(call({ costUsd: 0.6 }))), ['raised cost-per-hour']);
    const last = call({ costUsd: 0.6, endMs: T0 + 2 * 3_600_000 });
    // Two hours later the hour holds one call (under $1); the session has spent $1.80 (over $1.50).
    assert.deepEqual(kinds(e.observeCall(last)).sort(), ['cleared cost-per-hour', 'raised session-budget']);
    const budget = e.activeWarnings().find((w) => w.rule === 'session-budget')!;
    assert.equal(budget.severity, 'error');
    assert.ok(Math.abs(budget.value - 1.8) < 1e-9);
  });
});

describe('GPU rules', () => {
  it('raises utilisation only after it stayed high long enough, and clears below the hysteresis band', () => {
    const e = engine({ gpuUtilizationPct: 95, gpuUtilizationForMs: 60_000, gpuHysteresis: 5 });
    const at = (s: number, u: number) => e.observeGpu({ device: '0', timeMs: T0 + s * 1000, utilizationPct: u });
    for (let s = 0; s < 60; s++) assert.deepEqual(at(s, 99), [], `${s} s`);
    assert.deepEqual(kinds(at(60, 99)), ['raised gpu-utilization']);
    assert.match(e.activeWarnings()[0]!.message, /GPU 0 utilisation 99% > 95% for 60 s/);
    assert.deepEqual(kinds(at(61, 98)), ['updated gpu-utilization']);
    assert.deepEqual(at(62, 92), [], 'between threshold and threshold - hysteresis: still active, not flapping');
    assert.deepEqual(kinds(at(63, 80)), ['cleared gpu-utilization']);
    // A dip resets the clock.
    for (let s = 64; s < 100; s++) at(s, 99);
    at(100, 50);
    assert.deepEqual(at(101, 99), []);
  });

  it('checks memory share and temperature per device', () => {
    const e = engine({ gpuMemoryPct: 90, gpuTemperatureC: 85 });
    const changes = e.observeGpu({ device: '1', timeMs: T0, memoryUsedMiB: 78_000, memoryTotalMiB: 81_559, temperatureC: 88 });
    assert.deepEqual(kinds(changes).sort(), ['raised gpu-memory', 'raised gpu-temperature']);
    assert.equal(changes.find((c) => c.warning.rule === 'gpu-temperature')!.warning.severity, 'error');
    assert.deepEqual(e.observeGpu({ device: '0', timeMs: T0, memoryUsedMiB: 1000, memoryTotalMiB: 81_559, temperatureC: 40 }), []);
    assert.deepEqual(kinds(e.observeGpu({ device: '1', timeMs: T0 + 1000, memoryUsedMiB: 1000, memoryTotalMiB: 81_559, temperatureC: 40 })).sort(), [
      'cleared gpu-memory',
      'cleared gpu-temperature',
    ]);
    assert.deepEqual(e.observeGpu({ device: '2', timeMs: T0 }), [], 'fields a GPU does not report are not judged');
  });
});

describe('anomaly detection', () => {
  const anomalyRules = (): RulesEngine => engine({ anomaly: { enabled: true, minSamples: 20, zScore: 6, minRatio: 3, history: 200 } });

  it('flags a call far outside the history of its operation and model, with no threshold set', () => {
    const e = anomalyRules();
    let noise = 0;
    for (let i = 0; i < 30; i++) {
      noise = (noise * 31 + 17) % 101; // deterministic jitter, 950-1050 ms and 480-520 tokens
      assert.deepEqual(e.observeCall(call({ durationMs: 950 + noise, totalTokens: 480 + (noise % 41) })), []);
    }
    const slow = e.observeCall(call({ durationMs: 5200 }));
    assert.deepEqual(kinds(slow), ['raised anomaly-latency']);
    assert.match(slow[0]!.warning.message, /latency 5200 ms is 5\.\d× the usual/);
    assert.deepEqual(kinds(e.observeCall(call({ durationMs: 1000 }))), ['cleared anomaly-latency']);
    assert.deepEqual(e.observeCall(call({ durationMs: 1400 })), [], 'a mild wobble is not an anomaly');
    assert.deepEqual(kinds(e.observeCall(call({ totalTokens: 9000 }))), ['raised anomaly-tokens']);
    // Another model has its own history: the same latency is not judged before minSamples.
    assert.deepEqual(e.observeCall(call({ model: 'other', durationMs: 60_000 })), []);
  });

  it('waits for enough samples', () => {
    const e = anomalyRules();
    for (let i = 0; i < 10; i++) e.observeCall(call({ durationMs: 1000 }));
    assert.deepEqual(e.observeCall(call({ durationMs: 10_000 })), []);
  });

  it('copes with a perfectly flat history', () => {
    const e = anomalyRules();
    for (let i = 0; i < 25; i++) e.observeCall(call({ durationMs: 1000 }));
    assert.deepEqual(e.observeCall(call({ durationMs: 1100 })), []);
    assert.deepEqual(kinds(e.observeCall(call({ durationMs: 4000 }))), ['raised anomaly-latency']);
  });
});
