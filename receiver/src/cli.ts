// llm-trace-lens: serve | import FILE | export TRACE_ID
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { RECEIVER_NAME, type HealthResponse } from './contract/api';
import { defaultConfig, defaultDataDir, validateConfig, type ReceiverConfig } from './config';
import { PortBusyError, startReceiver } from './main';
import { TraceStore } from './store/store';
import { Ingest } from './pipeline/ingest';
import { toTracesData } from './otlp/export-json';
import type { Signal } from './otlp/proto';
import { otlpDocuments } from './otlp/otlp-file';
import { VERSION } from './version';
import { PriceTable, parsePriceOverride } from './genai/price-table';
import { applyRuleSetting } from './rules/config';

const HELP = `LLM Trace Lens ${VERSION}: a local OTLP receiver and trace store for LLM apps.

Usage:
  llm-trace-lens serve [options]        receive OTLP and serve the query API
  llm-trace-lens import FILE [options]  load an OTLP/JSON file (one request per line, or one document)
  llm-trace-lens export TRACE_ID [--out FILE] [options]
                                        write one trace as OTLP/JSON (stdout by default)

Options:
  --host HOST            address to listen on (default 127.0.0.1; loopback only unless changed)
  --port N               OTLP/HTTP and query API port (default 4318)
  --grpc-port N|off      OTLP/gRPC port (default 4317)
  --data DIR             data directory (default ${defaultDataDir()})
  --forward URL          also send everything to this OTLP/HTTP endpoint (e.g. http://collector:4318)
  --max-traces N         keep at most N traces (default 20000; 0 = no cap)
  --max-disk-mb N        keep at most N MB on disk (default 1024; 0 = no cap)
  --max-age-hours N      drop data older than N hours (default 168; 0 = no cap)
  --max-body-mb N        largest request body after decompression (default 32)
  --max-pending-mb N     data waiting for disk before exports get 503 (default 64)
  --allow-host NAME      also accept this Host name on the query API (repeatable)
  --cors-origin ORIGIN   also let this browser origin export to /v1/* ('*' = any; repeatable)
  --price PATTERN=IN,OUT[,CACHED]
                         price a model (glob, e.g. 'gpt-4o*' or 'ollama/*') in USD per million
                         input, output[, cached input] tokens; repeatable, first match wins
  --no-redact            keep API keys and bearer tokens found in prompts and attributes
                         (they are masked by default)
  --rule NAME=VALUE      set a warning threshold, 'off' disables one (repeatable), e.g.
                         callLatencyMs=5000, sessionBudgetUsd=2, gpuTemperatureC=off;
                         see the README for every rule and its default
  --gpu-interval-ms N    sample the GPUs (nvidia-smi or rocm-smi) every N ms (default 1000;
                         0 = off; GPU metrics the app sends over OTLP are still shown)
  --gpu-history-minutes N
                         keep N minutes of GPU samples in memory (default 60)
  --gpu-timeout-ms N     kill a GPU tool that has not answered after N ms (default 5000)
  --exit-with-parent     flush and stop when the parent process goes away (its IPC channel
                         disconnects, or stdin closes when there is none); the extension uses it
  --lock-wait-ms N       when another receiver holds the data directory, wait up to N ms for
                         it to exit before giving up (default 0; 15000 with --exit-with-parent,
                         so an editor restarting its receiver waits for the old one to flush)
  -h, --help             show this help
  -v, --version          show the version

Point an app at it:
  OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'grpc-port': { type: 'string' },
  data: { type: 'string' },
  forward: { type: 'string' },
  'max-traces': { type: 'string' },
  'max-disk-mb': { type: 'string' },
  'max-age-hours': { type: 'string' },
  'max-body-mb': { type: 'string' },
  'max-pending-mb': { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  price: { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'gpu-interval-ms': { type: 'string' },
  'gpu-history-minutes': { type: 'string' },
  'gpu-timeout-ms': { type: 'string' },
  'no-redact': { type: 'boolean' },
  'exit-with-parent': { type: 'boolean' },
  'lock-wait-ms': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

function number(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

function configFrom(values: Values): ReceiverConfig {
  const c = defaultConfig();
  const MB = 1024 * 1024;
  if (values.host) c.host = values.host;
  c.httpPort = number(values.port, 'port') ?? c.httpPort;
  if (values['grpc-port'] === 'off') c.grpcPort = null;
  else c.grpcPort = number(values['grpc-port'], 'grpc-port') ?? c.grpcPort;
  if (values.data) c.dataDir = values.data;
  if (values.forward) c.forward = values.forward;
  const r = c.retention;
  r.maxTraces = number(values['max-traces'], 'max-traces') ?? r.maxTraces;
  const disk = number(values['max-disk-mb'], 'max-disk-mb');
  if (disk !== undefined) r.maxDiskBytes = disk * MB;
  const age = number(values['max-age-hours'], 'max-age-hours');
  if (age !== undefined) r.maxAgeMs = age * 3600 * 1000;
  const body = number(values['max-body-mb'], 'max-body-mb');
  if (body !== undefined) c.maxBodyBytes = body * MB;
  const pending = number(values['max-pending-mb'], 'max-pending-mb');
  if (pending !== undefined) c.maxPendingBytes = pending * MB;
  c.allowedHosts = (values['allow-host'] ?? []).map((h) => h.toLowerCase());
  c.corsOrigins = values['cors-origin'] ?? [];
  if (values['no-redact']) c.redactSecrets = false;
  c.gpu.intervalMs = number(values['gpu-interval-ms'], 'gpu-interval-ms') ?? c.gpu.intervalMs;
  c.gpu.historyMinutes = number(values['gpu-history-minutes'], 'gpu-history-minutes') ?? c.gpu.historyMinutes;
  c.gpu.timeoutMs = number(values['gpu-timeout-ms'], 'gpu-timeout-ms') ?? c.gpu.timeoutMs;
  c.lockWaitMs = number(values['lock-wait-ms'], 'lock-wait-ms') ?? (values['exit-with-parent'] ? 15_000 : c.lockWaitMs);
  try {
    for (const r of values.rule ?? []) applyRuleSetting(c.rules, r);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  try {
    c.prices = (values.price ?? []).map(parsePriceOverride);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const problems = validateConfig(c);
  if (problems.length) throw new UsageError(problems.join('\n'));
  return c;
}

/** The receiver answering on this port, if it is an LLM Trace Lens receiver. */
async function runningReceiver(port: number): Promise<HealthResponse | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    const h = (await res.json()) as HealthResponse;
    return h.name === RECEIVER_NAME ? h : null;
  } catch {
    return null;
  }
}

async function serve(config: ReceiverConfig, exitWithParent: boolean): Promise<void> {
  let receiver;
  try {
    receiver = await startReceiver(config);
  } catch (err) {
    if (err instanceof PortBusyError) {
      const other = err.protocol === 'http' ? await runningReceiver(err.port) : null;
      const hint = other
        ? `another LLM Trace Lens receiver (pid ${other.pid}, data ${other.dataDir}) is already listening there; use it, or pick other ports with --port and --grpc-port`
        : `another program is using it; pick a free port with --${err.protocol === 'http' ? 'port' : 'grpc-port'} N`;
      process.stderr.write(`llm-trace-lens: ${err.message}: ${hint}\n`);
      process.exit(3);
    }
    if (TraceStore.isLockedError(err)) {
      process.stderr.write(`llm-trace-lens: ${(err as Error).message}; stop it or use another --data directory\n`);
      process.exit(4);
    }
    throw err;
  }
  const grpcText = receiver.grpcPort === null ? 'off' : `${config.host}:${receiver.grpcPort}`;
  const s = receiver.store.stats();
  process.stdout.write(
    `LLM Trace Lens receiver ${VERSION} (pid ${process.pid})\n` +
      `  OTLP/HTTP + API  http://${config.host}:${receiver.httpPort}\n` +
      `  OTLP/gRPC        ${grpcText}\n` +
      `  data             ${config.dataDir} (${s.traces} traces, ${s.spans} spans)\n` +
      (config.forward ? `  forwarding to    ${config.forward}\n` : '') +
      `ready\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}, flushing and stopping\n`);
    receiver.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`llm-trace-lens: error while stopping: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // An editor killed without running deactivate() must not leave its receiver behind: the pipe
  // to the parent closes with the parent, whatever signal ended it.
  if (exitWithParent) {
    if (process.channel) {
      process.on('disconnect', () => stop('parent disconnect'));
      // The channel must not keep the process alive on its own once the servers are closed.
      process.channel.unref();
    } else {
      process.stdin.on('end', () => stop('stdin end')).on('error', () => stop('stdin error')).resume();
    }
  }
}

async function importFile(file: string, config: ReceiverConfig): Promise<void> {
  await fs.access(file).catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  const running = await runningReceiver(config.httpPort);
  let send: (signal: Signal, body: Buffer) => Promise<void>;
  let finish = async (): Promise<void> => undefined;
  if (running) {
    process.stderr.write(`importing into the running receiver on port ${config.httpPort} (pid ${running.pid})\n`);
    send = async (signal, body) => {
      const res = await fetch(`http://127.0.0.1:${config.httpPort}/v1/${signal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`receiver answered ${res.status}: ${text}`);
    };
  } else {
    const store = await TraceStore.open({
      dataDir: config.dataDir,
      retention: config.retention,
      maxPendingBytes: Number.MAX_SAFE_INTEGER,
      log: config.log,
    });
    const ingest = new Ingest(store, null, { redactSecrets: config.redactSecrets, prices: new PriceTable(config.prices) });
    send = async (signal, body) => {
      await ingest.export(signal, 'json', body);
    };
    finish = () => store.close();
  }
  const counts = { traces: 0, logs: 0, metrics: 0, skipped: 0 };
  let docs = 0;
  const progress = process.stderr.isTTY;
  try {
    for await (const doc of otlpDocuments(file)) {
      if (!doc.json) throw new UsageError(`${file}:${doc.line}: not JSON`);
      const signal = doc.signal;
      if (!signal) {
        counts.skipped++;
        continue;
      }
      try {
        await send(signal, Buffer.from(doc.text));
      } catch (err) {
        throw new UsageError(`${file}:${doc.line}: ${(err as Error).message}`);
      }
      counts[signal]++;
      docs++;
      if (progress && docs % 100 === 0) process.stderr.write(`\r${docs} documents imported`);
    }
  } finally {
    await finish();
  }
  if (progress) process.stderr.write('\r');
  process.stdout.write(
    `imported ${counts.traces} trace, ${counts.logs} log and ${counts.metrics} metric documents from ${file}` +
      (counts.skipped ? ` (skipped ${counts.skipped} that were not OTLP)` : '') +
      '\n',
  );
}

