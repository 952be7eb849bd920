// Server-Sent Events for live UIs: one writer per client, heartbeats to keep proxies and idle
// timers from closing the stream, and nothing buffered for clients that stopped reading.
import type { Request, Response } from 'express';
import type { StreamEvent } from '../contract/api';

const HEARTBEAT_MS = 15000;

export class EventStream {
  private readonly clients = new Set<Response>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  attach(req: Request, res: Response, hello: StreamEvent): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    this.send(res, hello);
    req.on('close', () => this.clients.delete(res));
  }

  broadcast(event: StreamEvent): void {
    for (const c of this.clients) {
      // A client whose socket is backed up misses events rather than growing our memory;
      // it resynchronises from the query API on reconnect.
      if (c.writableNeedDrain) continue;
      this.send(c, event);
    }
  }

  private send(res: Response, event: StreamEvent): void {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
