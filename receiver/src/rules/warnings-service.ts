// Connects the rules engine to the live receiver: new LLM calls from the store and GPU samples
// go in; warnings come out as events, and are remembered per trace and span so that summaries
// can carry them. The engine itself stays pure.
import { EventEmitter } from 'node:events';
import type { LlmCallRow } from '../contract/model';
import type { Warning, WarningChange } from '../contract/warnings';
import type { RulesConfig } from './config';
import { RulesEngine, type GpuObservation } from './engine';

const TICK_MS = 5000;
const REMEMBERED_SPANS = 20_000;

export interface WarningsEvents {
  changes: [changes: WarningChange[]];
}

export class WarningsService extends EventEmitter<WarningsEvents> {
  private readonly engine: RulesEngine;
  /** Warning ids raised or updated by a span, and the traces they belong to (bounded). */
  private readonly bySpan = new Map<string, Set<string>>();
  private readonly byTrace = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;
  private readonly startedMs: number;

  constructor(private readonly config: RulesConfig, private readonly now: () => number = Date.now) {
    super();
    this.engine = new RulesEngine(config);
    this.startedMs = now();
    this.timer = setInterval(() => this.publish(this.engine.tick(this.now())), TICK_MS);
    this.timer.unref();
  }

  observeCalls(rows: LlmCallRow[]): void {
    const changes: WarningChange[] = [];
    for (const r of rows) {
      if (r.spanClass !== 'llm') continue;
      const startMs = Number(BigInt(r.startTimeUnixNano) / 1_000_000n);
      const found = this.engine.observeCall({
        traceId: r.traceId,
        spanId: r.spanId,
        service: r.service,
        ...(r.operation ? { operation: r.operation } : {}),
        ...(r.model ? { model: r.model } : {}),
        endMs: startMs + r.durationMs,
        durationMs: r.durationMs,
        ...(r.ttftMs !== undefined ? { ttftMs: r.ttftMs } : {}),
        ...(r.totalTokens !== undefined ? { totalTokens: r.totalTokens } : {}),
        costUsd: r.costUsd,
        error: r.hasError,
      });
      for (const c of found) if (c.change !== 'cleared') this.remember(r.traceId, r.spanId, c.warning.id);
      changes.push(...found);
    }
    this.publish(changes);
  }

  observeGpu(sample: GpuObservation): void {
    this.publish(this.engine.observeGpu(sample));
  }

  /** The session is this receiver's run: its spend and budget, for the cost dashboard. */
  session(): { startedMs: number; costUsd: number; budgetUsd: number | null } {
    return { startedMs: this.startedMs, ...this.engine.session() };
  }

  /** The thresholds in force, for charts that draw them. */
  rules(): RulesConfig {
    return this.config;
  }

  active(): Warning[] {
    return this.engine.activeWarnings();
  }

  recent(): Warning[] {
    return this.engine.recentWarnings();
  }

  /** Ids of the warnings a span raised or updated (active or not). */
  forSpan(spanId: string): string[] {
    return [...(this.bySpan.get(spanId) ?? [])];
  }

  forTrace(traceId: string): string[] {
    return [...(this.byTrace.get(traceId) ?? [])];
  }

  close(): void {
    clearInterval(this.timer);
  }

  private remember(traceId: string, spanId: string, id: string): void {
    for (const [map, key] of [
      [this.bySpan, spanId],
      [this.byTrace, traceId],
    ] as const) {
      let ids = map.get(key);
      if (!ids) {
        if (map.size >= REMEMBERED_SPANS) map.delete(map.keys().next().value!);
        map.set(key, (ids = new Set()));
      }
      ids.add(id);
    }
  }

  private publish(changes: WarningChange[]): void {
    if (changes.length) this.emit('changes', changes);
  }
}
