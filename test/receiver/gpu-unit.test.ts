// The GPU pieces on their own: the nvidia-smi and rocm-smi parsers on real H100 output and on
// rocm-smi's JSON shape, the ring buffer and window statistics, OTLP gauge mapping, the sampler
// with an injected command runner and clock (probe once, skip, timeout, crash, garbage, quiet
// logs), and the command runner killing a hung tool's whole process group.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { GpuCallStats, GpuSample } from '../../receiver/src/contract/gpu';
import type { LlmCallRow, MetricPoint } from '../../receiver/src/contract/model';
import { CALL_GPU_FILE, CallGpuStore } from '../../receiver/src/gpu/call-gpu-store';
import { GpuHistory, SampleRing, windowStats } from '../../receiver/src/gpu/history';
import { otlpGpuSamples } from '../../receiver/src/gpu/otlp-gpu';
import {
  NVIDIA_APP_ARGS,
  NVIDIA_GPU_ARGS,
  NVIDIA_GPU_FIELDS,
  parseNvidiaApps,
  parseNvidiaGpus,
} from '../../receiver/src/gpu/parse-nvidia';
import { ROCM_ARGS, parseRocm, parseRocmPids } from '../../receiver/src/gpu/parse-rocm';
import { spawnCommand, spawnLines, type CommandRunner, type RunResult, type StreamHandlers, type StreamRunner } from '../../receiver/src/gpu/run-command';
import { GpuSampler } from '../../receiver/src/gpu/sampler';
import { nvidiaLine, SLEEP } from '../helpers/fake-gpu-tools';
import { removeDir, tempDir } from '../helpers/receiver-process';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const H100 = 'GPU-726880a0-1318-6482-1847-a28cfeff43e2';

