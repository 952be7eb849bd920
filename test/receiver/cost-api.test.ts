// The cost dashboard's and CodeLens's receiver side, fed by the real OpenTelemetry JS SDK over
// OTLP/protobuf: /api/cost totals by model, service, cost source and time; /api/call-sites from
// `code.*` attributes (both generations of names) and exception stack traces; the previous call
// of an operation; and the stack-trace reader on its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { CallSitesResponse, CostResponse, LlmCallsResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import { appFrame } from '../../receiver/src/pipeline/code-location';
import { bucketFor } from '../../receiver/src/api/cost';
import { samePath } from '../../receiver/src/api/call-sites';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const PY_TRACE = `Traceback (most recent call last):
  File "/srv/app/agent.py", line 88, in run
    answer = plan(question)
  File "/srv/app/agent.py", line 42, in plan
    return client.chat.completions.create(model="gpt-4o", messages=msgs)
  File "/srv/app/.venv/lib/python3.11/site-packages/openai/_utils/_utils.py", line 279, in wrapper
    return func(*args, **kwargs)
  File "/usr/lib/python3.11/json/decoder.py", line 355, in raw_decode
openai.RateLimitError: Error code: 429`;
const JS_TRACE = `Error: 429 Rate limit reached
    at APIError.generate (/srv/web/node_modules/openai/error.js:62:20)
    at async summarise (file:///srv/web/src/summary%20tool.mjs:17:9)
    at async node:internal/process/task_queues:95:5`;