async function exportTrace(traceId: string, out: string | undefined, config: ReceiverConfig): Promise<void> {
  const id = traceId.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new UsageError('TRACE_ID must be 32 hex digits');
  let json: string;
  if (await runningReceiver(config.httpPort)) {
    const res = await fetch(`http://127.0.0.1:${config.httpPort}/api/traces/${id}/otlp`);
    if (res.status === 404) throw new UsageError(`trace ${id} not found`);
    if (!res.ok) throw new Error(`receiver answered ${res.status}: ${await res.text()}`);
    json = await res.text();
  } else {
    const store = await TraceStore.open({
      dataDir: config.dataDir,
      retention: { maxTraces: 0, maxDiskBytes: 0, maxAgeMs: 0 },
      maxPendingBytes: 1,
      log: config.log,
    });
    try {
      const trace = await store.getTrace(id);
      if (!trace) throw new UsageError(`trace ${id} not found in ${config.dataDir}`);
      json = JSON.stringify(toTracesData(trace.spans));
    } finally {
      await store.close();
    }
  }
  if (out) {
    await fs.writeFile(out, json + '\n');
    process.stderr.write(`wrote trace ${id} to ${out}\n`);
  } else {
    process.stdout.write(json + '\n');
  }
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const [command, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return;
  }
  const config = configFrom(values);
  switch (command) {
    case 'serve':
      return serve(config, values['exit-with-parent'] === true);
    case 'import':
      if (!arg) throw new UsageError('import needs a FILE');
      return importFile(arg, config);
    case 'export':
      if (!arg) throw new UsageError('export needs a TRACE_ID');
      return exportTrace(arg, values.out, config);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`llm-trace-lens: ${err.message}\nRun "llm-trace-lens --help" for usage.\n`);
    process.exit(2);
  }
  process.stderr.write(`llm-trace-lens: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