describe('nvidia-smi CSV', () => {
  it('asks only for fields nvidia-smi documents (its --help-query-gpu)', () => {
    const help = fixture('nvidia-smi/help-query-gpu.txt');
    for (const f of NVIDIA_GPU_FIELDS) assert.match(help, new RegExp(`^"${f.replace(/\./g, '\\.')}"`, 'm'), f);
    assert.deepEqual(NVIDIA_GPU_ARGS, [`--query-gpu=${NVIDIA_GPU_FIELDS.join(',')}`, '--format=csv,noheader,nounits']);
    assert.match(NVIDIA_APP_ARGS[0]!, /^--query-compute-apps=gpu_uuid,pid,process_name,used_gpu_memory$/);
  });

  it('reads the real idle H100 line; [N/A] fields are absent, not zero', () => {
    const { rows, garbage } = parseNvidiaGpus(fixture('nvidia-smi/csv-idle.txt'), 1000);
    assert.deepEqual(garbage, []);
    assert.equal(rows.length, 1);
    const { device, sample } = rows[0]!;
    assert.deepEqual(device, {
      id: `nvidia-smi:${H100}`,
      source: 'nvidia-smi',
      index: 0,
      uuid: H100,
      name: 'NVIDIA H100 80GB HBM3',
      driverVersion: '580.159.04',
      memoryTotalMiB: 81559,
      powerLimitW: 700,
    });
    assert.deepEqual(sample, {
      timeMs: 1000,
      device: `nvidia-smi:${H100}`,
      index: 0,
      uuid: H100,
      source: 'nvidia-smi',
      utilizationPct: 0,
      memoryUtilizationPct: 0,
      memoryUsedMiB: 0,
      memoryTotalMiB: 81559,
      temperatureC: 34,
      powerDrawW: 121.62,
      powerLimitW: 700,
      smClockMHz: 1980,
      memoryClockMHz: 2619,
      pstate: 'P0',
    });
    assert.equal('fanPct' in sample, false);
  });

  it('reads the loaded H100 lines, and the same query with a header and units', () => {
    const load = parseNvidiaGpus(fixture('nvidia-smi/csv-load.txt'), 0).rows.map((r) => r.sample);
    assert.deepEqual(load.map((s) => s.utilizationPct), [97, 98, 98]);
    assert.deepEqual(load.map((s) => s.powerDrawW), [688.62, 693.81, 692.1]);
    assert.equal(load[0]!.memoryUsedMiB, 1011);
    const withHeader = parseNvidiaGpus(fixture('nvidia-smi/csv-idle-header.txt'), 1000);
    assert.deepEqual(withHeader.garbage, []);
    assert.deepEqual(withHeader.rows, parseNvidiaGpus(fixture('nvidia-smi/csv-idle.txt'), 1000).rows);
  });

  it('treats [Not Supported], empty and any bracketed word as absent; skips and reports garbage lines', () => {
    const good = nvidiaLine({ index: 1, uuid: 'GPU-b', name: 'Tesla T4', 'utilization.gpu': '[Not Supported]', 'memory.used': '', 'temperature.gpu': '[Unknown Error]', 'power.draw': 70 });
    const text = ['Failed to initialize NVML: Unknown Error', good, '0, GPU-a, too, few, columns', 'x, GPU-a' + ', 1'.repeat(14), ''].join('\n');
    const { rows, garbage } = parseNvidiaGpus(text, 5);
    assert.equal(rows.length, 1);
    const s = rows[0]!.sample;
    assert.equal(s.index, 1);
    assert.equal(s.powerDrawW, 70);
    for (const absent of ['utilizationPct', 'memoryUsedMiB', 'temperatureC', 'fanPct', 'pstate']) assert.equal(absent in s, false, absent);
    assert.equal(garbage.length, 3);
    assert.match(garbage[0]!, /Failed to initialize NVML/);
  });

  it('reads compute apps, a name with commas included; the real capture with header and units', () => {
    const { rows, garbage } = parseNvidiaApps('GPU-a, 410, python3, 1002\nGPU-b, 77, vllm serve --x a,b, [N/A]\nNo running processes found\nbogus\n');
    assert.deepEqual(rows, [
      { pid: 410, name: 'python3', uuid: 'GPU-a', device: 'nvidia-smi:GPU-a', memoryUsedMiB: 1002 },
      { pid: 77, name: 'vllm serve --x a, b', uuid: 'GPU-b', device: 'nvidia-smi:GPU-b' },
    ]);
    assert.deepEqual(garbage, ['bogus']);
    // The shared capture asked for pid,process_name,used_gpu_memory: prefix the uuid column.
    const real = fixture('nvidia-smi/apps-load.txt').split('\n').slice(1).filter(Boolean).map((l) => `${H100}, ${l}`).join('\n');
    assert.deepEqual(parseNvidiaApps(real).rows, [{ pid: 410, name: 'python3', uuid: H100, device: `nvidia-smi:${H100}`, memoryUsedMiB: 1002 }]);
  });
});

describe('rocm-smi --showpids JSON', () => {
  it('reads each KFD process with its VRAM, ties it to the GPU only on a one-GPU machine, and tolerates the empty forms', () => {
    const out = fixture('rocm-smi/showpids-json.json');
    assert.deepEqual(parseRocmPids(out, 'rocm-smi:0'), {
      rows: [
        { pid: 41872, name: 'python3', memoryUsedMiB: 172852.1, device: 'rocm-smi:0' },
        // Two GPUs for this process: which ones, rocm-smi does not say.
        { pid: 41990, name: 'vllm, api server', memoryUsedMiB: 8192 },
      ],
      garbage: [],
    });
    assert.deepEqual(parseRocmPids(out).rows.map((p) => p.device), [undefined, undefined]);
    assert.deepEqual(parseRocmPids('{}'), { rows: [], garbage: [] });
    assert.deepEqual(parseRocmPids(''), { rows: [], garbage: [] });
    assert.deepEqual(parseRocmPids('No KFD PIDs currently running'), { rows: [], garbage: [] });
    assert.deepEqual(parseRocmPids('{"system": {"PID7": "short"}}').garbage, ['PID7: "short"']);
    assert.equal(parseRocmPids('Traceback (most recent call last):').garbage.length, 1);
  });
});

