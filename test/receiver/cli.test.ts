// The CLI as users run it: help, usage errors, busy ports, import/export, forwarding.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { HealthResponse, TraceDetailResponse, TraceListResponse } from '../../receiver/src/contract/api';
import { CLI, freePort, getJson, removeDir, startReceiverProcess, tempDir } from '../helpers/receiver-process';
import { hexId, tracesJson, tracesProto } from '../helpers/otlp-payloads';

const exec = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { timeout: 30000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('llm-trace-lens CLI', () => {
  it('prints help and rejects unknown flags', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /llm-trace-lens serve \[options\]/);
    assert.match(help.stdout, /--forward URL/);
    const bad = await cli(['serve', '--prot', '1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--prot'/);
    const badPort = await cli(['serve', '--port', '70000']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /port must be a port number/);
  });

  it('explains a port taken by another program', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = await tempDir();
    try {
      const res = await cli(['serve', '--port', String(port), '--grpc-port', String(await freePort()), '--data', dir]);
      assert.equal(res.code, 3);
      assert.match(res.stderr, new RegExp(`port ${port} \\(OTLP/HTTP\\) is already in use: another program is using it; pick a free port with --port N`));
    } finally {
      blocker.close();
      await removeDir(dir);
    }
  });

  it('recognises a port taken by another LLM Trace Lens receiver, and a locked data dir', async () => {
    const rx = await startReceiverProcess();
    const dir = await tempDir();
    try {
      const busy = await cli(['serve', '--port', String(rx.httpPort), '--grpc-port', String(await freePort()), '--data', dir]);
      assert.equal(busy.code, 3);
      assert.match(busy.stderr, new RegExp(`another LLM Trace Lens receiver \\(pid ${rx.child.pid}`));
      const locked = await cli(['serve', '--port', String(await freePort()), '--grpc-port', String(await freePort()), '--data', rx.dataDir]);
      assert.equal(locked.code, 4);
      assert.match(locked.stderr, /is in use by process/);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
      await removeDir(dir);
    }
  });

  it('waits for a receiver that still holds the data dir to exit (--lock-wait-ms), as an editor restarting its receiver does', async () => {
    const first = await startReceiverProcess();
    const second = startReceiverProcess({ dataDir: first.dataDir, args: ['--lock-wait-ms', '20000'] });
    let started: Awaited<typeof second> | undefined;
    try {
      // The second one is waiting, not failing: it answers only once the first has gone.
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(first.child.exitCode, null);
      await first.stop();
      started = await second;
      const health = await getJson<HealthResponse>(`${started.base}/api/health`);
      assert.equal(health.dataDir, first.dataDir);
      assert.equal(health.pid, started.child.pid);
    } finally {
      await (started ?? (await second.catch(() => undefined)))?.stop();
      await removeDir(first.dataDir);
    }
  });

  it('imports a collector file-exporter JSONL file and exports a trace that re-imports identically', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'otlp.jsonl');
    const traceId = hexId(16);
    const rootId = hexId(8);
    const lines = [
      JSON.stringify(tracesJson([{ traceId, spanId: rootId, name: 'imported root' }], 'importer')),
      JSON.stringify(tracesJson([{ traceId, parentSpanId: rootId, name: 'imported child', attributes: { n: 7 } }], 'importer')),
      JSON.stringify({
        resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'log line' }, traceId, spanId: rootId }] }] }],
      }),
      '',
      JSON.stringify({ somethingElse: true }),
    ];
    await fs.writeFile(file, lines.join('\n'));
    const dataDir = path.join(dir, 'data');
    const port = String(await freePort());
    try {
      // No receiver running: the CLI writes into the data directory itself.
      const res = await cli(['import', file, '--data', dataDir, '--port', port]);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /imported 2 trace, 1 log and 0 metric documents/);
      assert.match(res.stdout, /skipped 1 that were not OTLP/);
      const out = path.join(dir, 'export.json');
      const exp = await cli(['export', traceId, '--out', out, '--data', dataDir, '--port', port]);
      assert.equal(exp.code, 0, exp.stderr);
      const exported = JSON.parse(await fs.readFile(out, 'utf8')) as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
      const names = exported.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name))).sort();
      assert.deepEqual(names, ['imported child', 'imported root']);

      // With a receiver running, import goes through it; the exported file re-imports to the same spans.
      const rx = await startReceiverProcess();
      try {
        const again = await cli(['import', out, '--port', String(rx.httpPort)]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, /importing into the running receiver/);
        const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
        const original = JSON.parse(
          (await cli(['export', traceId, '--port', String(rx.httpPort)])).stdout,
        ) as unknown;
        assert.deepEqual(original, exported);
        assert.equal(detail.spans.length, 2);
        assert.equal(detail.spans.find((s) => s.name === 'imported child')!.parentSpanId, rootId);
        const missing = await cli(['export', hexId(16), '--port', String(rx.httpPort)]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /not found/);
      } finally {
        await rx.stop();
        await removeDir(rx.dataDir);
      }
    } finally {
      await removeDir(dir);
    }
  });

  it('reports a file that is not JSON with its line number', async () => {
    const dir = await tempDir();
    try {
      const file = path.join(dir, 'bad.jsonl');
      await fs.writeFile(file, JSON.stringify(tracesJson([{}])) + '\n{not json\n');
      const res = await cli(['import', file, '--data', path.join(dir, 'data'), '--port', String(await freePort())]);
      assert.equal(res.code, 2);
      assert.match(res.stderr, /bad\.jsonl:2: not JSON/);
    } finally {
      await removeDir(dir);
    }
  });

  it('forwards everything to an upstream receiver, and a dead upstream never blocks ingest', async () => {
    const upstream = await startReceiverProcess();
    const local = await startReceiverProcess({ args: ['--forward', upstream.base] });
    const deadPort = await freePort();
    const isolated = await startReceiverProcess({ args: ['--forward', `http://127.0.0.1:${deadPort}`] });
    try {
      const traceId = hexId(16);
      const res = await fetch(`${local.base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: tracesProto([{ traceId, name: 'forwarded' }]),
      });
      assert.equal(res.status, 200);
      const up = await (async () => {
        for (let i = 0; i < 100; i++) {
          const r = await fetch(`${upstream.base}/api/traces/${traceId}`);
          if (r.ok) return (await r.json()) as TraceDetailResponse;
          await new Promise((x) => setTimeout(x, 50));
        }
        throw new Error('not forwarded');
      })();
      assert.equal(up.spans[0]!.name, 'forwarded');
      const h = await getJson<HealthResponse>(`${local.base}/api/health`);
      assert.equal(h.forward?.sent, 1);

      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${isolated.base}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(tracesJson([{ name: `local ${i}` }])),
        });
        assert.equal(r.status, 200);
      }
      const list = await getJson<TraceListResponse>(`${isolated.base}/api/traces`);
      assert.equal(list.traces.length, 5);
      const failing = await (async () => {
        for (let i = 0; i < 100; i++) {
          const hh = await getJson<HealthResponse>(`${isolated.base}/api/health`);
          if (hh.forward && hh.forward.failed === 5) return hh.forward;
          await new Promise((x) => setTimeout(x, 50));
        }
        throw new Error('failures not reported');
      })();
      assert.match(failing.lastError ?? '', /unreachable/);
      assert.match(isolated.output(), /forward: upstream .* unreachable/);
    } finally {
      for (const r of [upstream, local, isolated]) {
        await r.stop();
        await removeDir(r.dataDir);
      }
    }
  });
});
