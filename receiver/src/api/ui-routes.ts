// The receiver's browser UI: /ui (the trace list), /ui/trace/:traceId (one trace), /ui/compare
// (two calls or two traces), /ui/cost and /ui/gpu (the dashboards), the same webview bundle the
// extension shows, in a page shell with a strict CSP and a fresh nonce per response. The bundle
// fetches the query API from this origin, so /ui gets the same Host check.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { type Response } from 'express';
import { hostCheck } from './host-check';

const TRACE_ID = /^[0-9a-f]{32}$/;
const CALL_REF = /^[0-9a-f]{32}\/[0-9a-f]{16}$/;
const ASSETS = new Set(['webview.js', 'webview.css']);

/** dist/webview beside dist/receiver, where the running cli.cjs lives. */
function defaultAssetsDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(process.argv[1] ?? '.');
  return path.resolve(here, '../webview');
}

function csp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TITLES = { traces: 'Traces', compare: 'Compare', cost: 'Token cost', gpu: 'GPU' } as const;

/** `data`: body data attributes, validated by the caller to be plain ids (no markup). */
function sendShell(res: Response, view: 'traces' | 'trace' | 'compare' | 'cost' | 'gpu', traceId?: string, data: Record<string, string> = {}): void {
  const nonce = randomBytes(18).toString('base64');
  res.setHeader('Content-Security-Policy', csp(nonce));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // traceId is validated as 32 hex digits before it gets here: nothing in this page is user text.
  const title = view === 'trace' ? `Trace ${traceId} · LLM Trace Lens` : `${TITLES[view]} · LLM Trace Lens`;
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${v}"`)
    .join('');
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/assets/webview.css" nonce="${nonce}">
<script src="/ui/assets/webview.js" nonce="${nonce}" defer></script>
</head><body data-host="browser" data-view="${view}"${traceId ? ` data-trace-id="${traceId}"` : ''}${attrs}><div id="app"></div></body></html>`);
}

export function uiRouter(opts: { allowedHosts: readonly string[]; assetsDir?: string }): express.Router {
  const assetsDir = opts.assetsDir ?? defaultAssetsDir();
  const router = express.Router();
  router.use(hostCheck(opts.allowedHosts));
  router.get('/', (_req, res) => sendShell(res, 'traces'));
  router.get('/cost', (_req, res) => sendShell(res, 'cost'));
  router.get('/gpu', (_req, res) => sendShell(res, 'gpu'));
  router.get('/trace/:traceId', (req, res) => {
    const traceId = String(req.params.traceId).toLowerCase();
    if (!TRACE_ID.test(traceId)) {
      res.status(404).type('text').send('not a trace id (32 hex digits)');
      return;
    }
    sendShell(res, 'trace', traceId);
  });
  // /ui/compare?kind=calls&left=<trace>/<span>&right=<trace>/<span>, or kind=traces&left=<trace>&right=<trace>.
  router.get('/compare', (req, res) => {
    const kind = req.query.kind === 'calls' || req.query.kind === 'traces' ? req.query.kind : null;
    const left = typeof req.query.left === 'string' ? req.query.left.toLowerCase() : '';
    const right = typeof req.query.right === 'string' ? req.query.right.toLowerCase() : '';
    const id = kind === 'calls' ? CALL_REF : TRACE_ID;
    if (!kind || !id.test(left) || !id.test(right)) {
      res.status(400).type('text').send('compare needs kind=calls with left/right = <32 hex trace id>/<16 hex span id>, or kind=traces with two 32 hex trace ids');
      return;
    }
    sendShell(res, 'compare', undefined, { compare: kind, left, right });
  });
  router.get('/assets/:file', (req, res) => {
    const file = String(req.params.file);
    if (!ASSETS.has(file)) {
      res.status(404).type('text').send('not found');
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file, { root: assetsDir }, (err) => {
      if (err && !res.headersSent) res.status(404).type('text').send(`${file} is missing: run npm run build`);
    });
  });
  return router;
}
