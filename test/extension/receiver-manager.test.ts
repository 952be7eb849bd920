// The receiver's life as the extension runs it, against real processes: spawn with every setting,
// a second window attaching, take-over when the owner stops, restarts with backoff after crashes,
// port busy, refused settings, and the child exiting (flushed) when its parent is killed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { describe, it } from 'node:test';
import type { HealthResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import { ReceiverManager, type ReceiverState } from '../../extension/src/receiver-manager';
import { readSettings, receiverLaunch } from '../../extension/src/settings';
import { CLI, eventually, freePort, getJson, removeDir, startReceiverProcess, tempDir } from '../helpers/receiver-process';
import { hexId, tracesJson } from '../helpers/otlp-payloads';
import { CUSTOM } from './custom-settings';

async function launchFor(values: Record<string, unknown>, dataDir: string) {
  const { settings, problems } = readSettings((k) => values[k]);
  assert.deepEqual(problems, []);
  return receiverLaunch(settings, dataDir);
}

function manager(launch: Awaited<ReturnType<typeof launchFor>>, lines: string[], backoff = { delaysMs: [100], maxRestarts: 1, stableMs: 60_000 }) {
  return new ReceiverManager(launch, { cliPath: CLI, execPath: process.execPath, log: (l) => lines.push(l), backoff, watchMs: 200 });
}

function until(m: ReceiverManager, state: ReceiverState, timeoutMs = 20_000): Promise<void> {
  if (m.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state ${m.state}, wanted ${state}`)), timeoutMs);
    const sub = m.onChange(() => {
      if (m.state !== state) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('receiver manager', () => {
  it('spawns with every setting, lets a second window attach, and hands over when the owner stops', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const values = { ...CUSTOM, 'receiver.port': port, 'receiver.dataDir': dataDir, forwardTo: `http://127.0.0.1:${await freePort()}` };
    const lines: string[] = [];
    const first = manager(await launchFor(values, dataDir), lines);
    const secondLines: string[] = [];
    const second = manager(await launchFor(values, dataDir), secondLines);
    try {
      await first.start();
      assert.equal(first.state, 'listening', lines.join('\n'));
      assert.equal(first.owned, true);
      assert.match(lines.join('\n'), new RegExp(`starting: .* serve --host 127.0.0.1 --port ${port} --grpc-port off .*--no-redact.*--exit-with-parent`));
      // The settings reached the receiver: gRPC off, forwarding on, the extra Host name accepted.
      const h = await getJson<HealthResponse>(`http://127.0.0.1:${port}/api/health`, { headers: { host: `devbox:${port}` } });
      assert.equal(h.ports.grpc, null);
      assert.match(h.forward?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+/);
      assert.equal(first.info().grpcEndpoint, null);

      await second.start();
      assert.equal(second.state, 'attached');
      assert.equal(second.owned, false);
      assert.equal(second.info().health?.pid, h.pid);
      // Settings of an attached window apply to the owner's receiver only when the owner restarts it.
      assert.equal(await second.update(await launchFor({ ...values, 'retention.maxTraces': 9 }, dataDir)), 'attached');
      assert.equal(second.state, 'attached');

      await first.stop();
      assert.equal(first.state, 'stopped');
      assert.equal(alive(h.pid), false);
      await until(second, 'listening');
      assert.equal(second.owned, true);
      assert.match(secondLines.join('\n'), /went away; taking over/);
      assert.notEqual(second.info().health?.pid, h.pid);
    } finally {
      await first.dispose();
      await second.dispose();
      await removeDir(dataDir);
    }
  });

  it('restarts an owned receiver when its settings change, and not when they do not', async () => {
    const dataDir = await tempDir();
    const base = { 'receiver.port': await freePort(), 'receiver.grpcPort': 0, 'gpu.intervalMs': 0 };
    const lines: string[] = [];
    const m = manager(await launchFor(base, dataDir), lines);
    try {
      await m.start();
      const pid = m.info().health!.pid;
      assert.equal(await m.update(await launchFor({ ...base, 'terminal.injectEnvironment': false }, dataDir)), 'unchanged');
      assert.equal(m.info().health!.pid, pid);
      assert.equal(await m.update(await launchFor({ ...base, 'retention.maxTraces': 7 }, dataDir)), 'restarted');
      assert.equal(m.state, 'listening');
      assert.notEqual(m.info().health!.pid, pid);
      assert.equal(alive(pid), false);
      assert.match(lines.join('\n'), /--max-traces 7/);
    } finally {
      await m.dispose();
      await removeDir(dataDir);
    }
  });

  it('restarts a crashed receiver with backoff, then gives up with the reason', async () => {
    const dataDir = await tempDir();
    const lines: string[] = [];
    const m = manager(await launchFor({ 'receiver.port': await freePort(), 'receiver.grpcPort': 0, 'gpu.intervalMs': 0 }, dataDir), lines);
    try {
      await m.start();
      assert.equal(m.state, 'listening');
      const pid1 = m.info().health!.pid;
      process.kill(pid1, 'SIGKILL');
      await until(m, 'starting');
      await until(m, 'listening');
      const pid2 = m.info().health!.pid;
      assert.notEqual(pid2, pid1);
      assert.match(lines.join('\n'), /exited unexpectedly \(signal SIGKILL\)[\s\S]*restarting the receiver in 100 ms \(attempt 1\)/);
      process.kill(pid2, 'SIGKILL');
      await until(m, 'error');
      assert.match(m.info().detail ?? '', /keeps exiting \(signal SIGKILL\)/);
      assert.match(lines.join('\n'), /giving up after 1 restarts/);
    } finally {
      await m.dispose();
      await removeDir(dataDir);
    }
  });

  it('reports a port held by another program, and a setting the receiver refuses', async () => {
    const blocker = http.createServer((_req, res) => res.writeHead(404).end());
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    const dataDir = await tempDir();
    const busy = manager(await launchFor({ 'receiver.port': port }, dataDir), []);
    const refusedLines: string[] = [];
    const refused = manager(await launchFor({ 'receiver.port': await freePort(), 'warnings.rules': { noSuchRule: 5 } }, dataDir), refusedLines);
    try {
      await busy.start();
      assert.equal(busy.state, 'port-busy');
      assert.match(busy.info().detail ?? '', new RegExp(`port ${port} answers HTTP 404 .*; pick another port`));
      assert.equal(busy.owned, false);

      await refused.start();
      assert.equal(refused.state, 'error');
      assert.match(refused.info().detail ?? '', /unknown rule noSuchRule/);
      assert.doesNotMatch(refusedLines.join('\n'), /restarting/);
    } finally {
      blocker.close();
      await busy.dispose();
      await refused.dispose();
      await removeDir(dataDir);
    }
  });

  it('a receiver whose parent is killed flushes and exits (--exit-with-parent)', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    // A stand-in for the extension host: forks the receiver the way the manager does, then is killed.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').fork(${JSON.stringify(CLI)}, ['serve', '--port', '${port}', '--grpc-port', 'off', '--data', ${JSON.stringify(dataDir)}, '--gpu-interval-ms', '0', '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
         c.stdout.on('data', (d) => { if (String(d).includes('ready')) console.log('child ' + c.pid); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const childPid = await new Promise<number>((resolve) => parent.stdout!.on('data', (d: Buffer) => {
        const m = /child (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      }));
      const traceId = hexId(16);
      const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tracesJson([{ traceId, name: 'before the parent died' }])) });
      assert.equal(res.status, 200);
      parent.kill('SIGKILL');
      await eventually(async () => !alive(childPid), 15_000);
      const r = await startReceiverProcess({ dataDir });
      try {
        const detail = await getJson<TraceDetailResponse>(`${r.base}/api/traces/${traceId}`);
        assert.equal(detail.spans[0]?.name, 'before the parent died');
      } finally {
        await r.stop();
      }
    } finally {
      parent.kill('SIGKILL');
      await removeDir(dataDir);
    }
  });

  it('without an IPC channel, a receiver started with --exit-with-parent stops when stdin closes', async () => {
    const dataDir = await tempDir();
    const child = spawn(process.execPath, [CLI, 'serve', '--port', String(await freePort()), '--grpc-port', 'off', '--data', dataDir, '--gpu-interval-ms', '0', '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(async () => out.includes('ready\n'));
      child.stdin!.end();
      assert.equal(await exited, 0);
      assert.match(out, /received stdin end, flushing and stopping/);
    } finally {
      child.kill('SIGKILL');
      await removeDir(dataDir);
    }
  });
});