describe('rocm-smi JSON', () => {
  it('reads both key spellings, converts bytes to MiB, leaves N/A absent', () => {
    const out = `WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n\n${fixture('rocm-smi/showuse-json.json')}`;
    const { rows, garbage } = parseRocm(out, 42);
    assert.deepEqual(garbage, []);
    assert.equal(rows.length, 2);
    const [a, b] = rows;
    assert.deepEqual(a!.device, {
      id: 'rocm-smi:0xac1b58f8c066790f',
      source: 'rocm-smi',
      index: 0,
      uuid: '0xac1b58f8c066790f',
      name: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]',
      driverVersion: '6.7.0',
      memoryTotalMiB: 16368,
      powerLimitW: 203,
    });
    assert.deepEqual(a!.sample, {
      timeMs: 42,
      device: 'rocm-smi:0xac1b58f8c066790f',
      index: 0,
      source: 'rocm-smi',
      uuid: '0xac1b58f8c066790f',
      utilizationPct: 37,
      memoryUtilizationPct: 12,
      memoryUsedMiB: 2048,
      memoryTotalMiB: 16368,
      temperatureC: 52,
      powerDrawW: 95,
      powerLimitW: 203,
      smClockMHz: 2100,
      memoryClockMHz: 1000,
      fanPct: 31,
    });
    assert.equal(b!.device.id, 'rocm-smi:1');
    assert.equal(b!.sample.temperatureC, 71, 'junction when there is no edge sensor');
    assert.equal(b!.sample.powerDrawW, 612);
    assert.equal(b!.sample.memoryUsedMiB, 173000);
    for (const absent of ['uuid', 'smClockMHz', 'fanPct', 'memoryClockMHz']) assert.equal(absent in b!.sample, false, absent);
    assert.ok(ROCM_ARGS.includes('--json'));
  });

  it('reports output that is not rocm-smi JSON', () => {
    assert.equal(parseRocm('Segmentation fault', 0).garbage.length, 1);
    assert.equal(parseRocm('{"card0": "oops"}', 0).garbage.length, 1);
    assert.deepEqual(parseRocm('{"system": {}}', 0).garbage, ['no card entries in rocm-smi JSON']);
  });
});

function sample(timeMs: number, over: Partial<GpuSample> = {}): GpuSample {
  return { timeMs, device: 'd0', index: 0, source: 'nvidia-smi', ...over };
}

describe('GPU history', () => {
  it('keeps the newest samples in a fixed-size ring, in time order', () => {
    const ring = new SampleRing(3);
    for (let t = 1; t <= 5; t++) ring.push(sample(t * 1000, { utilizationPct: t }));
    assert.deepEqual(ring.toArray().map((s) => s.timeMs), [3000, 4000, 5000]);
    assert.deepEqual(ring.since(4000).map((s) => s.utilizationPct), [4, 5]);
    assert.deepEqual(ring.between(3500, 4500).map((s) => s.timeMs), [4000]);
    // Same time: merged (OTLP gauges of one device in separate points); older: inserted in order.
    ring.push(sample(5000, { memoryUsedMiB: 9 }));
    assert.deepEqual(ring.latest(), sample(5000, { utilizationPct: 5, memoryUsedMiB: 9 }));
    ring.push(sample(4500, { utilizationPct: 45 }));
    assert.deepEqual(ring.toArray().map((s) => s.timeMs), [4000, 4500, 5000]);
  });

  it('sizes rings for the history at the interval', () => {
    assert.equal(GpuHistory.capacityFor(3_600_000, 1000), 3601);
    assert.equal(GpuHistory.capacityFor(3_600_000, 0), 3601);
    assert.equal(GpuHistory.capacityFor(10 * 24 * 3_600_000, 100), 100_000);
  });

  it('gives average and peak per device for a window, busiest device on top', () => {
    const h = new GpuHistory(100);
    for (let i = 0; i < 10; i++) {
      h.add(sample(1000 * i, { utilizationPct: i * 10, memoryUsedMiB: 100 + i }), 1000);
      h.add(sample(1000 * i, { device: 'd1', index: 1, utilizationPct: 5 }), 1000);
    }
    const w = h.window(2000, 4000)!;
    assert.equal(w.device, 'd0');
    assert.deepEqual(
      { samples: w.samples, ua: w.utilizationAvg, up: w.utilizationPeak, ma: w.memoryAvgMiB, mp: w.memoryPeakMiB },
      { samples: 3, ua: 30, up: 40, ma: 103, mp: 104 },
    );
    assert.deepEqual(w.devices.map((d) => [d.device, d.utilizationAvg]), [['d0', 30], ['d1', 5]]);
    // Shorter than the interval: the next sample, which covers it.
    assert.equal(h.window(2100, 2300)!.utilizationAvg, 30);
    assert.equal(h.window(20_000, 21_000), undefined);
    assert.deepEqual(windowStats('x', 'otlp', [sample(1)]), { device: 'x', source: 'otlp', samples: 1 });
  });
});

