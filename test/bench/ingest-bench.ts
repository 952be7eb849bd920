// Ingest benchmark: `npm run bench`. One run measures, against a real receiver child process fed
// by a separate client process over OTLP/HTTP protobuf:
//
//   decode floor   in-process protobuf decode of the same request bodies (no receiver running)
//   restart        a fresh store loaded with BENCH_RESTART_SPANS spans; stop it, then time a new
//                  receiver on the same data dir: spawn → "ready" → first 200 from /api/traces
//   ingest         acknowledged (200) spans/s end to end, and ack latency p50/p99
//   sustain        a longer load phase with receiver RSS sampled every second (flatness)
//   write amp.     bytes the load receiver wrote to disk (/proc/<pid>/io write_bytes) per request
//                  byte acknowledged, over ingest + sustain; also the segments/ size ratio
//   restart after load (information only): the same restart timing on the store the load left
//
// This script prints only the result JSON to stdout (and writes it to .bench/results.json);
// progress goes to stderr. `npm run bench` itself adds npm's banner and the build's "built ..." line
// to stdout before it, so machines should read .bench/results.json.
//
// Environment (all optional):
//   BENCH_SECONDS=20            measured ingest window      BENCH_WARMUP_SECONDS=3  warm-up before it
//   BENCH_SUSTAIN_SECONDS=60    sustained phase (RSS)       BENCH_DECODE_SECONDS=3  decode-floor timing
//   BENCH_CONCURRENCY=8         requests in flight          BENCH_TEMPLATES=64      distinct request bodies
//   BENCH_SEED=42               payload PRNG seed           BENCH_RESTART_SPANS=100000
//   BENCH_KEEP_DATA=1           keep the receiver data dir (its path is in the result)
//   BENCH_RECEIVER_ARGS="..."   extra receiver options (default: the receiver's own defaults)
import { spawn } from 'node:child_process';
import { readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Proto } from '../../receiver/src/otlp/proto';
import { decodeRequest } from '../../receiver/src/otlp/decode';
import type { HealthResponse, TraceListResponse } from '../../receiver/src/contract/api';
import { freePort, health, removeDir, startReceiverProcess, tempDir, type ReceiverProcess } from '../helpers/receiver-process';
import {
  buildTemplates,
  materialize,
  nowNanos,
  templatesHash,
  type ClientConfig,
  type ClientMessage,
  type ClientResult,
  type Template,
} from './payload';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLIENT = path.join(HERE, 'ingest-client.ts');
const RESULTS = path.join(ROOT, '.bench', 'results.json');
// The receiver runs as users run it, default retention included (20,000 traces), so the sustained
// phase shows the steady state: with retention off the in-memory index grows with the store by
// design. BENCH_RECEIVER_ARGS adds receiver options, e.g. "--max-traces 0" to turn retention off.
const RECEIVER_ARGS = (process.env.BENCH_RECEIVER_ARGS ?? '').split(/\s+/).filter(Boolean);

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

const CONFIG = {
  seed: envNumber('BENCH_SEED', 42),
  templates: Math.max(1, Math.floor(envNumber('BENCH_TEMPLATES', 64))),
  concurrency: Math.max(1, Math.floor(envNumber('BENCH_CONCURRENCY', 8))),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
  ingestSeconds: envNumber('BENCH_SECONDS', 20),
  sustainSeconds: envNumber('BENCH_SUSTAIN_SECONDS', 60),
  decodeSeconds: envNumber('BENCH_DECODE_SECONDS', 3),
  restartSpans: Math.floor(envNumber('BENCH_RESTART_SPANS', 100000)),
  keepData: process.env.BENCH_KEEP_DATA === '1',
  receiverArgs: RECEIVER_ARGS,
};

const TARGETS = {
  ingestToDecodeRatio: 0.4,
  writeAmplification: 3,
  restartMs: 2000,
  rssFlatRatio: 1.25,
};

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const MB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- /proc readers ----------------------------------------------------------------------------------

interface ProcIo {
  rchar: number;
  wchar: number;
  readBytes: number;
  writeBytes: number;
  cancelledWriteBytes: number;
}

