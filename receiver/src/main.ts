// Wires the receiver: store → ingest → OTLP/HTTP + OTLP/gRPC + query API, and stops them in the
// reverse order so that every request already accepted is written before the process exits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { RECEIVER_NAME, type HealthResponse } from './contract/api';
import type { ReceiverConfig } from './config';
import { isLoopbackHost } from './config';
import { TraceStore } from './store/store';
import { Ingest } from './pipeline/ingest';
import { Forwarder } from './forward/forwarder';
import { otlpHttpRouter } from './otlp/http';
import { startOtlpGrpc, type GrpcServerHandle } from './otlp/grpc';
import { apiRouter } from './api/routes';
import { uiRouter } from './api/ui-routes';
import { originAllowed } from './api/host-check';
import { EventStream } from './api/sse';
import { landingPage } from './landing';
import { VERSION } from './version';
import { PriceTable } from './genai/price-table';
import { WarningsService } from './rules/warnings-service';
import { GpuService } from './gpu/gpu-service';
import { CallGpuStore } from './gpu/call-gpu-store';

export interface RunningReceiver {
  httpPort: number;
  grpcPort: number | null;
  store: TraceStore;
  health(): HealthResponse;
  close(): Promise<void>;
}

export class PortBusyError extends Error {
  constructor(
    readonly port: number,
    readonly protocol: 'http' | 'grpc',
  ) {
    super(`port ${port} (${protocol === 'http' ? 'OTLP/HTTP' : 'OTLP/gRPC'}) is already in use`);
  }
}

const SSE_COALESCE_MS = 100;
const RETENTION_SWEEP_MS = 60000;