function point(name: string, value: number, attrs: Record<string, string | number>, over: Partial<MetricPoint> = {}): MetricPoint {
  return {
    name,
    type: 'gauge',
    startTimeUnixNano: '0',
    timeUnixNano: '1700000000123000000',
    value,
    service: 'app',
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
    ...over,
  };
}

describe('OTLP GPU gauges', () => {
  it("merges one device's OpenLIT gauges into one sample, and converts hw.* units", () => {
    const dev = { 'gpu.index': 1, 'gpu.uuid': 'GPU-x', 'gpu.name': 'NVIDIA L4' };
    const found = otlpGpuSamples(
      [
        point('gpu.utilization', 87.5, dev),
        point('gpu.memory.used', 2048, dev),
        point('gpu.memory.total', 23034, dev),
        point('gpu.temperature', 61, dev),
        point('gpu.power.draw', 55, dev),
        point('gen_ai.client.token.usage', 3, dev),
        point('hw.gpu.utilization', 0.25, { 'hw.id': 'card7' }, { unit: '1' }),
        point('hw.gpu.memory.usage', 3 * 1024 * 1024 * 1024, { 'hw.id': 'card7' }, { unit: 'By' }),
        point('myapp.gpu_utilization', 12, {}, { service: 'other' }),
      ],
      0,
    );
    assert.equal(found.length, 3);
    assert.deepEqual(found[0], {
      device: { id: 'otlp:GPU-x', source: 'otlp', index: 1, service: 'app', uuid: 'GPU-x', name: 'NVIDIA L4', memoryTotalMiB: 23034 },
      sample: { timeMs: 1700000000123, device: 'otlp:GPU-x', index: 1, source: 'otlp', uuid: 'GPU-x', utilizationPct: 87.5, memoryUsedMiB: 2048, memoryTotalMiB: 23034, temperatureC: 61, powerDrawW: 55 },
    });
    assert.deepEqual([found[1]!.sample.utilizationPct, found[1]!.sample.memoryUsedMiB], [25, 3072]);
    assert.equal(found[2]!.device.id, 'otlp:other:0');
  });
});

/** A stream runner whose loops the test drives by hand. */
function fakeStreams(): { stream: StreamRunner; started: { args: readonly string[]; handlers: StreamHandlers; stopped: boolean }[] } {
  const started: { args: readonly string[]; handlers: StreamHandlers; stopped: boolean }[] = [];
  const stream: StreamRunner = (_file, args, handlers) => {
    const s = { args, handlers, stopped: false };
    started.push(s);
    return { stop: () => void (s.stopped = true) };
  };
  return { stream, started };
}

/** A runner answering from a script of results, recording each call. */
function scripted(results: (RunResult | Promise<RunResult>)[], fallback?: RunResult): { run: CommandRunner; calls: string[] } {
  const calls: string[] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push(`${file} ${args[0]}`);
    const r = results.shift() ?? fallback;
    if (!r) throw new Error(`unexpected run of ${file}`);
    return r;
  };
  return { run, calls };
}

