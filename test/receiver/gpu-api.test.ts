// GPU sampling through the running receiver, with fake nvidia-smi / rocm-smi executables alone
// on its PATH: two GPUs with [N/A] fields, processes, the event stream, GPU warnings, per-call
// GPU windows, OTLP gpu.* gauges from the real OpenTelemetry metrics SDK merged as source 'otlp';
// a hang, a crash and garbage in one run of the tool; no tool at all; a tool that finds no GPU
// (launched once, never again); sampling off; rocm-smi JSON.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventStream } from '../helpers/sse';
import { promisify } from 'node:util';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { GpuResponse, LlmCallsResponse, StreamEvent, TraceDetailResponse, WarningsResponse } from '../../receiver/src/contract/api';
import type { GpuSample } from '../../receiver/src/contract/gpu';
import { windowStats } from '../../receiver/src/gpu/history';
import { CLI, eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { fakeGpuTools, nvidiaLine, printLines, SLEEP, type FakeTools } from '../helpers/fake-gpu-tools';
import { hexId } from '../helpers/otlp-payloads';

const UUID0 = 'GPU-726880a0-1318-6482-1847-a28cfeff43e2';
const UUID1 = 'GPU-0b5ab5f1-77c9-4b8e-9d0c-1f3e2d4c5b6a';
const FAST = ['--gpu-interval-ms', '200', '--gpu-timeout-ms', '700', '--grpc-port', '0'];

/**
 * nvidia-smi with two GPUs, in loop mode (`--loop-ms`: an iteration every 200 ms) or once. GPU 0
 * varies with each iteration (known samples for window stats); GPU 1 reports [N/A]s.
 */
const TWO_GPUS = `
if [ "$Q" = apps ]; then
  ${printLines([`${UUID0}, 410, python3, 1002`, `${UUID1}, 411, python3 -m vllm.entrypoints.openai.api_server, 2048`])}
  exit 0
fi
emit() {
  u=$(( (n * 37) % 101 )); m=$(( 1000 + (n % 7) * 100 ))
  printf '%s\\n' "${nvidiaLine({ index: 0, uuid: UUID0, name: 'NVIDIA H100 80GB HBM3', driver_version: '580.159.04', 'utilization.gpu': '$u', 'utilization.memory': 30, 'memory.total': 81559, 'memory.used': '$m', 'memory.free': 80069, 'temperature.gpu': 53, 'power.draw': 688.62, 'power.limit': '700.00', 'clocks.current.sm': 1530, 'clocks.current.memory': 2619, pstate: 'P0' })}" \\
    "${nvidiaLine({ index: 1, uuid: UUID1, name: 'NVIDIA H100 80GB HBM3', driver_version: '580.159.04', 'utilization.gpu': '[N/A]', 'utilization.memory': '[Not Supported]', 'memory.total': 81559, 'memory.used': 2048, 'clocks.current.sm': 1980, pstate: 'P8' })}"
}
case "$*" in
  *--loop-ms=200*) while :; do emit; n=$((n + 1)); ${SLEEP} 0.2; done ;;
  *) emit ;;
esac
`;

async function gpu(rx: ReceiverProcess, since = 0): Promise<GpuResponse> {
  return getJson<GpuResponse>(`${rx.base}/api/gpu?since=${since}`);
}

async function postJson(rx: ReceiverProcess, body: unknown): Promise<void> {
  const r = await fetch(`${rx.base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

function llmSpan(traceId: string, spanId: string, startMs: number, endMs: number) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gpu-svc' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId,
                spanId,
                name: 'chat llama-3-8b',
                kind: 3,
                startTimeUnixNano: String(BigInt(startMs) * 1_000_000n),
                endTimeUnixNano: String(BigInt(endMs) * 1_000_000n),
                attributes: [
                  { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                  { key: 'gen_ai.provider.name', value: { stringValue: 'vllm' } },
                  { key: 'gen_ai.request.model', value: { stringValue: 'llama-3-8b' } },
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

function gpuLogLines(rx: ReceiverProcess): string[] {
  return rx.output().split('\n').filter((l) => l.includes('GPU:'));
}

async function processWithArg(arg: string): Promise<boolean> {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.split('\0').includes(arg)) return true;
  }
  return false;
}

describe('GPU sampling with nvidia-smi (two GPUs)', () => {
  let tools: FakeTools;
  let rx: ReceiverProcess;
  before(async () => {
    tools = await fakeGpuTools({ 'nvidia-smi': TWO_GPUS });
    rx = await startReceiverProcess({ env: tools.env, args: [...FAST, '--rule', 'gpuTemperatureC=50'] });
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
    await tools.remove();
  });

  it('lists both devices and their samples, [N/A] and [Not Supported] fields absent, and the processes', async () => {
    const body = await eventually(async () => {
      const b = await gpu(rx);
      return b.latest.length === 2 && b.processes.length === 2 && b;
    });
    assert.equal(body.state.sampler, 'nvidia');
    assert.equal(body.state.tool, 'nvidia-smi');
    assert.equal(body.state.message, 'sampling 2 GPUs with nvidia-smi every 200 ms');
    assert.deepEqual(
      body.devices.map((d) => [d.id, d.source, d.index, d.name, d.memoryTotalMiB]),
      [
        [`nvidia-smi:${UUID0}`, 'nvidia-smi', 0, 'NVIDIA H100 80GB HBM3', 81559],
        [`nvidia-smi:${UUID1}`, 'nvidia-smi', 1, 'NVIDIA H100 80GB HBM3', 81559],
      ],
    );
    const [g0, g1] = [UUID0, UUID1].map((u) => body.latest.find((s) => s.uuid === u)!);
    assert.equal(g0!.source, 'nvidia-smi');
    assert.equal(g0!.temperatureC, 53);
    assert.equal(g0!.powerDrawW, 688.62);
    assert.equal(g0!.powerLimitW, 700);
    assert.equal(typeof g0!.utilizationPct, 'number');
    for (const absent of ['utilizationPct', 'memoryUtilizationPct', 'temperatureC', 'powerDrawW', 'powerLimitW', 'fanPct', 'memoryClockMHz']) {
      assert.equal(absent in g1!, false, absent);
    }
    assert.equal(g1!.memoryUsedMiB, 2048);
    assert.equal(g1!.pstate, 'P8');
    assert.deepEqual(
      body.processes.map((p) => [p.device, p.pid, p.name, p.memoryUsedMiB]),
      [
        [`nvidia-smi:${UUID0}`, 410, 'python3', 1002],
        [`nvidia-smi:${UUID1}`, 411, 'python3 -m vllm.entrypoints.openai.api_server', 2048],
      ],
    );
    assert.equal(body.state.failures, 0);
    assert.deepEqual(gpuLogLines(rx).length, 1);
  });

  it('sends each sample on the event stream, and feeds GPU warnings', async () => {
    const events = await eventStream(rx.base);
    try {
      const ev = await events.next('gpu');
      assert.ok(ev.type === 'gpu');
      assert.equal(ev.latest.length, 2);
      assert.equal(ev.state.sampler, 'nvidia');
    } finally {
      await events.close();
    }
    const warnings = await eventually(async () => {
      const w = await getJson<WarningsResponse>(`${rx.base}/api/warnings`);
      return w.active.find((x) => x.rule === 'gpu-temperature');
    });
    assert.deepEqual(warnings.subject, { kind: 'gpu', device: `nvidia-smi:${UUID0}` });
    assert.equal(warnings.value, 53);
  });

  it('gives each LLM call the GPU average and peak during its window, in call rows and trace detail', async () => {
    const samples = await eventually(async () => {
      const h = (await gpu(rx)).history[`nvidia-smi:${UUID0}`] ?? [];
      return h.length >= 6 && h;
    });
    const inside = samples.slice(1, 5);
    const startMs = inside[0]!.timeMs;
    const endMs = inside[inside.length - 1]!.timeMs;
    const expected = windowStats(`nvidia-smi:${UUID0}`, 'nvidia-smi', inside);
    assert.ok(expected.utilizationPeak !== undefined && expected.memoryPeakMiB !== undefined);
    const traceId = hexId(16);
    const spanId = hexId(8);
    await postJson(rx, llmSpan(traceId, spanId, startMs, endMs));
    const oldTrace = hexId(16);
    const oldSpan = hexId(8);
    await postJson(rx, llmSpan(oldTrace, oldSpan, Date.now() - 7_200_000, Date.now() - 7_190_000));

    const rows = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`);
    const row = rows.calls.find((c) => c.spanId === spanId)!;
    assert.ok(row.gpu, 'a call inside the history has GPU stats');
    const dev0 = row.gpu.devices.find((d) => d.device === `nvidia-smi:${UUID0}`);
    assert.deepEqual(dev0, expected);
    // GPU 1 reports memory but no utilisation.
    const dev1 = row.gpu.devices.find((d) => d.device === `nvidia-smi:${UUID1}`)!;
    assert.equal(dev1.utilizationAvg, undefined);
    assert.equal(dev1.memoryPeakMiB, 2048);
    assert.equal(row.gpu.device, `nvidia-smi:${UUID0}`, 'the busiest device is on top');
    assert.equal(row.gpu.utilizationAvg, expected.utilizationAvg);
    assert.equal(rows.calls.find((c) => c.spanId === oldSpan)!.gpu, undefined, 'a call before the history has none');

    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
    assert.deepEqual(detail.spans[0]!.llm!.gpu, row.gpu);
  });

  it("merges the app's OTLP gpu.* gauges (OpenTelemetry metrics SDK) as a second source, labelled otlp", async () => {
    const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${rx.base}/v1/metrics` }), exportIntervalMillis: 60000 });
    const meters = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'gpu-app' }), readers: [reader] });
    const meter = meters.getMeter('openlit.otel.gpu');
    const attrs = { 'gpu.index': 0, 'gpu.uuid': 'GPU-otlp-l4', 'gpu.name': 'NVIDIA L4', 'telemetry.sdk.name': 'openlit' };
    const gauges: [string, number][] = [
      ['gpu.utilization', 87.5],
      ['gpu.memory.used', 2048],
      ['gpu.memory.total', 23034],
      ['gpu.temperature', 61],
      ['gpu.power.draw', 55],
      ['gpu.power.limit', 72],
    ];
    for (const [name, v] of gauges) meter.createObservableGauge(name).addCallback((r) => r.observe(v, attrs));
    await meters.forceFlush();
    await meters.shutdown();
    const body = await eventually(async () => {
      const b = await gpu(rx);
      return b.devices.some((d) => d.source === 'otlp') && b;
    });
    const dev = body.devices.find((d) => d.source === 'otlp')!;
    assert.deepEqual(dev, { id: 'otlp:GPU-otlp-l4', source: 'otlp', index: 0, service: 'gpu-app', uuid: 'GPU-otlp-l4', name: 'NVIDIA L4', memoryTotalMiB: 23034, powerLimitW: 72 });
    const s = body.latest.find((x) => x.device === dev.id)!;
    assert.deepEqual(
      [s.source, s.utilizationPct, s.memoryUsedMiB, s.memoryTotalMiB, s.temperatureC, s.powerDrawW, s.powerLimitW],
      ['otlp', 87.5, 2048, 23034, 61, 55, 72],
    );
    // forceFlush and shutdown each export once.
    assert.ok(body.history[dev.id]!.length >= 1);
    assert.ok(body.history[dev.id]!.every((x) => x.source === 'otlp'));
    assert.deepEqual(
      new Set(body.devices.map((d) => d.source)),
      new Set(['nvidia-smi', 'otlp']),
      'both sources side by side',
    );
  });

  it('validates since', async () => {
    const r = await fetch(`${rx.base}/api/gpu?since=yesterday`);
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: string }).error, /since must be/);
    const recent = await gpu(rx, Date.now() + 60_000);
    assert.deepEqual(Object.values(recent.history).flat(), []);
  });
});

describe('per-call GPU statistics kept with the call', () => {
  let tools: FakeTools;
  after(async () => {
    await tools.remove();
  });

  it('writes them to the data directory once the window is covered, serves them after a restart without any GPU history, and drops them with the trace', async () => {
    tools = await fakeGpuTools({ 'nvidia-smi': TWO_GPUS });
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    const traceId = hexId(16);
    const spanId = hexId(8);
    let live: LlmCallsResponse['calls'][number]['gpu'];
    try {
      const samples = await eventually(async () => {
        const h = (await gpu(rx)).history[`nvidia-smi:${UUID0}`] ?? [];
        return h.length >= 4 && h;
      });
      await postJson(rx, llmSpan(traceId, spanId, samples[0]!.timeMs, samples[2]!.timeMs));
      const file = path.join(rx.dataDir, 'gpu-calls.json');
      const kept = await eventually(async () => {
        const text = await readFile(file, 'utf8').catch(() => '');
        const stored = text ? (JSON.parse(text) as { calls: Record<string, unknown> }).calls[`${traceId}/${spanId}`] : undefined;
        return stored ?? false;
      }, 8000);
      const rows = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`);
      live = rows.calls.find((c) => c.spanId === spanId)!.gpu;
      assert.ok(live && live.samples >= 3, 'the window holds the samples inside the call');
      assert.deepEqual(kept, live, 'the file holds what the API serves');
    } finally {
      await rx.stop();
    }

    // No sampler, no history: what the call row says now comes from the file.
    const again = await startReceiverProcess({ dataDir: rx.dataDir, args: ['--gpu-interval-ms', '0', '--grpc-port', '0'] });
    try {
      assert.deepEqual((await gpu(again)).latest, []);
      const rows = await getJson<LlmCallsResponse>(`${again.base}/api/llm-calls`);
      assert.deepEqual(rows.calls.find((c) => c.spanId === spanId)!.gpu, live);
      const detail = await getJson<TraceDetailResponse>(`${again.base}/api/traces/${traceId}`);
      assert.deepEqual(detail.spans[0]!.llm!.gpu, live);

      assert.equal((await fetch(`${again.base}/api/traces`, { method: 'DELETE' })).status, 200);
      await eventually(async () => {
        const stored = JSON.parse(await readFile(path.join(again.dataDir, 'gpu-calls.json'), 'utf8')) as { calls: Record<string, unknown> };
        return Object.keys(stored.calls).length === 0;
      }, 5000);
    } finally {
      await again.stop();
      await removeDir(again.dataDir);
    }
  });
});