function readProcIo(pid: number): ProcIo | null {
  try {
    const fields = new Map<string, number>();
    for (const line of readFileSync(`/proc/${pid}/io`, 'utf8').split('\n')) {
      const m = /^(\w+):\s*(\d+)/.exec(line);
      if (m) fields.set(m[1]!, Number(m[2]));
    }
    return {
      rchar: fields.get('rchar') ?? 0,
      wchar: fields.get('wchar') ?? 0,
      readBytes: fields.get('read_bytes') ?? 0,
      writeBytes: fields.get('write_bytes') ?? 0,
      cancelledWriteBytes: fields.get('cancelled_write_bytes') ?? 0,
    };
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak) in MB, or null where /proc is not available. */
function readRss(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function dirBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const name of await fs.readdir(dir)) {
    const st = await fs.stat(path.join(dir, name)).catch(() => null);
    if (st?.isFile()) {
      files++;
      bytes += st.size;
    }
  }
  return { files, bytes };
}

// ---- statistics ----------------------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function latencySummary(values: readonly number[]): { count: number; p50: number; p90: number; p99: number; max: number; mean: number } {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return {
    count: s.length,
    p50: round(percentile(s, 50)),
    p90: round(percentile(s, 90)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(mean),
  };
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

// ---- decode floor ----------------------------------------------------------------------------------

function timeLoop(seconds: number, templates: readonly Template[], fn: (buf: Buffer) => void): { spansPerSec: number; requests: number; ms: number } {
  const warmEnd = performance.now() + Math.min(1000, seconds * 300);
  for (let i = 0; performance.now() < warmEnd; i++) fn(templates[i % templates.length]!.buf);
  let spans = 0;
  let requests = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    const t = templates[requests % templates.length]!;
    fn(t.buf);
    spans += t.spans;
    requests++;
  }
  const ms = performance.now() - t0;
  return { spansPerSec: spans / (ms / 1000), requests, ms };
}

function decodeFloor(templates: readonly Template[]): { protoOnly: number; protoAndCanonical: number; requests: number } {
  const T = Proto.ExportTraceServiceRequest;
  let sink = 0;
  const proto = timeLoop(CONFIG.decodeSeconds, templates, (buf) => {
    sink += T.decode(buf) === null ? 1 : 0;
  });
  const canonical = timeLoop(Math.max(1, CONFIG.decodeSeconds / 2), templates, (buf) => {
    sink += decodeRequest('traces', 'protobuf', buf).spans.length;
  });
  if (sink < 0) log('unreachable');
  return { protoOnly: proto.spansPerSec, protoAndCanonical: canonical.spansPerSec, requests: proto.requests };
}

/** The patched bodies must decode to valid, unique, correctly parented spans. */
function checkPayloads(templates: readonly Template[]): void {
  for (const [i, t] of templates.entries()) {
    const seq = 0x00abcdef + i;
    const batch = decodeRequest('traces', 'protobuf', materialize(t, seq, nowNanos()));
    const prefix = seq.toString(16).padStart(8, '0');
    const ids = new Set(batch.spans.map((s) => s.spanId));
    const traces = new Set(batch.spans.map((s) => s.traceId));
    const bad =
      batch.rejected !== 0 ||
      batch.spans.length !== t.spans ||
      ids.size !== t.spans ||
      traces.size !== t.traces ||
      batch.spans.some(
        (s) => !s.traceId.startsWith(prefix) || !s.spanId.startsWith(prefix) || (s.parentSpanId !== undefined && !ids.has(s.parentSpanId)),
      );
    if (bad) throw new Error(`payload template ${i} does not survive patching`);
  }
}

// ---- client process ------------------------------------------------------------------------------

function runClient(cfg: ClientConfig, onStarted: () => void): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(cfg)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let result: ClientResult | null = null;
    const rl = readline.createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(line) as ClientMessage;
      } catch {
        log(`client: ${line}`);
        return;
      }
      if (msg.type === 'started') onStarted();
      else result = msg.result;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`client ${cfg.label} exited with ${code} without a result`));
    });
  });
}