const ok = (stdout: string): RunResult => ({ stdout, stderr: '', code: 0, timedOut: false, notFound: false });
const missing: RunResult = { stdout: '', stderr: '', code: null, timedOut: false, notFound: true };
const gpuLine = (util: number): string => nvidiaLine({ index: 0, uuid: 'GPU-a', 'utilization.gpu': util, 'memory.used': 10 });

describe('GPU sampler', () => {
  it('without a tool: "none" after one look per tool, then never launches again and logs nothing', async () => {
    const { run, calls } = scripted([missing, missing]);
    const logs: string[] = [];
    const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 1000, log: (m) => logs.push(m), run });
    await s.start();
    await s.tick();
    await s.tick();
    s.stop();
    assert.deepEqual(calls, ['nvidia-smi --query-gpu=' + NVIDIA_GPU_FIELDS.join(','), 'rocm-smi --showuse']);
    assert.equal(s.state.sampler, 'none');
    assert.match(s.state.message, /^no supported GPU found: nvidia-smi is not on PATH; rocm-smi is not on PATH$/);
    assert.deepEqual(logs, []);
  });

  it('an installed tool that fails at the probe is final too, with its message, logged once', async () => {
    const { run, calls } = scripted([{ ...ok('No devices were found'), code: 6 }, missing]);
    const logs: string[] = [];
    const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 1000, log: (m) => logs.push(m), run });
    await s.start();
    await s.tick();
    s.stop();
    assert.equal(calls.length, 2);
    assert.equal(s.state.sampler, 'none');
    assert.match(s.state.message, /nvidia-smi exited with code 6: No devices were found/);
    assert.equal(logs.length, 1);
  });

  it('samples, skips a tick while a run is in flight, counts timeouts, crashes and garbage, logs at most once a minute', async () => {
    let release!: (r: RunResult) => void;
    const slow = new Promise<RunResult>((r) => (release = r));
    const { run } = scripted(
      [
        ok(gpuLine(10)), // probe
        ok(''), // processes after the probe
        slow,
        { stdout: '', stderr: '', code: null, timedOut: true, notFound: false },
        { stdout: '', stderr: 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error\n', code: 15, timedOut: false, notFound: false },
        ok('\u0000\u0001garbage\n'),
        ok(gpuLine(30)),
      ],
      ok(''),
    );
    let now = 1_000_000;
    const logs: string[] = [];
    const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 500, log: (m) => logs.push(m), run, now: () => now, processEvery: 1000, nvidiaLoop: false });
    const seen: number[] = [];
    s.on('run', (gpus) => seen.push(gpus.length));
    await s.probe();
    assert.equal(s.state.sampler, 'nvidia');
    const first = s.tick();
    await s.tick(); // the slow run is still in flight
    assert.equal(s.state.skipped, 1);
    release(ok(gpuLine(20)));
    await first;
    for (let i = 0; i < 4; i++) {
      now += 1000;
      await s.tick();
    }
    s.stop();
    assert.deepEqual(seen, [1, 1, 0, 0, 0, 1]);
    assert.equal(s.state.timeouts, 1);
    assert.equal(s.state.failures, 3);
    assert.equal(s.state.garbageLines, 1);
    assert.equal(s.state.runs, 7);
    assert.equal(s.state.lastSampleMs, now);
    assert.match(s.state.lastError!.message, /printed nothing readable|garbage/);
    const failureLogs = logs.filter((l) => !/sampling 1 GPU/.test(l));
    assert.equal(failureLogs.length, 1, logs.join('\n'));
    assert.match(failureLogs[0]!, /did not answer within 500 ms/);
  });

  it("nvidia-smi's loop mode: samples as lines arrive, a silent loop is killed and restarted, a crash restarts it", async () => {
    const { run } = scripted([ok(gpuLine(10)), ok('')], ok(''));
    const { stream, started } = fakeStreams();
    let now = 0;
    const logs: string[] = [];
    const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 2000, log: (m) => logs.push(m), run, stream, now: () => now, processEvery: 1000 });
    const seen: number[] = [];
    s.on('run', (gpus) => seen.push(gpus.length));
    await s.probe();
    assert.equal(s.state.mode, 'loop');
    await s.tick(); // starts the loop
    assert.equal(started.length, 1);
    assert.equal(started[0]!.args.at(-1), '--loop-ms=1000');
    // The real H100 loop capture, one iteration per second.
    for (const line of fixture('nvidia-smi/loop.txt').trim().split('\n')) {
      now += 1000;
      started[0]!.handlers.lines([line]);
      await s.tick();
    }
    assert.deepEqual(seen, [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(s.state.runs, 3, 'probe, processes, one loop: no launch per sample');
    now += 3001; // silent for longer than timeout + interval
    await s.tick();
    assert.equal(started[0]!.stopped, true);
    assert.equal(s.state.timeouts, 1);
    await s.tick();
    assert.equal(started.length, 2, 'restarted on the next tick');
    started[1]!.handlers.exit({ code: 15, stderr: 'Unable to determine the device handle for GPU0000:00:06.0: Unknown Error', notFound: false });
    assert.match(s.state.lastError!.message, /exited with code 15: Unable to determine/);
    await s.tick();
    assert.equal(started.length, 3);
    started[2]!.handlers.lines(['garbage, , ,']);
    started[2]!.handlers.lines([gpuLine(50)]);
    assert.deepEqual([s.state.failures, s.state.garbageLines, s.state.mode], [3, 1, 'loop']);
    assert.deepEqual(seen.slice(-4), [0, 0, 0, 1]);
    assert.equal(logs.length, 2, logs.join('\n'));
    s.stop();
    assert.equal(started[2]!.stopped, true);
  });

  it('falls back to a launch per interval when the loop ends by itself or never prints', async () => {
    for (const misbehave of ['ends', 'silent'] as const) {
      const { run, calls } = scripted([ok(gpuLine(10)), ok('')], ok(gpuLine(20)));
      const { stream, started } = fakeStreams();
      let now = 0;
      const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 2000, log: () => undefined, run, stream, now: () => now, processEvery: 1000 });
      await s.probe();
      await s.tick();
      if (misbehave === 'ends') {
        started[0]!.handlers.lines([gpuLine(11)]);
        started[0]!.handlers.exit({ code: 0, stderr: '', notFound: false });
      } else {
        now += 5000;
        await s.tick();
        assert.equal(started[0]!.stopped, true);
      }
      assert.equal(s.state.mode, 'poll', misbehave);
      assert.match(s.state.message, /launching it every interval/);
      assert.equal(s.state.failures, 0);
      const before = calls.length;
      await s.tick();
      await s.tick();
      assert.equal(calls.length - before, 2, 'launched once a tick');
      assert.equal(started.length, 1, 'the loop is not tried again');
      s.stop();
    }
  });

  it('reads per-process memory every N ticks, in the same slot as the GPU query', async () => {
    const { run, calls } = scripted([], ok(gpuLine(5)));
    const s = new GpuSampler({ intervalMs: 1000, timeoutMs: 500, log: () => undefined, run, processEvery: 2, nvidiaLoop: false });
    await s.probe();
    for (let i = 0; i < 4; i++) await s.tick();
    s.stop();
    assert.equal(calls.filter((c) => c.includes('compute-apps')).length, 3, calls.join('\n'));
  });
});

