// Typed receiver configuration, its defaults and validation. The CLI and the extension both
// build one of these; nothing else reads flags or settings.
import os from 'node:os';
import path from 'node:path';
import type { PriceOverride } from './genai/price-table';
import { DEFAULT_RULES, type RulesConfig } from './rules/config';

export interface ReceiverConfig {
  host: string;
  httpPort: number;
  /** null disables OTLP/gRPC. */
  grpcPort: number | null;
  dataDir: string;
  /** How long to wait for another receiver holding the data directory to exit. */
  lockWaitMs: number;
  /** Largest accepted request body, after decompression. */
  maxBodyBytes: number;
  /** Received bytes waiting for disk beyond which exports get 503 / UNAVAILABLE. */
  maxPendingBytes: number;
  retention: { maxTraces: number; maxDiskBytes: number; maxAgeMs: number };
  /** Upstream OTLP/HTTP base URL that receives a copy of everything. */
  forward: string | null;
  /** Extra Host header names the query API accepts (besides loopback names). */
  allowedHosts: string[];
  /** Browser origins allowed to export to /v1/* ('*' for any); loopback origins always are. */
  corsOrigins: string[];
  /** Mask API keys and bearer tokens in everything received (on by default). */
  redactSecrets: boolean;
  /** User prices, first match wins, before the bundled price table. */
  prices: PriceOverride[];
  /** Threshold warnings. */
  rules: RulesConfig;
  /** GPU sampling: intervalMs 0 turns the local sampler off; OTLP gpu.* gauges are merged regardless. */
  gpu: { intervalMs: number; historyMinutes: number; timeoutMs: number };
  log: (message: string) => void;
}

const MB = 1024 * 1024;

export function defaultDataDir(): string {
  return path.join(os.homedir(), '.llm-trace-lens');
}

export function defaultConfig(): ReceiverConfig {
  return {
    host: '127.0.0.1',
    httpPort: 4318,
    grpcPort: 4317,
    dataDir: defaultDataDir(),
    lockWaitMs: 0,
    maxBodyBytes: 32 * MB,
    maxPendingBytes: 64 * MB,
    retention: { maxTraces: 20000, maxDiskBytes: 1024 * MB, maxAgeMs: 7 * 24 * 3600 * 1000 },
    forward: null,
    allowedHosts: [],
    corsOrigins: [],
    redactSecrets: true,
    prices: [],
    rules: structuredClone(DEFAULT_RULES),
    gpu: { intervalMs: 1000, historyMinutes: 60, timeoutMs: 5000 },
    log: (m) => process.stderr.write(`[llm-trace-lens] ${m}\n`),
  };
}

export function validateConfig(c: ReceiverConfig): string[] {
  const problems: string[] = [];
  const port = (p: number, name: string): void => {
    if (!Number.isInteger(p) || p < 0 || p > 65535) problems.push(`${name} must be a port number (0-65535), got ${p}`);
  };
  port(c.httpPort, 'port');
  if (c.grpcPort !== null) port(c.grpcPort, 'grpc-port');
  if (c.grpcPort !== null && c.grpcPort !== 0 && c.grpcPort === c.httpPort) {
    problems.push('port and grpc-port must differ');
  }
  if (!c.host) problems.push('host must not be empty');
  if (!(c.maxBodyBytes > 0)) problems.push('max body size must be positive');
  if (!(c.maxPendingBytes > 0)) problems.push('max pending size must be positive');
  for (const [k, v] of Object.entries(c.retention)) {
    if (!(v >= 0) || !Number.isFinite(v)) problems.push(`retention ${k} must be a non-negative number`);
  }
  const g = c.gpu;
  if (!Number.isInteger(g.intervalMs) || (g.intervalMs !== 0 && g.intervalMs < 100)) {
    problems.push(`gpu-interval-ms must be 0 (off) or a whole number of at least 100, got ${g.intervalMs}`);
  }
  if (!(g.historyMinutes > 0) || !Number.isFinite(g.historyMinutes)) problems.push('gpu-history-minutes must be positive');
  if (!Number.isInteger(g.timeoutMs) || g.timeoutMs < 100) problems.push(`gpu-timeout-ms must be a whole number of at least 100, got ${g.timeoutMs}`);
  if (c.forward !== null) {
    try {
      const u = new URL(c.forward);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push('forward URL must be http(s)');
    } catch {
      problems.push(`forward URL is not a URL: ${c.forward}`);
    }
  }
  return problems;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\./.test(host);
}
