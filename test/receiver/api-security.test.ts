// The query API is for this machine only: loopback Host names, no CORS, no cross-origin writes.
// OTLP ingest allows CORS from loopback pages (browser apps under development).
import assert from 'node:assert/strict';
import http from 'node:http';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { StreamEvent, TraceListResponse } from '../../receiver/src/contract/api';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { hexId, tracesProto } from '../helpers/otlp-payloads';

/** A raw request with a chosen Host header (fetch does not let us set it). */
function rawGet(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('query API security', () => {
  let rx: ReceiverProcess;
  before(async () => {
    rx = await startReceiverProcess();
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  it('serves loopback Host names and refuses others (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${rx.httpPort}`, `localhost:${rx.httpPort}`, `[::1]:${rx.httpPort}`, 'localhost']) {
      const res = await rawGet(rx.httpPort, '/api/health', { host });
      assert.equal(res.status, 200, host);
    }
    for (const host of [`evil.example:${rx.httpPort}`, 'attacker.com', `127.0.0.1.nip.io:${rx.httpPort}`]) {
      const res = await rawGet(rx.httpPort, '/api/traces', { host });
      assert.equal(res.status, 403, host);
      assert.match(res.body, /DNS rebinding/);
    }
  });

  it('never sends CORS headers on the query API', async () => {
    const get = await rawGet(rx.httpPort, '/api/traces', { host: `localhost:${rx.httpPort}`, origin: 'http://localhost:3000' });
    assert.equal(get.status, 200);
    assert.equal(get.headers['access-control-allow-origin'], undefined);
    const preflight = await rawGet(
      rx.httpPort,
      '/api/traces',
      { host: `localhost:${rx.httpPort}`, origin: 'http://localhost:3000', 'access-control-request-method': 'DELETE' },
      'OPTIONS',
    );
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-methods'], undefined);
  });

  it('refuses cross-origin writes to the API', async () => {
    const res = await rawGet(rx.httpPort, '/api/traces', { host: `localhost:${rx.httpPort}`, origin: 'https://evil.example' }, 'DELETE');
    assert.equal(res.status, 403);
    assert.match(res.body, /cross-origin DELETE/);
  });

  it('allows CORS for OTLP export from loopback pages only', async () => {
    const preflight = await rawGet(
      rx.httpPort,
      '/v1/traces',
      { host: `localhost:${rx.httpPort}`, origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      'OPTIONS',
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'http://localhost:5173');
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
    const foreign = await rawGet(
      rx.httpPort,
      '/v1/traces',
      { host: `localhost:${rx.httpPort}`, origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      'OPTIONS',
    );
    assert.equal(foreign.headers['access-control-allow-origin'], undefined);
    const post = await fetch(`${rx.base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', origin: 'http://127.0.0.1:8080' },
      body: tracesProto([{}]),
    });
    assert.equal(post.status, 200);
    assert.equal(post.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
  });

  it('listens on loopback only by default', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) {
      // No non-loopback interface on this machine: the bind address is the evidence.
      const h = await getJson<{ host: string }>(`${rx.base}/api/health`);
      assert.equal(h.host, '127.0.0.1');
      return;
    }
    await assert.rejects(fetch(`http://${external.address}:${rx.httpPort}/api/health`), /fetch failed/);
  });
});

describe('live event stream', () => {
  it('announces new traces to subscribers, then removals', async () => {
    const rx = await startReceiverProcess();
    try {
      const res = await fetch(`${rx.base}/api/events`);
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      const nextEvent = async (): Promise<StreamEvent> => {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) return JSON.parse(data.slice(6)) as StreamEvent;
            continue;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += value;
        }
      };
      const hello = await nextEvent();
      assert.equal(hello.type, 'hello');
      const traceId = hexId(16);
      await fetch(`${rx.base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: tracesProto([{ traceId, name: 'live one' }]),
      });
      const ev = await nextEvent();
      assert.equal(ev.type, 'traces');
      assert.ok(ev.type === 'traces' && ev.traces.some((t) => t.traceId === traceId && t.rootName === 'live one'));
      const cleared = await fetch(`${rx.base}/api/traces`, { method: 'DELETE' });
      assert.deepEqual(await cleared.json(), { removed: 1 });
      const removed = await nextEvent();
      assert.equal(removed.type, 'traces-removed');
      assert.ok(removed.type === 'traces-removed' && removed.traceIds.includes(traceId));
      const list = await getJson<TraceListResponse>(`${rx.base}/api/traces`);
      assert.equal(list.traces.length, 0);
      await reader.cancel();
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });
});