export async function startReceiver(config: ReceiverConfig): Promise<RunningReceiver> {
  const store = await TraceStore.open({
    dataDir: config.dataDir,
    retention: config.retention,
    maxPendingBytes: config.maxPendingBytes,
    lockWaitMs: config.lockWaitMs,
    log: config.log,
  });
  const forwarder = config.forward ? new Forwarder(config.forward, 64 * 1024 * 1024, config.log) : null;
  const prices = new PriceTable(config.prices);
  const ingest = new Ingest(store, forwarder, { redactSecrets: config.redactSecrets, prices });
  const events = new EventStream();
  const warnings = new WarningsService(config.rules);
  store.on('calls', (rows) => warnings.observeCalls(rows));
  warnings.on('changes', (changes) => events.broadcast({ type: 'warnings', changes }));
  const gpu = new GpuService({ ...config.gpu, log: config.log });
  store.on('metrics', (points) => gpu.observeMetrics(points));
  const callGpu = await CallGpuStore.open({
    dataDir: config.dataDir,
    window: (from, to) => gpu.windowStats(from, to),
    settleMs: gpu.settleMs,
    log: config.log,
  });
  store.on('calls', (rows) => callGpu.observeCalls(rows));
  store.on('removed', (ids) => callGpu.forgetTraces(ids));
  gpu.on('update', (latest, state, fresh) => {
    for (const s of fresh) warnings.observeGpu(s);
    callGpu.settle();
    if (events.size > 0) events.broadcast({ type: 'gpu', latest, state });
  });
  const startedAt = new Date().toISOString();
  let httpPort = config.httpPort;
  let grpc: GrpcServerHandle | null = null;

  const health = (): HealthResponse => ({
    name: RECEIVER_NAME,
    version: VERSION,
    pid: process.pid,
    host: config.host,
    ports: { http: httpPort, grpc: grpc?.port ?? null },
    dataDir: config.dataDir,
    startedAt,
    store: store.stats(),
    forward: forwarder?.stats() ?? null,
  });

  // Commits arrive in bursts under load: announce each changed trace at most every 100 ms.
  const changed = new Set<string>();
  const metricNames = new Set<string>();
  let flushTimer: NodeJS.Timeout | null = null;
  const flushEvents = (): void => {
    flushTimer = null;
    const traces = [...changed].map((id) => store.summary(id)).filter((s) => s !== undefined);
    changed.clear();
    if (traces.length) events.broadcast({ type: 'traces', traces });
    if (metricNames.size) events.broadcast({ type: 'metrics', names: [...metricNames] });
    metricNames.clear();
  };
  store.on('committed', (ids, names) => {
    // Nobody listening: nothing to announce (a new subscriber starts from the query API).
    if (events.size === 0) return;
    ids.forEach((id) => changed.add(id));
    names.forEach((n) => metricNames.add(n));
    flushTimer ??= setTimeout(flushEvents, SSE_COALESCE_MS);
  });
  store.on('removed', (ids) => {
    ids.forEach((id) => changed.delete(id));
    events.broadcast({ type: 'traces-removed', traceIds: ids });
  });

  const corsAllowed = (origin: string): boolean =>
    config.corsOrigins.includes('*') || config.corsOrigins.includes(origin) || originAllowed(origin, config.allowedHosts);

  let shuttingDown = false;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    if (!shuttingDown) return next();
    // Keep-alive clients would otherwise hold the server open with new exports forever.
    res.setHeader('Connection', 'close');
    if (!req.path.startsWith('/v1/')) return next();
    res.setHeader('Retry-After', '1');
    res.status(503).json({ code: 14, message: 'receiver is shutting down' });
  });
  app.use('/v1', otlpHttpRouter({ ingest, maxBodyBytes: config.maxBodyBytes, corsAllowed, log: config.log }));
  app.use('/api', apiRouter({ store, events, health, prices, warnings, gpu, callGpu, allowedHosts: config.allowedHosts }));
  app.use('/ui', uiRouter({ allowedHosts: config.allowedHosts }));
  app.get('/', (_req, res) => {
    res.type('html').send(landingPage(health()));
  });
  app.post('/', (_req, res) => {
    res
      .status(404)
      .json({ code: 5, message: 'POST OTLP data to /v1/traces, /v1/logs or /v1/metrics (set OTEL_EXPORTER_OTLP_ENDPOINT to the base URL, without a path)' });
  });

  const server = http.createServer({ requestTimeout: 60000, keepAliveTimeout: 65000 }, app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new PortBusyError(config.httpPort, 'http') : err),
      );
      server.listen(config.httpPort, config.host, () => resolve());
    });
    httpPort = (server.address() as AddressInfo).port;
    if (config.grpcPort !== null) {
      try {
        grpc = await startOtlpGrpc({
          host: config.host,
          port: config.grpcPort,
          ingest,
          maxBodyBytes: config.maxBodyBytes,
          log: config.log,
        });
      } catch (err) {
        throw /address already in use|EADDRINUSE|No address added/i.test((err as Error).message)
          ? new PortBusyError(config.grpcPort, 'grpc')
          : err;
      }
    }
  } catch (err) {
    server.close();
    warnings.close();
    events.close();
    await store.close();
    throw err;
  }
  if (!isLoopbackHost(config.host)) {
    config.log(`listening on ${config.host}: OTLP ports are reachable from other machines`);
  }
  gpu.start();

  const sweep = setInterval(() => void store.sweep().catch((e: Error) => config.log(`retention: ${e.message}`)), RETENTION_SWEEP_MS);
  sweep.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      shuttingDown = true;
      clearInterval(sweep);
      warnings.close();
      gpu.close();
      events.close();
      // Stop accepting; requests in flight still finish and get their acknowledgement, and each
      // connection is closed as soon as it falls idle.
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => server.closeAllConnections(), 10000);
      await Promise.all([httpClosed, grpc?.close()]);
      clearInterval(idle);
      clearTimeout(force);
      if (flushTimer) clearTimeout(flushTimer);
      await store.close();
      await callGpu.flush();
      await forwarder?.drain(3000);
    })());

  return {
    get httpPort() {
      return httpPort;
    },
    get grpcPort() {
      return grpc?.port ?? null;
    },
    store,
    health,
    close,
  };
}