describe('cost dashboard and call sites over the query API', () => {
  let rx: ReceiverProcess;
  before(async () => {
    rx = await startReceiverProcess({ args: ['--grpc-port', '0', '--price', 'local-llama=1,2', '--rule', 'sessionBudgetUsd=5'] });
    const send = async (service: string, calls: { model: string; start: number; ms: number; inTok?: number; outTok?: number; attrs?: Attributes; error?: string; op?: string }[]): Promise<void> => {
      const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, 0), service);
      const tracer = provider.getTracer('cost-test');
      for (const c of calls) {
        const root = tracer.startSpan('request', { startTime: new Date(c.start) });
        const span = tracer.startSpan(
          `chat ${c.model}`,
          {
            kind: SpanKind.CLIENT,
            startTime: new Date(c.start),
            attributes: {
              'gen_ai.operation.name': c.op ?? 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': c.model,
              ...(c.inTok !== undefined ? { 'gen_ai.usage.input_tokens': c.inTok } : {}),
              ...(c.outTok !== undefined ? { 'gen_ai.usage.output_tokens': c.outTok } : {}),
              ...c.attrs,
            },
          },
          trace.setSpan(ROOT_CONTEXT, root),
        );
        if (c.error) {
          span.addEvent('exception', { 'exception.type': 'RateLimitError', 'exception.stacktrace': c.error });
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end(new Date(c.start + c.ms));
        root.end(new Date(c.start + c.ms + 1));
      }
      await provider.forceFlush();
      await provider.shutdown();
    };
    await send('planner', [
      { model: 'gpt-4o', start: T0, ms: 900, inTok: 1000, outTok: 100, attrs: { 'code.filepath': '/srv/app/agent.py', 'code.lineno': 42, 'code.function': 'plan' } },
      { model: 'gpt-4o', start: T0 + 60_000, ms: 1100, inTok: 2000, outTok: 300, attrs: { 'code.file.path': 'agent.py', 'code.line.number': 42, 'code.function.name': 'agent.plan' } },
      { model: 'gpt-4o', start: T0 + 120_000, ms: 700, inTok: 500, outTok: 50, error: PY_TRACE },
      { model: 'mystery-model-x', start: T0 + 180_000, ms: 300, inTok: 10, outTok: 10 },
    ]);
    await send('summariser', [
      { model: 'local-llama', start: T0 + 30_000, ms: 2000, inTok: 1_000_000, outTok: 500_000, error: JS_TRACE, op: 'text_completion' },
      { model: 'gpt-4o', start: T0 + 240_000, ms: 400, attrs: { 'gen_ai.usage.cost': 0.5 } },
    ]);
    await eventually(async () => (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`)).calls.length === 6 || undefined);
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  it('sums tokens and cost by model, service and cost source, with a gap-free time series and the dearest calls', async () => {
    const c = await getJson<CostResponse>(`${rx.base}/api/cost`);
    assert.equal(c.totals.calls, 6);
    assert.equal(c.totals.inputTokens, 1000 + 2000 + 500 + 10 + 1_000_000);
    assert.equal(c.totals.unknownCostCalls, 1, 'the unknown model is counted, not priced at 0');
    assert.equal(c.from, T0);
    assert.equal(c.to, T0 + 240_000);
    // local-llama priced by --price at $1/$2 per million: 1 + 1 = $2; the reported $0.5 as is.
    const llama = c.byModel.find((m) => m.model === 'local-llama')!;
    assert.ok(Math.abs(llama.costUsd - 2) < 1e-9);
    assert.equal(c.byModel[0]!.model, 'local-llama', 'dearest model first');
    const gpt = c.byModel.find((m) => m.model === 'gpt-4o')!;
    assert.equal(gpt.calls, 4);
    assert.equal(gpt.provider, 'openai');
    assert.deepEqual(c.byService.map((s) => [s.service, s.calls]), [['summariser', 2], ['planner', 4]]);
    assert.deepEqual(Object.keys(c.bySource).sort(), ['computed', 'override', 'reported', 'unknown-model']);
    assert.equal(c.bySource.override!.calls, 1);
    assert.equal(c.bySource.reported!.costUsd, 0.5);
    assert.equal(c.bySource['unknown-model']!.calls, 1);
    const computed = c.bySource.computed!;
    assert.equal(computed.calls, 3);
    assert.ok(Math.abs(c.totals.costUsd - (2 + 0.5 + computed.costUsd)) < 1e-9);

    assert.equal(c.series.bucketMs, bucketFor(240_000));
    const sum = c.series.points.reduce((a, p) => a + p.calls, 0);
    assert.equal(sum, 6);
    assert.ok(c.series.points.some((p) => p.calls === 0) || c.series.points.length <= 6, 'empty buckets kept');
    for (let i = 1; i < c.series.points.length; i++) assert.equal(c.series.points[i]!.startMs - c.series.points[i - 1]!.startMs, c.series.bucketMs);

    // Per model over time: same models and order as byModel, one number per bucket, summing to byModel.
    assert.deepEqual(c.seriesByModel.map((m) => m.model), c.byModel.map((m) => m.model));
    for (const m of c.seriesByModel) {
      assert.equal(m.costUsd.length, c.series.points.length);
      assert.equal(m.tokens.length, c.series.points.length);
      const totals = c.byModel.find((b) => b.model === m.model)!;
      assert.ok(Math.abs(m.costUsd.reduce((a, x) => a + x, 0) - totals.costUsd) < 1e-9, m.model);
      assert.equal(m.tokens.reduce((a, x) => a + x, 0), totals.inputTokens + totals.outputTokens);
    }
    c.series.points.forEach((p, i) => {
      assert.ok(Math.abs(c.seriesByModel.reduce((a, m) => a + m.costUsd[i]!, 0) - p.costUsd) < 1e-9, `bucket ${i}`);
    });
    assert.equal(c.seriesByModel.find((m) => m.model === 'gpt-4o')!.provider, 'openai');

    assert.deepEqual(c.top.map((r) => r.model).slice(0, 2), ['local-llama', 'gpt-4o']);
    assert.ok(c.top.every((r) => (r.costUsd ?? 0) > 0));
    assert.equal(c.session.budgetUsd, 5);
    assert.ok(Math.abs(c.session.costUsd - c.totals.costUsd) < 1e-9, 'every call arrived during this session');

    const windowed = await getJson<CostResponse>(`${rx.base}/api/cost?from=${T0 + 50_000}&to=${T0 + 200_000}&service=planner&bucketMs=60000`);
    assert.equal(windowed.totals.calls, 3);
    assert.equal(windowed.series.bucketMs, 60_000);
    assert.equal((await fetch(`${rx.base}/api/cost?bucketMs=5`)).status, 400);
  });

  it('groups calls by call site from code.* attributes (old and new names) and stack traces, matching paths by suffix', async () => {
    // The editor asks with the workspace-relative path; the app may have reported an absolute path
    // (inside a container) or one relative to its working directory.
    const agent = await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?file=agent.py`);
    assert.equal(agent.sites.length, 2, 'an absolute path in the container and a relative one both match');
    assert.equal((await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?file=${encodeURIComponent('/home/dev/agent.py')}`)).sites.length, 1, 'two different absolute paths do not match');
    const all = agent.sites.flatMap((s) => s.latest);
    assert.equal(all.length, 3);
    assert.ok(agent.sites.every((s) => s.lineno === 42));
    const fromTrace = all.find((r) => r.code?.from === 'stacktrace')!;
    assert.deepEqual(fromTrace.code, { filepath: '/srv/app/agent.py', lineno: 42, function: 'plan', from: 'stacktrace' });

    const js = await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?file=src/summary%20tool.mjs`);
    assert.equal(js.sites.length, 1);
    assert.deepEqual([js.sites[0]!.lineno, js.sites[0]!.function], [17, 'summarise']);
    assert.equal((await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?file=gent.py`)).sites.length, 0, 'no match inside a file name');
    const every = await getJson<CallSitesResponse>(`${rx.base}/api/call-sites?limit=1`);
    assert.equal(every.sites.length, 3);
    assert.ok(every.sites.every((s) => s.latest.length === 1));
    assert.equal(every.sites.find((s) => s.filepath === '/srv/app/agent.py' && s.function === 'plan' && s.count === 2)?.count, 2);

    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${fromTrace.traceId}`);
    assert.equal(detail.spans.find((s) => s.spanId === fromTrace.spanId)!.code?.lineno, 42);
  });

  it('finds the previous call of the same operation and model, for "compare with previous"', async () => {
    const latest = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?operation=chat&model=gpt-4o&service=planner&limit=1`)).calls[0]!;
    assert.equal(latest.inputTokens, 500);
    const before = Number(BigInt(latest.startTimeUnixNano) / 1_000_000n) - 1;
    const prev = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?operation=chat&model=gpt-4o&service=planner&to=${before}&limit=1`)).calls[0]!;
    assert.equal(prev.inputTokens, 2000);
    assert.equal((await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?operation=text_completion`)).calls.length, 1);
  });
});

describe('call site helpers', () => {
  it('reads the innermost app frame of Python and V8 stack traces, skipping packages and the runtime', () => {
    assert.deepEqual(appFrame(PY_TRACE), { filepath: '/srv/app/agent.py', lineno: 42, function: 'plan', from: 'stacktrace' });
    assert.deepEqual(appFrame(JS_TRACE), { filepath: '/srv/web/src/summary tool.mjs', lineno: 17, column: 9, function: 'summarise', from: 'stacktrace' });
    assert.deepEqual(appFrame('    at /srv/web/index.js:3:1'), { filepath: '/srv/web/index.js', lineno: 3, column: 1, from: 'stacktrace' });
    assert.deepEqual(appFrame('  File "<stdin>", line 1, in <module>'), { filepath: '<stdin>', lineno: 1, from: 'stacktrace' });
    assert.equal(appFrame('    at node:internal/main:1:1\n    at /x/node_modules/a.js:1:1'), undefined);
    assert.equal(appFrame('no frames here'), undefined);
  });

  it('matches paths at directory boundaries, whatever the separator', () => {
    assert.ok(samePath('/srv/app/agent.py', 'agent.py'));
    assert.ok(samePath('C:\\work\\app\\agent.py', 'app/agent.py'));
    assert.ok(samePath('./agent.py', '/home/me/agent.py'));
    assert.ok(!samePath('/srv/app/magent.py', 'agent.py'));
    assert.ok(!samePath('/a/agent.py', '/b/agent.py'));
  });
});