describe('command runner', () => {
  it('kills a hung tool and its children at the deadline and answers at once', async () => {
    const dir = await tempDir('ltl-run-');
    try {
      const tool = path.join(dir, 'hangs');
      // Not `exec sleep`: the sleeping grandchild keeps the output pipe open after sh is killed.
      await writeFile(tool, `#!/bin/sh\necho started\n${SLEEP} 37.25\necho never\n`);
      await chmod(tool, 0o755);
      const t0 = Date.now();
      const r = await spawnCommand()(tool, [], { timeoutMs: 300 });
      const took = Date.now() - t0;
      assert.equal(r.timedOut, true);
      assert.ok(took < 2000, `answered after ${took} ms`);
      await new Promise((res) => setTimeout(res, 100));
      assert.equal(await sleeping('37.25'), false, 'the grandchild sleep was killed with its group');
      const missingTool = await spawnCommand({ PATH: dir })('no-such-gpu-tool', [], { timeoutMs: 300 });
      assert.equal(missingTool.notFound, true);

      // A loop: lines as they come, partial lines held back; stop() kills the group.
      const looper = path.join(dir, 'loops');
      await writeFile(looper, `#!/bin/sh\nprintf 'a\\nb'\n${SLEEP} 0.2\nprintf 'c\\n'\n${SLEEP} 37.5\n`);
      await chmod(looper, 0o755);
      const got: string[][] = [];
      const exits: unknown[] = [];
      const handle = spawnLines()(looper, [], { lines: (l) => got.push(l), exit: (r) => exits.push(r) });
      const deadline = Date.now() + 3000;
      while (got.length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
      assert.deepEqual(got, [['a'], ['bc']]);
      handle.stop();
      await new Promise((res) => setTimeout(res, 100));
      assert.equal(await sleeping('37.5'), false);
      assert.deepEqual(exits, [], 'no exit callback after stop()');
    } finally {
      await removeDir(dir);
    }
  });
});

/** Whether a process with this argument is running (Linux /proc). */
async function sleeping(arg: string): Promise<boolean> {
  const { readdir } = await import('node:fs/promises');
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.split('\0').includes(arg)) return true;
  }
  return false;
}