// ---- RSS sampler ----------------------------------------------------------------------------------

class RssSampler {
  readonly samples: { phase: string; tSec: number; rssMb: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private phase = 'idle';
  private readonly t0 = performance.now();

  constructor(private readonly pid: number) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.sample();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  of(phase: string): { tSec: number; rssMb: number }[] {
    return this.samples.filter((s) => s.phase === phase).map(({ tSec, rssMb }) => ({ tSec, rssMb }));
  }

  private sample(): void {
    const r = readRss(this.pid);
    if (r) this.samples.push({ phase: this.phase, tSec: round((performance.now() - this.t0) / 1000, 1), rssMb: round(r.rssMb, 1) });
  }
}

// ---- receiver lifecycle ----------------------------------------------------------------------------

async function timedStart(dataDir: string): Promise<{ receiver: ReceiverProcess; readyMs: number }> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const t0 = performance.now();
  const receiver = await startReceiverProcess({ dataDir, httpPort, grpcPort, args: RECEIVER_ARGS });
  return { receiver, readyMs: performance.now() - t0 };
}

async function firstTracesAnswer(base: string): Promise<{ ms: number; status: number; traces: number }> {
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(`${base}/api/traces?limit=100`);
      if (res.ok) {
        const body = (await res.json()) as TraceListResponse;
        return { ms: performance.now() - t0, status: res.status, traces: body.traces.length };
      }
      if (performance.now() - t0 > 30000) return { ms: performance.now() - t0, status: res.status, traces: 0 };
    } catch {
      if (performance.now() - t0 > 30000) throw new Error('/api/traces never answered after restart');
    }
    await sleep(5);
  }
}

/** Network errors of the orchestrator's own API calls that a retry got past (kept in the result). */
const apiRetries: { url: string; error: string; cause: string }[] = [];

/**
 * GET /api/health, retried once on a network error. A failure here once ended a run with "fetch
 * failed" right after the 60 s sustain phase (an idle keep-alive connection, as it seems); the
 * retry records what happened instead of discarding the whole run.
 */
async function healthOf(base: string): Promise<HealthResponse> {
  try {
    return await health(base);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    const cause = (err as { cause?: unknown }).cause;
    apiRetries.push({ url: `${base}/api/health`, error: err.message, cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) });
    log(`health request failed (${err.message}: ${String(cause)}); retrying once`);
    await sleep(200);
    return health(base);
  }
}

/** Waits until nothing is waiting for disk, then a little longer for compaction and retention. */
async function settled(base: string): Promise<HealthResponse> {
  for (let i = 0; ; i++) {
    const h = await healthOf(base);
    if (h.store.pendingBytes === 0 || i > 200) {
      await sleep(1000);
      return healthOf(base);
    }
    await sleep(50);
  }
}

interface RestartMeasurement {
  storedSpans: number;
  storedTraces: number;
  segments: number;
  diskMb: number;
  stopMs: number;
  stopExit: { code: number | null; signal: string | null };
  /** Spawn of the new process to its "ready" line. */
  readyMs: number;
  /** Spawn to the first 200 from GET /api/traces. */
  firstTracesAnswerMs: number;
  firstTracesListed: number;
  firstTraceDetailMs: number;
  firstTraceDetailStatus: number;
  spansAfterRestart: number;
  tracesAfterRestart: number;
  rssMbAfterReady: number | null;
}

