// Attach or spawn: the probe against a free port, a real receiver, a foreign HTTP server and a
// foreign TCP server that speaks no HTTP.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { decideStart, probePort } from '../../extension/src/port-probe';
import { freePort, removeDir, startReceiverProcess } from '../helpers/receiver-process';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('port probe', () => {
  const servers: net.Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  it('spawns on a free port', async () => {
    const probe = await probePort('127.0.0.1', await freePort());
    assert.deepEqual(probe, { kind: 'free' });
    assert.equal(decideStart(probe), 'spawn');
  });

  it('attaches to a running receiver and reads its health', async () => {
    const r = await startReceiverProcess();
    try {
      const probe = await probePort('127.0.0.1', r.httpPort);
      assert.equal(probe.kind, 'receiver');
      assert.equal(probe.kind === 'receiver' && probe.health.pid, r.child.pid);
      assert.equal(decideStart(probe), 'attach');
      // A wildcard bind is probed on loopback.
      assert.equal((await probePort('0.0.0.0', r.httpPort)).kind, 'receiver');
    } finally {
      await r.stop();
      await removeDir(r.dataDir);
    }
  });

  it('reports a foreign HTTP server as port busy', async () => {
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/api/health' ? JSON.stringify({ name: 'something-else' }) : '{}');
    });
    servers.push(server);
    const port = await listen(server);
    const probe = await probePort('127.0.0.1', port);
    assert.deepEqual(probe, { kind: 'foreign', detail: `port ${port} is used by another HTTP service` });
    assert.equal(decideStart(probe), 'port-busy');

    const notFound = http.createServer((_req, res) => res.writeHead(404).end());
    servers.push(notFound);
    const port404 = await listen(notFound);
    const p404 = await probePort('127.0.0.1', port404);
    assert.equal(p404.kind, 'foreign');
    assert.match(p404.kind === 'foreign' ? p404.detail : '', /HTTP 404/);
  });

  it('reports a non-HTTP program as port busy', async () => {
    const server = net.createServer((socket) => socket.on('error', () => {}).end('SSH-2.0-OpenSSH_9.6\r\n'));
    servers.push(server);
    const port = await listen(server);
    const probe = await probePort('127.0.0.1', port, 1000);
    assert.deepEqual(probe, { kind: 'foreign', detail: `port ${port} is used by another program` });
  });
});