describe('GPU sampling when the tool misbehaves', () => {
  it('loop mode: a loop that falls silent is killed and restarted, a crash and garbage are reported, sampling goes on, logs stay quiet', async () => {
    const ok = nvidiaLine({ index: 0, uuid: UUID0, 'utilization.gpu': '$u', 'memory.used': 1011 });
    const tools = await fakeGpuTools({
      'nvidia-smi': `
if [ "$Q" = apps ]; then exit 0; fi
u=$n
case "$*" in *--loop-ms*) ;; *) printf '%s\\n' "${ok}"; exit 0 ;; esac
case $n in
  2) u=20; printf '%s\\n' "${ok}"; ${SLEEP} 0.2; u=21; printf '%s\\n' "${ok}"; echo 'hanging' >&2; ${SLEEP} 41.75 ;;
  3) echo 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error' >&2; exit 15 ;;
  *) printf '%s\\n' 'Segmentation fault (core dumped)' 'garbage, , ,'; ${SLEEP} 0.2; u=40; while :; do printf '%s\\n' "${ok}"; u=$((u + 1)); ${SLEEP} 0.2; done ;;
esac
`,
    });
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    try {
      await eventually(async () => (await gpu(rx)).latest[0]?.utilizationPct === 21, 5000);
      // The loop is silent right now: the receiver answers as usual.
      const t0 = Date.now();
      const during = await gpu(rx);
      assert.ok(Date.now() - t0 < 500, `answered in ${Date.now() - t0} ms while the tool hangs`);
      assert.equal(during.state.mode, 'loop');

      const body = await eventually(async () => {
        const b = await gpu(rx);
        return (b.latest[0]?.utilizationPct ?? 0) >= 42 && b;
      }, 8000);
      const st = body.state;
      assert.equal(st.mode, 'loop');
      assert.equal(st.timeouts, 1);
      assert.equal(st.failures, 3, JSON.stringify(st));
      assert.equal(st.garbageLines, 2);
      assert.equal(st.runs, 5, 'probe, processes, and three starts of the loop');
      const utils = body.history[`nvidia-smi:${UUID0}`]!.map((s: GpuSample) => s.utilizationPct);
      assert.deepEqual(utils.slice(0, 4), [1, 20, 21, 40]);
      assert.equal(await processWithArg('41.75'), false, "the silent loop's children were killed too");
      // One line when sampling started, one for the first failure; the rest is in the state.
      const lines = gpuLogLines(rx);
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(lines[1]!, /gave no sample for \d+ ms and was killed/);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });

  it('without loop mode: launched every interval, a hang killed after the timeout, ticks skipped meanwhile, a crash reported', async () => {
    const ok = nvidiaLine({ index: 0, uuid: UUID0, 'utilization.gpu': '$n', 'memory.used': 1011 });
    // Ignores --loop-ms: prints once and exits, like a tool without loop support.
    const tools = await fakeGpuTools({
      'nvidia-smi': `
if [ "$Q" = apps ]; then exit 0; fi
case $n in
  4) echo started; ${SLEEP} 41.5; echo late ;;
  5) echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'; exit 9 ;;
  *) printf '%s\\n' "${ok}" ;;
esac
`,
    });
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    try {
      const body = await eventually(async () => {
        const b = await gpu(rx);
        return (b.latest[0]?.utilizationPct ?? 0) >= 7 && b;
      }, 8000);
      const st = body.state;
      assert.equal(st.mode, 'poll');
      assert.match(st.message, /ended after one sample with --loop-ms; launching it every interval/);
      assert.equal(st.timeouts, 1);
      assert.equal(st.failures, 2, JSON.stringify(st));
      assert.ok(st.skipped >= 1, 'ticks during the hang were skipped, not queued');
      assert.match(st.lastError!.message, /exited with code 9: NVIDIA-SMI has failed/);
      const utils = body.history[`nvidia-smi:${UUID0}`]!.map((s: GpuSample) => s.utilizationPct);
      assert.deepEqual(utils.slice(0, 4), [1, 2, 3, 6], 'launch 4 hung, 5 crashed');
      assert.equal(await processWithArg('41.5'), false, "the hung tool's child was killed too");
      const lines = gpuLogLines(rx);
      assert.equal(lines.length, 3, lines.join('\n'));
      assert.match(lines[2]!, /did not answer within 700 ms and was killed/);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });
});

describe('GPU sampling without a usable GPU', () => {
  it('no tool at all: "no supported GPU found", nothing logged', async () => {
    const tools = await fakeGpuTools({});
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    try {
      const body = await eventually(async () => {
        const b = await gpu(rx);
        return b.state.sampler !== 'probing' && b;
      });
      assert.equal(body.state.sampler, 'none');
      assert.match(body.state.message, /^no supported GPU found: nvidia-smi is not on PATH; rocm-smi is not on PATH$/);
      assert.equal(body.state.runs, 0);
      assert.deepEqual(body.devices, []);
      assert.deepEqual(gpuLogLines(rx), []);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });

  it('a tool that finds no GPU is launched once and never again', async () => {
    const tools = await fakeGpuTools({ 'nvidia-smi': `echo 'No devices were found'; exit 6` });
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    try {
      await eventually(async () => (await gpu(rx)).state.sampler === 'none');
      await new Promise((r) => setTimeout(r, 1000)); // five intervals
      assert.equal((await tools.launches('nvidia-smi')).length, 1);
      assert.equal((await tools.launches('nvidia-smi', 'apps')).length, 0);
      const body = await gpu(rx);
      assert.match(body.state.message, /nvidia-smi exited with code 6: No devices were found; rocm-smi is not on PATH/);
      assert.equal(gpuLogLines(rx).length, 1);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });

  it('--gpu-interval-ms 0 turns sampling off: the tool is never launched', async () => {
    const tools = await fakeGpuTools({ 'nvidia-smi': `echo should-not-run` });
    const rx = await startReceiverProcess({ env: tools.env, args: ['--gpu-interval-ms', '0', '--grpc-port', '0'] });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const body = await gpu(rx);
      assert.equal(body.state.sampler, 'off');
      assert.equal((await tools.launches('nvidia-smi')).length, 0);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });

  it('rejects a bad --gpu-interval-ms', async () => {
    const err = await promisify(execFile)(process.execPath, [CLI, 'serve', '--gpu-interval-ms', '20'], { timeout: 10000 }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(err?.code, 2);
    assert.match(err.stderr, /gpu-interval-ms must be 0 \(off\) or a whole number of at least 100/);
  });
});

describe('GPU sampling with rocm-smi', () => {
  it('reads rocm-smi JSON when there is no nvidia-smi', async () => {
    const json = readFileSync(path.resolve(import.meta.dirname, '../fixtures/rocm-smi/showuse-json.json'), 'utf8');
    const pids = readFileSync(path.resolve(import.meta.dirname, '../fixtures/rocm-smi/showpids-json.json'), 'utf8');
    const tools = await fakeGpuTools({
      'rocm-smi': `if [ "$Q" = apps ]; then ${printLines(pids.split('\n'))}; exit 0; fi
${printLines(['WARNING: AMD GPU device(s) is/are in a low-power state.', ...json.split('\n')])}`,
    });
    const rx = await startReceiverProcess({ env: tools.env, args: FAST });
    try {
      const body = await eventually(async () => {
        const b = await gpu(rx);
        return b.latest.length === 2 && b;
      });
      assert.equal(body.state.sampler, 'amd');
      assert.equal(body.state.tool, 'rocm-smi');
      assert.deepEqual(body.devices.map((d) => [d.id, d.source, d.name]), [
        ['rocm-smi:0xac1b58f8c066790f', 'rocm-smi', 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]'],
        ['rocm-smi:1', 'rocm-smi', 'AMD Instinct MI300X'],
      ]);
      const mi300 = body.latest.find((s) => s.device === 'rocm-smi:1')!;
      assert.deepEqual([mi300.utilizationPct, mi300.memoryUsedMiB, mi300.temperatureC, mi300.powerDrawW], [100, 173000, 71, 612]);
      assert.equal('fanPct' in mi300, false);
      // Two GPUs: rocm-smi counts a process's GPUs without naming them, so none is tied to a device.
      const procs = await eventually(async () => {
        const b = await gpu(rx);
        return b.processes.length === 2 && b.processes;
      });
      assert.deepEqual(procs, [
        { pid: 41872, name: 'python3', memoryUsedMiB: 172852.1 },
        { pid: 41990, name: 'vllm, api server', memoryUsedMiB: 8192 },
      ]);
      assert.ok((await tools.launches('rocm-smi', 'apps')).every((l) => l === '--showpids --json'));
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await tools.remove();
    }
  });
});