/** Stops `receiver` (graceful), then times a new receiver on the same data dir. */
async function measureRestart(receiver: ReceiverProcess): Promise<RestartMeasurement> {
  const before = await settled(receiver.base);
  const stopT0 = performance.now();
  const stopExit = await receiver.stop();
  const stopMs = performance.now() - stopT0;
  log(`restart: stopped in ${Math.round(stopMs)} ms, starting again on ${before.store.spans} spans`);
  const t0 = performance.now();
  const again = await timedStart(receiver.dataDir);
  try {
    const first = await firstTracesAnswer(again.receiver.base);
    const firstTracesAnswerMs = performance.now() - t0;
    const d0 = performance.now();
    const newest = (await (await fetch(`${again.receiver.base}/api/traces?limit=1`)).json()) as TraceListResponse;
    const detail = await fetch(`${again.receiver.base}/api/traces/${newest.traces[0]?.traceId ?? '0'.repeat(32)}`);
    await detail.arrayBuffer();
    const firstTraceDetailMs = performance.now() - d0;
    const after = await healthOf(again.receiver.base);
    const rss = readRss(again.receiver.child.pid!);
    const m: RestartMeasurement = {
      storedSpans: before.store.spans,
      storedTraces: before.store.traces,
      segments: before.store.segments,
      diskMb: round(before.store.diskBytes / MB, 1),
      stopMs: Math.round(stopMs),
      stopExit,
      readyMs: Math.round(again.readyMs),
      firstTracesAnswerMs: Math.round(firstTracesAnswerMs),
      firstTracesListed: first.traces,
      firstTraceDetailMs: Math.round(firstTraceDetailMs),
      firstTraceDetailStatus: detail.status,
      spansAfterRestart: after.store.spans,
      tracesAfterRestart: after.store.traces,
      rssMbAfterReady: rss ? round(rss.rssMb, 1) : null,
    };
    log(`restart: ready ${m.readyMs} ms, first /api/traces ${m.firstTracesAnswerMs} ms, ${m.spansAfterRestart} spans back`);
    return m;
  } finally {
    await again.receiver.stop();
  }
}

// ---- main ----------------------------------------------------------------------------------------

let nextSeq = 1;

