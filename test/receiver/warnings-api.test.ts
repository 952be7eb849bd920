// Threshold warnings through the running receiver: real traffic crosses a line, the warning
// appears on the event stream, in /api/warnings and on the trace, call and span that raised it,
// and clears when a later call is back under the line.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { LlmCallsResponse, StreamEvent, TraceDetailResponse, TraceListResponse, WarningsResponse } from '../../receiver/src/contract/api';
import { CLI, getJson, removeDir, startReceiverProcess } from '../helpers/receiver-process';
import { hexId } from '../helpers/otlp-payloads';
import type { RulesConfig } from '../../receiver/src/contract/warnings';
import { DEFAULT_RULES } from '../../receiver/src/rules/config';
import { eventStream } from '../helpers/sse';

function llmSpan(traceId: string, spanId: string, durationMs: number) {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'warn-svc' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId,
                spanId,
                name: 'chat gpt-4o-mini',
                kind: 3,
                startTimeUnixNano: String(start),
                endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n),
                attributes: [
                  { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                  { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                  { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
                  { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } },
                  { key: 'gen_ai.usage.output_tokens', value: { intValue: '5' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('warnings in the query API', () => {
  it('raises on real traffic, carries the warning on trace, call and span, and clears it', async () => {
    const rx = await startReceiverProcess({ args: ['--rule', 'callLatencyMs=500', '--rule', 'anomaly.enabled=false'] });
    try {
      const rules = await getJson<RulesConfig>(`${rx.base}/api/rules`);
      assert.equal(rules.callLatencyMs, 500, 'the thresholds in force, --rule included');
      assert.equal(rules.anomaly.enabled, false);
      assert.equal(rules.gpuTemperatureC, DEFAULT_RULES.gpuTemperatureC);
      const events = await eventStream(rx.base);
      const nextOf = (type: StreamEvent['type']): Promise<StreamEvent> => events.next(type);
      await nextOf('hello');
      const slowTrace = hexId(16);
      const slowSpan = hexId(8);
      const post = async (body: unknown): Promise<void> => {
        const r = await fetch(`${rx.base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal(r.status, 200);
      };
      await post(llmSpan(slowTrace, slowSpan, 1200));
      const raised = await nextOf('warnings');
      assert.ok(raised.type === 'warnings');
      const change = raised.changes[0]!;
      assert.equal(change.change, 'raised');
      assert.equal(change.warning.rule, 'call-latency');
      assert.equal(change.warning.value, 1200);
      assert.equal(change.warning.threshold, 500);
      assert.deepEqual(change.warning.subject, { kind: 'calls', service: 'warn-svc', operation: 'chat', model: 'gpt-4o-mini', traceId: slowTrace, spanId: slowSpan });

      const active = await getJson<WarningsResponse>(`${rx.base}/api/warnings`);
      assert.deepEqual(active.active.map((w) => w.id), [change.warning.id]);
      const list = await getJson<TraceListResponse>(`${rx.base}/api/traces`);
      assert.deepEqual(list.traces.find((t) => t.traceId === slowTrace)!.warnings, [change.warning.id]);
      const calls = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`);
      assert.deepEqual(calls.calls.find((c) => c.spanId === slowSpan)!.warnings, [change.warning.id]);
      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${slowTrace}`);
      assert.deepEqual(detail.spans[0]!.warnings, [change.warning.id]);
      assert.deepEqual(detail.summary.warnings, [change.warning.id]);

      await post(llmSpan(hexId(16), hexId(8), 100));
      const cleared = await nextOf('warnings');
      assert.ok(cleared.type === 'warnings');
      assert.equal(cleared.changes[0]!.change, 'cleared');
      const after = await getJson<WarningsResponse>(`${rx.base}/api/warnings`);
      assert.equal(after.active.length, 0);
      assert.equal(after.recent[0]!.id, change.warning.id);
      assert.equal(after.recent[0]!.active, false);
      await events.close();
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });

  it('rejects a malformed --rule with a clear message', async () => {
    const run = async (rule: string): Promise<string> => {
      try {
        await promisify(execFile)(process.execPath, [CLI, 'serve', '--rule', rule], { timeout: 10000 });
        return '';
      } catch (err) {
        const e = err as { code: number; stderr: string };
        assert.equal(e.code, 2);
        return e.stderr;
      }
    };
    assert.match(await run('callLatency=5'), /unknown rule callLatency/);
    assert.match(await run('callLatencyMs=fast'), /takes a non-negative number or off/);
    assert.match(await run('windowMs=off'), /cannot be turned off/);
    assert.match(await run('nonsense'), /NAME=VALUE/);
  });
});