describe('CallGpuStore', () => {
  const stats = (u: number): GpuCallStats => ({ device: 'nvidia-smi:0', source: 'nvidia-smi', samples: 1, utilizationAvg: u, utilizationPeak: u, devices: [] });
  const row = (traceId: string, spanId: string, startMs: number, durationMs: number, spanClass: LlmCallRow['spanClass'] = 'llm'): LlmCallRow => ({
    traceId, spanId, name: 'chat', service: 's', startTimeUnixNano: `${BigInt(startMs) * 1_000_000n}`, hasError: false,
    spanClass, costUsd: null, costSource: 'no-usage', durationMs, conventions: [],
  });

  it('settles a call once its window is complete, waits for late samples, gives up, forgets removed traces, and survives a damaged file', async () => {
    const dir = await tempDir();
    try {
      let now = 10_000;
      let covered: GpuCallStats | undefined;
      const logs: string[] = [];
      const open = () => CallGpuStore.open({ dataDir: dir, window: () => covered, settleMs: 2000, giveUpMs: 60_000, log: (m) => logs.push(m), now: () => now, maxEntries: 2 });
      const s = await open();
      s.observeCalls([row('t1', 'a', 9_000, 500), row('t1', 'tool', 9_000, 500, 'tool'), row('t2', 'b', 9_500, 400), row('t3', 'c', 9_600, 100)]);
      assert.equal(s.pendingCount, 3, 'only LLM and embedding calls wait');
      s.settle();
      assert.equal(s.size, 0, 'nothing before the settle delay');
      now = 12_000;
      covered = stats(40);
      s.settle();
      assert.equal(s.get('t1', 'a')?.utilizationAvg, 40);
      assert.equal(s.pendingCount, 0);
      s.forgetTraces(['t2']);
      assert.equal(s.get('t2', 'b'), undefined);
      s.observeCalls([row('t4', 'd', 12_000, 100)]);
      covered = undefined;
      now = 20_000;
      s.settle();
      assert.equal(s.pendingCount, 1, 'no samples yet: still waiting for the app\'s OTLP gauges');
      now = 80_000;
      s.settle();
      assert.equal(s.pendingCount, 0, 'gave up after giveUpMs');
      await s.flush();
      const reopened = await open();
      assert.equal(reopened.get('t1', 'a')?.utilizationAvg, 40);
      assert.equal(reopened.get('t3', 'c')?.utilizationAvg, 40);

      await writeFile(path.join(dir, CALL_GPU_FILE), '{"version":1,"calls":{"t1/a":');
      const damaged = await open();
      assert.equal(damaged.size, 0);
      assert.match(logs.join('\n'), /gpu-calls\.json unreadable/);
    } finally {
      await removeDir(dir);
    }
  });
});