async function main(): Promise<void> {
  const benchStart = performance.now();
  log(`config ${JSON.stringify(CONFIG)}`);

  // 1. Payloads and the decode floor, with nothing else running.
  log(`building ${CONFIG.templates} request templates (seed ${CONFIG.seed})`);
  const templates = buildTemplates(CONFIG.seed, CONFIG.templates);
  const hash = templatesHash(templates);
  checkPayloads(templates);
  const reqBytes = templates.map((t) => t.buf.length);
  const reqSpans = templates.map((t) => t.spans);
  const payload = {
    templates: templates.length,
    sha256: hash,
    avgRequestBytes: Math.round(mean(reqBytes)),
    avgSpansPerRequest: round(mean(reqSpans)),
    tracesPerRequest: templates[0]!.traces,
    avgBytesPerSpan: Math.round(mean(reqBytes) / mean(reqSpans)),
  };
  log(`payload: ${JSON.stringify(payload)}`);
  log(`decode floor: timing Proto.ExportTraceServiceRequest.decode for ${CONFIG.decodeSeconds}s`);
  const floor = decodeFloor(templates);
  log(`decode floor: ${Math.round(floor.protoOnly)} spans/s (decode+canonical ${Math.round(floor.protoAndCanonical)} spans/s)`);

  const runLoad = async (
    receiver: ReceiverProcess,
    label: string,
    mode: ClientConfig['mode'],
    onStarted: () => void = () => undefined,
  ): Promise<ClientResult> => {
    const cfg: ClientConfig = {
      base: receiver.base,
      seed: CONFIG.seed,
      templates: CONFIG.templates,
      concurrency: CONFIG.concurrency,
      seqStart: nextSeq,
      mode,
      label,
    };
    const r = await runClient(cfg, onStarted);
    if (r.templatesHash !== hash) throw new Error(`client ${label} built different payloads (${r.templatesHash} != ${hash})`);
    nextSeq = r.nextSeq;
    return r;
  };

  // 2. Cold start of an empty receiver, for comparison with the restarts below.
  const emptyDir = await tempDir('ltl-bench-empty-');
  const empty = await timedStart(emptyDir);
  const emptyRss = readRss(empty.receiver.child.pid!);
  await empty.receiver.stop();
  await removeDir(emptyDir);
  log(`empty receiver ready in ${Math.round(empty.readyMs)} ms`);

  // 3. Restart target: a store of exactly BENCH_RESTART_SPANS spans (rounded up to a request).
  const restartDir = await tempDir('ltl-bench-restart-');
  const restartRequests = Math.ceil(CONFIG.restartSpans / mean(reqSpans));
  log(`restart: loading ${restartRequests} requests (~${CONFIG.restartSpans} spans) into a fresh store`);
  const toRestart = (await timedStart(restartDir)).receiver;
  let restart: RestartMeasurement;
  try {
    await runLoad(toRestart, 'restart-load', { kind: 'requests', count: restartRequests });
    restart = await measureRestart(toRestart);
  } catch (err) {
    log(`receiver output:\n${toRestart.output().slice(-4000)}`);
    await toRestart.stop();
    throw err;
  }
  await removeDir(restartDir);

  // 4. The receiver under ingest load.
  const dataDir = await tempDir('ltl-bench-');
  const { receiver } = await timedStart(dataDir);
  const pid = receiver.child.pid!;
  log(`receiver pid ${pid} on ${receiver.base}, data ${dataDir}`);
  const sampler = new RssSampler(pid);
  sampler.start();
  const io0 = readProcIo(pid);
  const phase = (label: string) => () => sampler.setPhase(label);

  try {
    // 5. Ingest throughput and latency.
    log(`ingest: ${CONFIG.warmupSeconds}s warm-up + ${CONFIG.ingestSeconds}s measured, ${CONFIG.concurrency} in flight`);
    const ingest = await runLoad(
      receiver,
      'ingest',
      { kind: 'duration', warmupMs: CONFIG.warmupSeconds * 1000, durationMs: CONFIG.ingestSeconds * 1000 },
      phase('ingest'),
    );
    sampler.setPhase('idle');
    const ingestSpansPerSec = ingest.window.ackedSpans / (ingest.windowMs / 1000);
    log(`ingest: ${Math.round(ingestSpansPerSec)} spans/s acknowledged, statuses ${JSON.stringify(ingest.totals.statuses)}`);

    // 6. Sustained load: RSS every second.
    const rssBeforeSustain = readRss(pid);
    const spansBeforeSustain = (await healthOf(receiver.base)).store.spans;
    log(`sustain: ${CONFIG.sustainSeconds}s, sampling receiver RSS every second`);
    const sustain = await runLoad(receiver, 'sustain', { kind: 'duration', warmupMs: 0, durationMs: CONFIG.sustainSeconds * 1000 }, phase('sustain'));
    sampler.setPhase('idle');
    const sustainSpansPerSec = sustain.window.ackedSpans / (sustain.windowMs / 1000);
    log(`sustain: ${Math.round(sustainSpansPerSec)} spans/s, statuses ${JSON.stringify(sustain.totals.statuses)}`);

    // 7. Disk writes and memory, once every acknowledged export (and the maintenance after it) is done.
    const h = await settled(receiver.base);
    const io1 = readProcIo(pid);
    const rssEnd = readRss(pid);
    sampler.stop();
    const seg = await dirBytes(path.join(dataDir, 'segments'));
    const clients = [ingest, sustain];
    const ackedBytes = clients.reduce((n, c) => n + c.totals.ackedBytes, 0);
    const answeredBytes = clients.reduce((n, c) => n + c.totals.answeredBytes, 0);
    const ackedSpansTotal = clients.reduce((n, c) => n + c.totals.ackedSpans, 0);
    log(`stored: ${h.store.spans} spans, ${h.store.traces} traces, ${h.store.segments} segments, ${(h.store.diskBytes / MB).toFixed(1)} MB`);

    // 8. For information: restart of the (much larger) store the load phases left.
    let restartLoaded: RestartMeasurement | { error: string };
    try {
      restartLoaded = await measureRestart(receiver);
    } catch (err) {
      restartLoaded = { error: (err as Error).message.slice(0, 500) };
      log(`restart of the loaded store failed: ${restartLoaded.error}`);
    }
    await receiver.stop();
    if (!CONFIG.keepData) await removeDir(dataDir);

    // 9. The report.
    const decodeFloorSpansPerSec = floor.protoOnly;
    const ingestToDecodeRatio = ingestSpansPerSec / decodeFloorSpansPerSec;
    const writeBytes = io0 && io1 ? io1.writeBytes - io0.writeBytes : null;
    const cancelled = io0 && io1 ? io1.cancelledWriteBytes - io0.cancelledWriteBytes : null;
    const wchar = io0 && io1 ? io1.wchar - io0.wchar : null;
    const procIoRatio = writeBytes !== null && writeBytes > 0 ? (writeBytes - (cancelled ?? 0)) / ackedBytes : null;
    const wcharRatio = wchar !== null && wchar > 0 ? wchar / ackedBytes : null;
    const segmentsRatio = seg.bytes / ackedBytes;
    const writeAmplification = procIoRatio ?? wcharRatio ?? segmentsRatio;

    const rssSamples = sampler.of('sustain');
    const q = Math.max(1, Math.floor(rssSamples.length / 4));
    const firstQuarter = mean(rssSamples.slice(0, q).map((s) => s.rssMb));
    const lastQuarter = mean(rssSamples.slice(-q).map((s) => s.rssMb));
    const rssRatio = lastQuarter / firstQuarter;
    const peakRssMb = Math.max(rssEnd?.hwmMb ?? 0, ...sampler.samples.map((s) => s.rssMb));
    const sustainPerSecond = sustain.perSecondAckedSpans;
    // The last bucket is a partial second.
    const fullSeconds = sustainPerSecond.slice(0, Math.max(1, sustainPerSecond.length - 1));
    const tenth = Math.max(1, Math.floor(fullSeconds.length / 10));
    const sustainGrowthMb = rssEnd && rssBeforeSustain ? rssEnd.rssMb - rssBeforeSustain.rssMb : NaN;
    const latency = latencySummary(ingest.window.latenciesMs);
    const restartMet = restart.firstTracesAnswerMs <= TARGETS.restartMs && restart.storedSpans >= CONFIG.restartSpans;

    const result = {
      benchmark: 'llm-trace-lens ingest',
      at: new Date().toISOString(),
      node: process.version,
      config: CONFIG,
      payload,
      ingestSpansPerSec: Math.round(ingestSpansPerSec),
      decodeFloorSpansPerSec: Math.round(decodeFloorSpansPerSec),
      ingestToDecodeRatio: round(ingestToDecodeRatio, 4),
      decodeAndCanonicalSpansPerSec: Math.round(floor.protoAndCanonical),
      ackLatencyMs: { p50: latency.p50, p99: latency.p99, p90: latency.p90, max: latency.max, mean: latency.mean, count: latency.count },
      ingest: {
        windowSeconds: round(ingest.windowMs / 1000),
        ackedRequests: ingest.window.acked,
        ackedSpans: ingest.window.ackedSpans,
        requestsPerSec: round(ingest.window.acked / (ingest.windowMs / 1000)),
        requestMBPerSec: round(ingest.window.ackedBytes / MB / (ingest.windowMs / 1000)),
        statuses: ingest.totals.statuses,
        networkErrors: ingest.totals.networkErrors,
        firstError: ingest.totals.firstError,
      },
      sustain: {
        windowSeconds: round(sustain.windowMs / 1000),
        spansPerSec: Math.round(sustainSpansPerSec),
        firstTenthSpansPerSec: Math.round(mean(fullSeconds.slice(0, tenth))),
        lastTenthSpansPerSec: Math.round(mean(fullSeconds.slice(-tenth))),
        ackLatencyMs: latencySummary(sustain.window.latenciesMs),
        statuses: sustain.totals.statuses,
        networkErrors: sustain.totals.networkErrors,
        perSecondAckedSpans: sustainPerSecond,
      },
      writeAmplification: {
        value: round(writeAmplification, 3),
        source: procIoRatio !== null ? '/proc/<pid>/io write_bytes' : wcharRatio !== null ? '/proc/<pid>/io wchar' : 'segments dir size',
        procIoWriteBytesRatio: procIoRatio === null ? null : round(procIoRatio, 3),
        procIoWcharRatio: wcharRatio === null ? null : round(wcharRatio, 3),
        segmentsDirRatio: round(segmentsRatio, 3),
        procIoWriteBytes: writeBytes,
        procIoCancelledWriteBytes: cancelled,
        procIoWchar: wchar,
        segmentsDirBytes: seg.bytes,
        segmentsDirFiles: seg.files,
        requestBytesAcked: ackedBytes,
        requestBytesAnswered: answeredBytes,
      },
      restart: {
        ...restart,
        emptyDataDirReadyMs: Math.round(empty.readyMs),
        emptyRssMb: emptyRss ? round(emptyRss.rssMb, 1) : null,
      },
      restartAfterLoad: restartLoaded,
      peakRssMb: round(peakRssMb, 1),
      rss: {
        beforeSustainMb: rssBeforeSustain ? round(rssBeforeSustain.rssMb, 1) : null,
        endMb: rssEnd ? round(rssEnd.rssMb, 1) : null,
        firstQuarterMeanMb: round(firstQuarter, 1),
        lastQuarterMeanMb: round(lastQuarter, 1),
        lastToFirstQuarterRatio: round(rssRatio, 3),
        rssFlat: rssRatio <= TARGETS.rssFlatRatio,
        /** Retention is off, so the in-memory index grows with the store: growth per stored span. */
        storedSpansBeforeSustain: spansBeforeSustain,
        storedSpansAfterSustain: h.store.spans,
        growthMbPer100kSpans:
          h.store.spans - spansBeforeSustain >= 1000
            ? round((sustainGrowthMb / (h.store.spans - spansBeforeSustain)) * 100000, 2)
            : null,
        samples: rssSamples,
      },
      consistency: {
        ackedSpansTotal,
        storedSpans: h.store.spans,
        // With retention on (the default), the store holds the newest traces up to its cap.
        retentionOn: !RECEIVER_ARGS.includes('--max-traces'),
        storedMatchesAcked: RECEIVER_ARGS.includes('--max-traces') ? h.store.spans === ackedSpansTotal : null,
        storedTraces: h.store.traces,
        quarantined: h.store.quarantined.length,
      },
      targets: {
        ingestToDecodeRatio: {
          target: `>= ${TARGETS.ingestToDecodeRatio}`,
          value: round(ingestToDecodeRatio, 4),
          met: ingestToDecodeRatio >= TARGETS.ingestToDecodeRatio,
        },
        writeAmplification: {
          target: `<= ${TARGETS.writeAmplification}`,
          value: round(writeAmplification, 3),
          met: writeAmplification <= TARGETS.writeAmplification,
        },
        restartMs: {
          target: `spawn to first /api/traces answer <= ${TARGETS.restartMs} ms with >= ${CONFIG.restartSpans} spans stored`,
          value: restart.firstTracesAnswerMs,
          readyMs: restart.readyMs,
          storedSpans: restart.storedSpans,
          met: restartMet,
        },
        rssFlat: {
          target: `sustained-load RSS, last-quarter mean / first-quarter mean <= ${TARGETS.rssFlatRatio}`,
          value: round(rssRatio, 3),
          met: rssRatio <= TARGETS.rssFlatRatio,
        },
      },
      apiRetries,
      totalSeconds: 0,
      dataDir: CONFIG.keepData ? dataDir : null,
    };
    result.totalSeconds = round((performance.now() - benchStart) / 1000, 1);
    const json = JSON.stringify(result, null, 2);
    await fs.mkdir(path.dirname(RESULTS), { recursive: true });
    await fs.writeFile(RESULTS, json + '\n');
    process.stdout.write(json + '\n');
    const met = Object.entries(result.targets).map(([k, v]) => `${k} ${v.met ? 'met' : 'MISSED'} (${v.value})`);
    log(`targets: ${met.join(', ')}`);
    log(`done in ${result.totalSeconds}s; written to ${path.relative(ROOT, RESULTS)}`);
  } catch (err) {
    sampler.stop();
    log(`receiver output:\n${receiver.output().slice(-4000)}`);
    await receiver.stop().catch(() => undefined);
    throw err;
  }
}

main().catch((err: unknown) => {
  const cause = (err as { cause?: unknown }).cause;
  process.stderr.write(`[bench] failed: ${(err as Error).stack ?? String(err)}${cause ? `\ncause: ${String(cause)} ${JSON.stringify(cause)}` : ''}\n`);
  process.exit(1);
});
