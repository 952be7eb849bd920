// The page a browser gets at the receiver's root: what it is and how to send to it. The trace
// UI itself is the webview bundle at /ui (api/ui-routes.ts); this page carries no scripts.
import type { HealthResponse } from './contract/api';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function landingPage(h: HealthResponse): string {
  const httpUrl = `http://localhost:${h.ports.http}`;
  const grpcLine = h.ports.grpc === null ? 'disabled' : `http://localhost:${h.ports.grpc}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>LLM Trace Lens receiver</title>
<style>body{font:14px system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}code,pre{background:#8881;padding:.1em .3em}</style>
</head><body>
<h1>LLM Trace Lens receiver ${escapeHtml(h.version)}</h1>
<p><a href="/ui">Open the trace UI</a> (the list of traces, each with its flame graph and LLM calls).</p>
<p><a href="/ui/cost">Token cost dashboard</a> · <a href="/ui/gpu">GPU panel</a></p>
<p>Stored: ${h.store.traces} traces, ${h.store.spans} spans, ${h.store.logs} log records in <code>${escapeHtml(h.dataDir)}</code>.</p>
<ul><li>OTLP/HTTP: <code>${escapeHtml(httpUrl)}</code> (<code>/v1/traces</code>, <code>/v1/logs</code>, <code>/v1/metrics</code>)</li>
<li>OTLP/gRPC: <code>${escapeHtml(grpcLine)}</code></li>
<li>Query API: <code>/api/health</code>, <code>/api/traces</code>, <code>/api/traces/&lt;id&gt;</code>, <code>/api/events</code></li></ul>
<pre>export OTEL_EXPORTER_OTLP_ENDPOINT=${escapeHtml(httpUrl)}
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</pre>
</body></html>`;
}
