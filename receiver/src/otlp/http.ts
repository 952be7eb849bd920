// OTLP/HTTP: POST /v1/{traces,logs,metrics}, protobuf or JSON, optionally gzip. Each step either
// continues or answers: media type (415) → body (413/400) → decode and persist (400/503) → 200.
import express, { type Request, type Response, type Router } from 'express';
import { asReceiverError, httpStatusOf, ReceiverError } from './errors';
import { encodingOf, type Encoding } from './decode';
import { encodeResponseJson, encodeResponseProto, encodeRpcStatus, type Signal } from './proto';
import { readBody } from './body';
import type { Ingest } from '../pipeline/ingest';
import { grpcCodeOf } from './errors';

const SIGNALS: Signal[] = ['traces', 'logs', 'metrics'];

const CONTENT_TYPE: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export interface OtlpHttpOptions {
  ingest: Ingest;
  maxBodyBytes: number;
  /** Decides whether a browser origin may export (CORS on /v1/* only). */
  corsAllowed: (origin: string) => boolean;
  log: (message: string) => void;
}

// A client only reads our answer once it has finished sending, so the rest of a rejected body is
// read and thrown away (no memory kept) up to this many bytes; past that the socket is cut.
const DISCARD_LIMIT = 256 * 1024 * 1024;

function discardRest(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT) {
        req.destroy();
        resolve();
      }
    });
    req.once('end', () => resolve());
    req.once('error', () => resolve());
    req.once('close', () => resolve());
    req.resume();
  });
}

async function sendError(req: Request, res: Response, encoding: Encoding, err: ReceiverError): Promise<void> {
  const status = httpStatusOf(err.kind);
  if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
  if (!req.readableEnded) {
    res.setHeader('Connection', 'close');
    await discardRest(req);
  }
  if (res.headersSent || res.destroyed) return;
  res.status(status).type(CONTENT_TYPE[encoding]);
  if (encoding === 'protobuf') res.send(Buffer.from(encodeRpcStatus(grpcCodeOf(err.kind), err.message)));
  else res.send(JSON.stringify({ code: grpcCodeOf(err.kind), message: err.message }));
}

export function otlpHttpRouter(opts: OtlpHttpOptions): Router {
  const router = express.Router();

  router.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && opts.corsAllowed(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader(
          'Access-Control-Allow-Headers',
          String(req.headers['access-control-request-headers'] ?? 'content-type, content-encoding'),
        );
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  });

  for (const signal of SIGNALS) {
    router.post(`/${signal}`, (req, res) => void handle(signal, req, res));
    router.all(`/${signal}`, (_req: Request, res: Response) => {
      res.setHeader('Allow', 'POST');
      void sendError(_req, res, 'json', new ReceiverError('method-not-allowed', `use POST to send ${signal}`));
    });
  }
  router.all('/{*rest}', (req, res) => {
    void sendError(req, res, 'json', new ReceiverError('not-found', `no OTLP endpoint at ${req.originalUrl}; use /v1/traces, /v1/logs or /v1/metrics`));
  });

  async function handle(signal: Signal, req: Request, res: Response): Promise<void> {
    const encoding = encodingOf(req.headers['content-type']);
    if (!encoding) {
      await sendError(
        req,
        res,
        'json',
        new ReceiverError(
          'unsupported-media',
          `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/x-protobuf or application/json`,
        ),
      );
      return;
    }
    try {
      const body = await readBody(req, opts.maxBodyBytes);
      const partial = await opts.ingest.export(signal, encoding, body);
      res.status(200).type(CONTENT_TYPE[encoding]);
      if (encoding === 'protobuf') res.send(Buffer.from(encodeResponseProto(signal, partial)));
      else res.send(encodeResponseJson(signal, partial));
    } catch (err) {
      const e = asReceiverError(err);
      if (e.kind === 'internal') opts.log(`export of ${signal} failed: ${e.message}`);
      await sendError(req, res, encoding, e);
    }
  }

  return router;
}
