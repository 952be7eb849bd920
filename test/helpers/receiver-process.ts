// Starts the built receiver CLI as a real child process on free ports with a temp data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HealthResponse } from '../../receiver/src/contract/api';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/receiver/cli.cjs');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix = 'ltl-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface ReceiverProcess {
  child: ChildProcess;
  httpPort: number;
  grpcPort: number;
  dataDir: string;
  base: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startReceiverProcess(
  opts: { dataDir?: string; args?: string[]; httpPort?: number; grpcPort?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ReceiverProcess> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const httpPort = opts.httpPort ?? (await freePort());
  const grpcPort = opts.grpcPort ?? (await freePort());
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(httpPort), '--grpc-port', String(grpcPort), '--data', dataDir, ...(opts.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start:\n${out}`)), 15000);
    const check = (): void => {
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited with ${code} before ready:\n${out}`));
    });
  });
  return {
    child,
    httpPort,
    grpcPort,
    dataDir,
    base: `http://127.0.0.1:${httpPort}`,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function health(base: string): Promise<HealthResponse> {
  return getJson<HealthResponse>(`${base}/api/health`);
}

/** Polls until `fn` returns a truthy value (for data that arrives asynchronously). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function removeDir(dir: string): Promise<void> {
  // A child receiver stopped by SIGKILL may still be tearing down: retry on ENOTEMPTY/EBUSY.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
